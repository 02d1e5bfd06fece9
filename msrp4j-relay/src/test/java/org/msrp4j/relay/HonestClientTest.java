package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The honest-user check itself, on a relay nobody attacks. */
class HonestClientTest {

    @Test
    void anUnattackedRelayServesEveryRoundOverTlsAndTcp() throws IOException {
        try (MsrpRelay relay = RelayTestKit.relay();
                HonestClient tls = HonestClient.start(relay);
                HonestClient tcp = HonestClient.start(relay, false, InetAddress.getByName("127.0.0.2"), "carol",
                        "alice")) {
            assertThat(tls.assertServed()).hasSize(HonestClient.ROUNDS);
            assertThat(tcp.rounds(3)).hasSize(3);
        }
    }
}
