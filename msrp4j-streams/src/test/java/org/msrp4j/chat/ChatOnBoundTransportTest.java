package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.sdp.Setup;
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
    private MsrpTransport[] pair;

    @AfterEach
    void end() {
        for (ChatStream c : new ChatStream[] {alice, bob}) {
            if (c != null) {
                c.end().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            }
        }
        if (pair != null) {
            for (MsrpTransport t : pair) {
                t.close();
            }
        }
    }

    @Test
    void messagesBothWaysInCpimWithDeliveryOnABoundTransport() throws Exception {
        pair = boundPair();
        MsrpMedia offer = OfferAnswer.offer(pair[0].fullLocalPath(), settings(Setup.ACTPASS));
        MsrpMedia answer = OfferAnswer.answer(offer, pair[1].fullLocalPath(), settings(Setup.ACTIVE));
        alice = new ChatStream(ALICE, BOB, Role.OFFERER, ChatSettings.DEFAULT, aliceEvents);
        bob = new ChatStream(BOB, ALICE, Role.ANSWERER, ChatSettings.DEFAULT, bobEvents);
        OutgoingChatMessage queued = alice.sendMessage("queued before the start");
        alice.start(pair[0], offer, answer);
        bob.start(pair[1], answer, offer);
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
        pair = boundPair();
        MsrpMedia offer = OfferAnswer.offer(pair[0].fullLocalPath(), settings(Setup.ACTPASS));
        MsrpMedia imageOnly = OfferAnswer.offer(pair[1].fullLocalPath(), MediaSettings.builder()
                .acceptTypes(List.of("image/png")).setup(Setup.ACTIVE).build());
        alice = new ChatStream(ALICE, BOB, Role.OFFERER, ChatSettings.DEFAULT, aliceEvents);
        assertThatThrownBy(() -> alice.start(pair[0], offer, imageOnly)).isInstanceOf(ChatException.class)
                .hasCauseInstanceOf(SdpException.class);
        assertThat(pair[0].closeFuture()).succeedsWithin(WAIT);
        assertThat(alice.ended()).succeedsWithin(WAIT);
        assertThatThrownBy(() -> alice.start(pair[1], offer, offer)).isInstanceOf(ChatException.class)
                .hasMessageContaining("not allowed now");
        assertThat(pair[1].isClosed()).isFalse();
    }

    @Test
    void anInitializedStreamCannotStartOnATransport() throws Exception {
        pair = boundPair();
        MsrpMedia offer = OfferAnswer.offer(pair[0].fullLocalPath(), settings(Setup.ACTPASS));
        alice = new ChatStream(ALICE, BOB, Role.OFFERER, ChatSettings.builder().localHost("127.0.0.1").build(),
                aliceEvents);
        alice.initialize();
        assertThatThrownBy(() -> alice.start(pair[0], offer, offer)).isInstanceOf(ChatException.class)
                .hasMessageContaining("not allowed now");
        assertThat(pair[0].isClosed()).isFalse();
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

    /** A bound connection on loopback TCP: the acceptor's transport first, then the connector's. */
    private static MsrpTransport[] boundPair() throws Exception {
        MsrpUri local = MsrpUri.builder().host("127.0.0.1").port(0).build();
        AcceptorDirect acceptor = new AcceptorDirect(ConnectSettings.DEFAULT);
        ConnectorDirect connector = new ConnectorDirect(ConnectSettings.DEFAULT);
        try {
            List<MsrpUri> acceptorPath = acceptor.prepare(local);
            List<MsrpUri> connectorPath = connector.prepare(local);
            CompletableFuture<MsrpTransport> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.complete(acceptor.completeWithFirstPeer());
                } catch (Exception e) {
                    accepted.completeExceptionally(e);
                }
            });
            MsrpTransport connected = connector.complete(acceptorPath);
            assertThat(connectorPath).hasSize(1);
            return new MsrpTransport[] {accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS), connected};
        } finally {
            acceptor.cleanup();
            connector.cleanup();
        }
    }
}
