package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.relay.RelayConfig;
import org.msrp4j.relay.RelayUsers;
import org.msrp4j.stream.ConnectionSettings;

/**
 * Screen sharing over TLS: directly (TCP/TLS/MSRP, the listening side's certificate pinned by its
 * a=fingerprint) and with the viewer behind msrp4j's relay (embedded, TLS on loopback), whose chunk
 * limit cuts the reads; bytes arrive in order both ways.
 */
class ScreenRelayTest {

    private MsrpRelay relay;
    private ServerSocket vnc;

    @BeforeEach
    void start() throws Exception {
        relay = MsrpRelay.start(RelayConfig.builder().listener(RelayConfig.Listener.tls("127.0.0.1", 0))
                .host("127.0.0.1").realm("example.org")
                .users(RelayUsers.ofPasswords(Map.of("alice", "secret", "bob", "secret"))).build());
        vnc = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        vnc.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
    }

    @AfterEach
    void stop() throws Exception {
        vnc.close();
        relay.close();
    }

    private ScreenSettings via(String user) {
        MsrpUri listener = relay.listenerUri(true);
        return ScreenSettings.builder().connection(ConnectionSettings.builder().relay(RelaySettings.builder(
                "example.org", user, "secret").host(listener.host()).port(listener.port()).useTls(true)
                .authTimeout(Duration.ofSeconds(10)).build()).build()).build();
    }

    private static ScreenSettings directTls() {
        return ScreenSettings.builder().connection(ConnectionSettings.builder().useTls(true).build()).build();
    }

    @Test
    void directOverTls() throws Exception {
        ScreenPair pair = new ScreenPair(RfbRole.SERVER, directTls().toBuilder().vncServer(
                (InetSocketAddress) vnc.getLocalSocketAddress()).build(), directTls());
        ScreenTraffic.exchange(pair, vnc, 2L * 1024 * 1024, 200_000);
        assertThat(pair.offer.encode()).contains(" TCP/TLS/MSRP *\r\n");
        assertThat(pair.answer.encode()).as("the listening side's certificate").contains("a=fingerprint:");
    }

    @Test
    void theViewerBehindTheRelay() throws Exception {
        ScreenPair pair = new ScreenPair(RfbRole.VIEWER, directTls().toBuilder().vncServer(
                (InetSocketAddress) vnc.getLocalSocketAddress()).build(), via("bob"));
        ScreenTraffic.exchange(pair, vnc, 2L * 1024 * 1024, 200_000);
        assertThat(pair.offer.path()).as("the viewer's path goes through the relay").hasSize(2);
    }
}
