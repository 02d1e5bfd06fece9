package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.stream.ConnectionSettings;
import org.msrp4j.stream.TestRelays;
import org.msrp4j.testing.Kamailio;

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

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theViewerBehindKamailio(boolean tls) throws Exception {
        int port = tls ? Kamailio.TLS_PORT : Kamailio.TCP_PORT;
        Kamailio.requireListening("the Kamailio MSRP relay on port " + port + " (interop/kamailio/start.sh)", port);
        ScreenSettings viaKamailio = ScreenSettings.builder().connection(ConnectionSettings.builder()
                .relay(TestRelays.kamailio("bob", port, tls).build()).build()).build();
        ScreenSettings direct = ScreenSettings.builder().connection(ConnectionSettings.builder().useTls(tls).build())
                .vncServer((InetSocketAddress) vnc.getLocalSocketAddress()).build();
        ScreenPair pair = new ScreenPair(RfbRole.SERVER, direct, viaKamailio);
        ScreenTraffic.exchange(pair, vnc, 1024 * 1024, 100_000);
        assertThat(pair.answer.path()).hasSize(2);
        assertThat(pair.answer.path().get(0).port()).isEqualTo(port);
    }
}
