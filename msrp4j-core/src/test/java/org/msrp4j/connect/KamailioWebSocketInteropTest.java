package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.testing.Async.WAIT;
import static org.msrp4j.testing.Kamailio.WSS_PORT;
import static org.msrp4j.testing.Kamailio.WS_PORT;
import static org.msrp4j.testing.Kamailio.certificateFingerprint;
import static org.msrp4j.testing.LoopbackSockets.V4;
import static org.msrp4j.testing.SessionPair.file;
import static org.msrp4j.testing.SessionPair.message;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.testing.Kamailio;
import org.msrp4j.testing.SessionPair;

/**
 * Our WebSocket relay client (RFC 7977, the JDK's {@code java.net.http.WebSocket}) through Debian's
 * Kamailio ({@code interop/kamailio/start.sh}: ws on 127.0.0.1:2869, wss on 2870, from {@code
 * MSRP_WS_PORT}/{@code MSRP_WSS_PORT}; its certificate pinned from {@code $MSRP_RUN_DIR/relay-cert.pem})
 * to a peer on plain TCP running an {@link MsrpSession}: messages both ways with success reports, and a
 * multi-chunk file each way checked byte for byte. Skipped when the relay's WebSocket ports are closed,
 * failed instead under {@code MSRP4J_INTEROP=required}.
 */
class KamailioWebSocketInteropTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void relayIsUp() {
        Kamailio.requireListening("Kamailio's MSRP WebSocket listeners (interop/kamailio/start.sh, ports " + WS_PORT
                + "/" + WSS_PORT + ")", WS_PORT, WSS_PORT);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /** Kamailio's WebSocket relay for {@code user}: ws, or wss with its certificate pinned. */
    private static RelaySettings kamailio(String user, boolean tls) {
        MsrpUri relay = MsrpUri.parse((tls ? "msrps" : "msrp") + "://127.0.0.1:" + (tls ? WSS_PORT : WS_PORT) + ";ws");
        return WebSocketClients.settings(relay, user, Kamailio.PASSWORD, tls ? certificateFingerprint() : null);
    }

    private <C extends Connector> C track(C c) {
        closing.add(c::cleanup);
        return c;
    }

    @Test
    void aWsClientAndATcpPeerTalkBothWaysThroughKamailio() throws Exception {
        ConnectorRelay alice = track(new ConnectorRelay(kamailio("alice", false), ConnectFixtures.settings(WAIT)));
        AcceptorDirect peer = track(new AcceptorDirect(ConnectFixtures.settings(WAIT)));
        converse(alice, peer, null, local(V4, false));
    }

    @Test
    void aTcpCallerReachesAWssClientThroughKamailio() throws Exception {
        ConnectorDirect caller = track(new ConnectorDirect(ConnectFixtures.settings(WAIT)));
        AcceptorRelay bob = track(new AcceptorRelay(kamailio("bob", true), ConnectFixtures.settings(WAIT)));
        converse(caller, bob, local(V4, false), null);
    }

    @Test
    void theWebSocketClientsPathUsesAnInvalidHostAndTheWsTransport() throws Exception {
        ConnectorRelay alice = track(new ConnectorRelay(kamailio("alice", true), ConnectFixtures.settings(WAIT)));
        List<MsrpUri> path = alice.prepare(null);
        assertThat(path).hasSize(2);
        assertThat(path.get(0).host()).isEqualTo("127.0.0.1");
        assertThat(path.get(1).host()).endsWith(".invalid");
        assertThat(path.get(1).transport()).isEqualTo("ws");
    }

    /**
     * Binds {@code active} and {@code passive} through the relay, runs a session on each, and checks
     * messages both ways, a success report, and a multi-chunk file each way.
     */
    private void converse(Connector active, Connector passive, MsrpUri activeUri, MsrpUri passiveUri) throws Exception {
        SessionPair b = SessionPair.start(BoundPair.bind(active, activeUri, passive, passiveUri),
                KamailioInteropTest::optionsFor);
        closing.add(b);
        message(b.active(), b.passive(), "hello from the active side", "text/plain; charset=utf-8");
        message(b.passive(), b.active(), "hello from the passive side, \u00e9t\u00e9 \u2713",
                "text/plain; charset=utf-8");
        file(b.active(), b.passive(), 60_000, c -> { });
        file(b.passive(), b.active(), 45_000, c -> { });
    }
}
