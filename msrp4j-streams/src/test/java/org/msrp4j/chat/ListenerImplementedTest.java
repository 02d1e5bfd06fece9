package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stream posts a per-message call only to a listener that implements it. */
class ListenerImplementedTest {

    /** A listener class that implements one per-message call, for a subclass to inherit. */
    static class HearsMessages implements ChatListener {
        @Override
        public void gotMessage(IncomingChatMessage message) {
        }
    }

    @Test
    void aMethodLeftToItsDefaultIsNotImplementedAnOverriddenOrInheritedOneIs() {
        ChatListener none = new ChatListener() { };
        ChatListener inherited = new HearsMessages() { };

        assertThat(ChatStream.implemented(none, "gotMessage", IncomingChatMessage.class)).isFalse();
        assertThat(ChatStream.implemented(none, "didDeliverMessage", OutgoingChatMessage.class)).isFalse();
        assertThat(ChatStream.implemented(new HearsMessages(), "gotMessage", IncomingChatMessage.class)).isTrue();
        assertThat(ChatStream.implemented(inherited, "gotMessage", IncomingChatMessage.class)).isTrue();
        assertThat(ChatStream.implemented(inherited, "didNotDeliverMessage", OutgoingChatMessage.class, int.class,
                String.class)).isFalse();
        assertThat(ChatStream.implemented(new ChatEventQueue(), "didDeliverMessage", OutgoingChatMessage.class))
                .isTrue();
    }
}
