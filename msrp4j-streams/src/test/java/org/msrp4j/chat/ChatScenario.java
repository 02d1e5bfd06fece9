package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.chat.ChatPair.WAIT;
import static org.msrp4j.chat.ChatPair.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.msrp4j.chat.payload.DispositionNotification;
import org.msrp4j.chat.payload.ImdnNotification;
import org.msrp4j.cpim.CpimAddress;

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

    /** Bob's settings for {@link #privateMessages} and {@link #nickname}: he offers both chatroom features. */
    static ChatSettings inRoom(ChatSettings bob) {
        return bob.toBuilder().chatroom(Set.of(ChatStream.PRIVATE_MESSAGES, ChatStream.NICKNAME)).build();
    }

    /**
     * Private messages (RFC 7701 §8, {@code a=chatroom:private-messages}): Alice, to whom Bob offers
     * them, sends one to Carol in Bob's room, which Bob receives with Carol as its CPIM To and
     * confirms; Bob, to whom Alice offers nothing, is refused at once, and his message goes nowhere.
     */
    static void privateMessages(ChatPair p) throws Exception {
        CpimAddress carol = CpimAddress.of("sip:carol@example.org");
        OutgoingChatMessage psst = p.alice.sendMessage("psst, Carol", "text/plain", carol.uri(), null);
        IncomingChatMessage atBob = await(p.bobEvents, ChatEvent.GotMessage.class).message();
        assertThat(atBob.text()).isEqualTo("psst, Carol");
        assertThat(atBob.recipients()).containsExactly(carol);
        assertThat(atBob.sender()).isEqualTo(ChatPair.ALICE);
        assertThat(psst.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);

        assertThatThrownBy(() -> p.bob.sendMessage("psst, Dave", "text/plain", "sip:dave@example.org", null))
                .isInstanceOf(PrivateMessageException.class).hasMessageContaining("private-messages");
        OutgoingChatMessage open = p.bob.sendMessage("to everyone");
        assertThat(await(p.aliceEvents, ChatEvent.GotMessage.class).message().text())
                .as("the refused private message never went out").isEqualTo("to everyone");
        assertThat(open.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);
    }

    /**
     * Nickname (RFC 7701): Alice, to whom Bob offers it, sets hers, which Bob hears and confirms with
     * 200; Bob, to whom Alice does not offer it, is refused at once.
     */
    static void nickname(ChatPair p) throws Exception {
        assertThat(p.alice.setNickname("Ali \"the\" Great").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(await(p.bobEvents, ChatEvent.GotNickname.class).nickname()).isEqualTo("Ali \"the\" Great");
        assertThatThrownBy(() -> p.bob.setNickname("Bobby")).isInstanceOf(ChatException.class)
                .hasMessageContaining("nickname");
    }
}
