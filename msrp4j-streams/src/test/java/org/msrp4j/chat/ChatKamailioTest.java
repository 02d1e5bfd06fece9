package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.chat.ChatPair.WAIT;
import static org.msrp4j.chat.ChatPair.next;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msrp4j.stream.TestRelays;
import org.msrp4j.testing.Interop;
import org.msrp4j.testing.Kamailio;

/**
 * Two chat streams through Debian's Kamailio msrp relay ({@code interop/kamailio}: TCP
 * 127.0.0.1:2865, TLS 2866, users alice and bob with password {@code secret}; ports from {@code
 * MSRP_TCP_PORT}/{@code MSRP_TLS_PORT}). Skipped when it is not running, unless {@code
 * MSRP4J_INTEROP=required}.
 */
class ChatKamailioTest {

    private static final int TCP_PORT = Kamailio.TCP_PORT;
    private static final int TLS_PORT = Kamailio.TLS_PORT;

    @BeforeAll
    static void relayIsUp() {
        Interop.requireListening("Kamailio MSRP relay (interop/kamailio/start.sh)", "127.0.0.1", TCP_PORT);
        Interop.requireListening("Kamailio MSRP relay over TLS", "127.0.0.1", TLS_PORT);
    }

    private static ChatSettings via(String user, boolean tls) {
        return ChatSettings.builder().relay(TestRelays.kamailio(user, tls ? TLS_PORT : TCP_PORT, tls).build())
                .build();
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

    @Test
    void privateMessagesThroughKamailio() throws Exception {
        try (ChatPair p = ChatPair.started(via("alice", true), ChatScenario.inRoom(via("bob", true)))) {
            ChatScenario.privateMessages(p);
        }
    }

    /**
     * Kamailio, as interop/kamailio/kamailio-msrp.cfg sets it up, relays only SEND and REPORT and
     * answers any other method 501 itself: a nickname (RFC 7701 NICKNAME) never reaches Bob. Alice
     * learns it at once as a 501, and the chat goes on.
     */
    @Test
    void nicknameThroughKamailioIsRefusedWith501AndTheChatGoesOn() throws Exception {
        try (ChatPair p = ChatPair.started(via("alice", false), ChatScenario.inRoom(via("bob", false)))) {
            DeliveryStatus status = p.alice.setNickname("Ali").get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(status.delivered()).isFalse();
            assertThat(status.code()).isEqualTo(501);
            OutgoingChatMessage after = p.alice.sendMessage("still here");
            assertThat(next(p.bobEvents, ChatEvent.GotMessage.class).message().text())
                    .as("Bob heard no nickname before the next message").isEqualTo("still here");
            assertThat(after.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);
        }
    }
}
