package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.sdp.Setup;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.transport.MsrpTransport;

/**
 * {@link ChatStream#start(MsrpTransport, MsrpMedia, MsrpMedia)}: chat streams on connections the
 * application bound itself (as {@code msrp listen} accepts whichever peer binds first), with real
 * sockets on loopback.
 */
class ChatOnBoundTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CpimAddress ALICE = CpimAddress.of("Alice", "sip:alice@example.org");
    private static final CpimAddress BOB = CpimAddress.of("Bob", "sip:bob@example.org");

    private final ChatEventQueue aliceEvents = new ChatEventQueue();
    private final ChatEventQueue bobEvents = new ChatEventQueue();
    private ChatStream alice;
    private ChatStream bob;
    private BoundPair pair;

    @AfterEach
    void end() {
        for (ChatStream c : new ChatStream[] {alice, bob}) {
            if (c != null) {
                c.end().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            }
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void messagesBothWaysInCpimWithDeliveryOnABoundTransport() throws Exception {
        pair = BoundPair.direct();
        assertThat(pair.active().fullLocalPath()).hasSize(1);
        MsrpMedia offer = OfferAnswer.offer(pair.passive().fullLocalPath(), settings(Setup.ACTPASS));
        MsrpMedia answer = OfferAnswer.answer(offer, pair.active().fullLocalPath(), settings(Setup.ACTIVE));
        alice = new ChatStream(ALICE, BOB, Role.OFFERER, ChatSettings.DEFAULT, aliceEvents);
        bob = new ChatStream(BOB, ALICE, Role.ANSWERER, ChatSettings.DEFAULT, bobEvents);
        OutgoingChatMessage queued = alice.sendMessage("queued before the start");
        alice.start(pair.passive(), offer, answer);
        bob.start(pair.active(), answer, offer);
        assertThat(alice.isStarted()).isTrue();
        assertThat(alice.localMedia()).isEqualTo(offer);

        assertThat(queued.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);
        IncomingChatMessage got = nextMessage(bobEvents);
        assertThat(got.text()).isEqualTo("queued before the start");
        assertThat(got.cpim()).isPresent();
        assertThat(got.sender().uri()).isEqualTo(ALICE.uri());

        OutgoingChatMessage back = bob.sendMessage("and back");
        assertThat(back.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isTrue();
        assertThat(nextMessage(aliceEvents).text()).isEqualTo("and back");
    }

    @Test
    void descriptionsThatCannotGoTogetherCloseTheTransportAndFail() throws Exception {
        pair = BoundPair.direct();
        assertThat(pair.active().fullLocalPath()).hasSize(1);
        MsrpMedia offer = OfferAnswer.offer(pair.passive().fullLocalPath(), settings(Setup.ACTPASS));
        MsrpMedia imageOnly = OfferAnswer.offer(pair.active().fullLocalPath(), MediaSettings.builder()
                .acceptTypes(List.of("image/png")).setup(Setup.ACTIVE).build());
        alice = new ChatStream(ALICE, BOB, Role.OFFERER, ChatSettings.DEFAULT, aliceEvents);
        assertThatThrownBy(() -> alice.start(pair.passive(), offer, imageOnly)).isInstanceOf(ChatException.class)
                .hasCauseInstanceOf(SdpException.class);
        assertThat(pair.passive().closeFuture()).succeedsWithin(WAIT);
        assertThat(alice.ended()).succeedsWithin(WAIT);
        assertThatThrownBy(() -> alice.start(pair.active(), offer, offer)).isInstanceOf(ChatException.class)
                .hasMessageContaining("not allowed now");
        assertThat(pair.active().isClosed()).isFalse();
    }

    @Test
    void anInitializedStreamCannotStartOnATransport() throws Exception {
        pair = BoundPair.direct();
        assertThat(pair.active().fullLocalPath()).hasSize(1);
        MsrpMedia offer = OfferAnswer.offer(pair.passive().fullLocalPath(), settings(Setup.ACTPASS));
        alice = new ChatStream(ALICE, BOB, Role.OFFERER, ChatSettings.builder().localHost("127.0.0.1").build(),
                aliceEvents);
        alice.initialize();
        assertThatThrownBy(() -> alice.start(pair.passive(), offer, offer)).isInstanceOf(ChatException.class)
                .hasMessageContaining("not allowed now");
        assertThat(pair.passive().isClosed()).isFalse();
    }

    private static MediaSettings settings(Setup setup) {
        return MediaSettings.builder().acceptTypes(ChatSettings.DEFAULT.acceptTypes())
                .acceptWrappedTypes(ChatSettings.DEFAULT.acceptWrappedTypes()).setup(setup).build();
    }

    private static IncomingChatMessage nextMessage(ChatEventQueue events) throws InterruptedException {
        while (true) {
            ChatEvent e = events.poll(WAIT);
            assertThat(e).as("an event within " + WAIT).isNotNull();
            if (e instanceof ChatEvent.GotMessage got) {
                return got.message();
            }
        }
    }
}
