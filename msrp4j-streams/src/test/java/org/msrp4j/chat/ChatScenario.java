package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.chat.ChatPair.WAIT;
import static org.msrp4j.chat.ChatPair.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.msrp4j.chat.payload.DispositionNotification;
import org.msrp4j.chat.payload.ImdnNotification;

/** What every path between two chat streams must carry: the same checks, direct or through relays. */
final class ChatScenario {

    private ChatScenario() {
    }

    /**
     * Messages both ways (CPIM-wrapped by default), a long message in chunks, typing both ways and
     * delivery and display notifications, each confirmed by the other side.
     */
    static void exercise(ChatPair p) throws Exception {
        OutgoingChatMessage hi = p.alice.sendMessage("Hi Bob, through the relay");
        assertThat(await(p.bobEvents, ChatEvent.GotMessage.class).message().text())
                .isEqualTo("Hi Bob, through the relay");
        assertThat(hi.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);

        OutgoingChatMessage back = p.bob.sendMessage("Hi Alice");
        assertThat(await(p.aliceEvents, ChatEvent.GotMessage.class).message().text()).isEqualTo("Hi Alice");
        assertThat(back.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);

        String longText = "The quick brown fox jumps over the lazy dog. ".repeat(2000);
        OutgoingChatMessage big = p.bob.sendMessage(longText);
        IncomingChatMessage bigAtAlice = await(p.aliceEvents, ChatEvent.GotMessage.class).message();
        assertThat(bigAtAlice.text()).isEqualTo(longText);
        assertThat(bigAtAlice.chunk().byteRange().start()).as("it came in several chunks").isGreaterThan(1);
        assertThat(big.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);

        p.alice.setComposing(true);
        assertThat(await(p.bobEvents, ChatEvent.ComposingChanged.class).composing()).isTrue();
        p.alice.setComposing(false);
        assertThat(await(p.bobEvents, ChatEvent.ComposingChanged.class).composing()).isFalse();
        p.bob.setComposing(true);
        assertThat(await(p.aliceEvents, ChatEvent.ComposingChanged.class).composing()).isTrue();

        OutgoingChatMessage asked = p.bob.message("tell me".getBytes(StandardCharsets.UTF_8), "text/plain")
                .requestNotifications(DispositionNotification.POSITIVE_DELIVERY, DispositionNotification.DISPLAY)
                .send();
        assertThat(await(p.aliceEvents, ChatEvent.ComposingChanged.class).composing()).isFalse();
        IncomingChatMessage atAlice = await(p.aliceEvents, ChatEvent.GotMessage.class).message();
        p.alice.sendDisplayNotification(atAlice);
        var first = await(p.bobEvents, ChatEvent.GotNotification.class).notification();
        var second = await(p.bobEvents, ChatEvent.GotNotification.class).notification();
        assertThat(first.messageId()).isEqualTo(asked.messageId());
        assertThat(second.messageId()).isEqualTo(asked.messageId());
        assertThat(List.of(first.kind(), second.kind()))
                .containsExactlyInAnyOrder(ImdnNotification.DELIVERY, ImdnNotification.DISPLAY);
    }
}
