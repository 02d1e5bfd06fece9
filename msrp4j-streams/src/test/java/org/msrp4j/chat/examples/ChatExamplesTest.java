package org.msrp4j.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the examples against each other on loopback, as the README shows them. */
class ChatExamplesTest {

    @Test
    void aliceAndBobChat() throws Exception {
        Sip sip = new Sip();
        CompletableFuture<Integer> bob = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                bob.complete(BobAnswers.run(sip));
            } catch (Exception e) {
                bob.completeExceptionally(e);
            }
        });

        String reply = AliceChats.run(sip);

        assertThat(reply).isEqualTo("Hi Alice, nice to hear from you");
        assertThat(bob.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }
}
