package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msrp4j.connect.RelaySettings;

/**
 * Two chat streams through Debian's Kamailio msrp relay ({@code interop/kamailio}: TCP
 * 127.0.0.1:2865, TLS 2866, users alice and bob with password {@code secret}; ports from {@code
 * MSRP_TCP_PORT}/{@code MSRP_TLS_PORT}). Skipped when it is not running, unless {@code
 * MSRP4J_INTEROP=required}.
 */
class ChatKamailioTest {

    private static final int TCP_PORT = Interop.port("MSRP_TCP_PORT", 2865);
    private static final int TLS_PORT = Interop.port("MSRP_TLS_PORT", 2866);

    @BeforeAll
    static void relayIsUp() {
        Interop.requireListening("Kamailio MSRP relay (interop/kamailio/start.sh)", "127.0.0.1", TCP_PORT);
        Interop.requireListening("Kamailio MSRP relay over TLS", "127.0.0.1", TLS_PORT);
    }

    private static ChatSettings via(String user, boolean tls) {
        return ChatSettings.builder().relay(RelaySettings.builder("example.org", user, "secret").host("127.0.0.1")
                .port(tls ? TLS_PORT : TCP_PORT).useTls(tls).authTimeout(Duration.ofSeconds(10)).build()).build();
    }

    @Test
    void answererBehindKamailioOverTcp() throws Exception {
        try (ChatPair p = ChatPair.started(ChatSettings.DEFAULT, via("bob", false))) {
            assertThat(p.bob.localMedia().path().get(0).port()).isEqualTo(TCP_PORT);
            ChatScenario.exercise(p);
        }
    }

    @Test
    void bothBehindKamailioOverTls() throws Exception {
        try (ChatPair p = ChatPair.started(via("alice", true), via("bob", true))) {
            assertThat(p.bob.localMedia().path().get(0).useTls()).isTrue();
            ChatScenario.exercise(p);
        }
    }
}
