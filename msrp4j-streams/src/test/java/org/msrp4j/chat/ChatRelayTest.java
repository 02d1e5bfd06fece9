package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.connect.RelayAuthenticationException;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.stream.TestRelays;

/** Two chat streams through msrp4j's own relay (embedded, TLS on loopback, accounts alice and bob). */
class ChatRelayTest {

    private MsrpRelay relay;

    @BeforeEach
    void startRelay() throws Exception {
        relay = TestRelays.embedded();
    }

    @AfterEach
    void stopRelay() {
        relay.close();
    }

    private ChatSettings via(String user) {
        return ChatSettings.builder().relay(TestRelays.via(relay, user, "secret").build()).build();
    }

    @Test
    void answererBehindTheRelayOfferedOverTls() throws Exception {
        try (ChatPair p = ChatPair.started(ChatSettings.builder().useTls(true).build(), via("bob"))) {
            MsrpMedia answer = p.bob.localMedia();
            assertThat(answer.path()).hasSize(2);
            assertThat(answer.path().get(0).port()).isEqualTo(relay.listenerUri(true).port());
            ChatScenario.exercise(p);
        }
    }

    @Test
    void refusedCredentialsFailInitializeWithDidFailThenDidEnd() throws Exception {
        ChatSettings wrong = ChatSettings.builder().relay(TestRelays.via(relay, "bob", "guess").build()).build();
        ChatEventQueue events = new ChatEventQueue();
        ChatStream bob = new ChatStream(ChatPair.BOB, ChatPair.ALICE, Role.ANSWERER, wrong, events);
        ChatStream alice = new ChatStream(ChatPair.ALICE, ChatPair.BOB, Role.OFFERER,
                ChatSettings.builder().useTls(true).build(), new ChatEventQueue());
        try {
            MsrpMedia offer = alice.initialize();

            assertThatThrownBy(() -> bob.initialize(offer)).isInstanceOf(RelayAuthenticationException.class);

            assertThat(ChatPair.next(events, ChatEvent.DidFail.class).reason())
                    .isInstanceOf(RelayAuthenticationException.class);
            ChatPair.next(events, ChatEvent.DidEnd.class);
            assertThat(bob.ended()).isCompleted();
        } finally {
            alice.close();
        }
    }

    @Test
    void bothBehindTheRelay() throws Exception {
        try (ChatPair p = ChatPair.started(via("alice"), via("bob"))) {
            assertThat(p.alice.localMedia().path()).hasSize(2);
            ChatScenario.exercise(p);
        }
    }

    @Test
    void privateMessagesAndNicknameThroughTheRelay() throws Exception {
        try (ChatPair p = ChatPair.started(via("alice"), ChatScenario.inRoom(via("bob")))) {
            ChatScenario.privateMessages(p);
            ChatScenario.nickname(p);
        }
    }
}
