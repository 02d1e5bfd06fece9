package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.stream.ConnectionSettings;

/**
 * Screen sharing with the viewer behind Debian's Kamailio msrp relay ({@code interop/kamailio}: TCP
 * 127.0.0.1:2865, TLS 2866, user bob with password {@code secret}; ports from {@code
 * MSRP_TCP_PORT}/{@code MSRP_TLS_PORT}). Skipped, with the reason, when it is not running, unless
 * {@code MSRP4J_INTEROP=required}.
 */
class ScreenKamailioTest {

    private ServerSocket vnc;

    @BeforeEach
    void start() throws IOException {
        vnc = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        vnc.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
    }

    @AfterEach
    void stop() throws IOException {
        vnc.close();
    }

    private static int port(String env, int fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    private static void requireListening(int port) {
        boolean up;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        if (!up && "required".equals(System.getenv("MSRP4J_INTEROP"))) {
            throw new AssertionError("the Kamailio MSRP relay on port " + port + " is not available, and"
                    + " MSRP4J_INTEROP=required");
        }
        assumeTrue(up, "the Kamailio MSRP relay on port " + port + " is not available (interop/kamailio/start.sh);"
                + " set MSRP4J_INTEROP=required to fail instead");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theViewerBehindKamailio(boolean tls) throws Exception {
        int port = tls ? port("MSRP_TLS_PORT", 2866) : port("MSRP_TCP_PORT", 2865);
        requireListening(port);
        ScreenSettings viaKamailio = ScreenSettings.builder().connection(ConnectionSettings.builder()
                .relay(RelaySettings.builder("example.org", "bob", "secret").host("127.0.0.1").port(port).useTls(tls)
                        .authTimeout(Duration.ofSeconds(10)).build()).build()).build();
        ScreenSettings direct = ScreenSettings.builder().connection(ConnectionSettings.builder().useTls(tls).build())
                .vncServer((InetSocketAddress) vnc.getLocalSocketAddress()).build();
        ScreenPair pair = new ScreenPair(RfbRole.SERVER, direct, viaKamailio);
        ScreenTraffic.exchange(pair, vnc, 1024 * 1024, 100_000);
        assertThat(pair.answer.path()).hasSize(2);
        assertThat(pair.answer.path().get(0).port()).isEqualTo(port);
    }
}
