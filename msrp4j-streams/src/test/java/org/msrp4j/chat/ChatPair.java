package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;

/**
 * Two chat streams, Alice offering and Bob answering, started against each other with their SDP
 * media descriptions passed as text (as SIP would carry them); each with a {@link ChatEventQueue}.
 */
final class ChatPair implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final CpimAddress ALICE = CpimAddress.of("Alice", "sip:alice@example.org");
    static final CpimAddress BOB = CpimAddress.of("Bob", "sip:bob@example.org");

    final ChatEventQueue aliceEvents = new ChatEventQueue();
    final ChatEventQueue bobEvents;
    final ChatStream alice;
    final ChatStream bob;

    private ChatPair(ChatSettings aliceSettings, ChatSettings bobSettings, ChatEventQueue bobEvents) {
        this.bobEvents = bobEvents;
        alice = new ChatStream(ALICE, BOB, Role.OFFERER, aliceSettings, aliceEvents);
        bob = new ChatStream(BOB, ALICE, Role.ANSWERER, bobSettings, bobEvents);
    }

    /** Initializes both, exchanges the descriptions and starts both; waits for both DidStart. */
    static ChatPair started(ChatSettings aliceSettings, ChatSettings bobSettings) throws Exception {
        return started(aliceSettings, bobSettings, new ChatEventQueue());
    }

    /** As {@link #started(ChatSettings, ChatSettings)}, Bob's events going to {@code bobEvents}. */
    static ChatPair started(ChatSettings aliceSettings, ChatSettings bobSettings, ChatEventQueue bobEvents)
            throws Exception {
        ChatPair pair = new ChatPair(aliceSettings, bobSettings, bobEvents);
        try {
            pair.start();
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** Both streams, not yet initialized; {@link #start()} does the rest. */
    static ChatPair unstarted(ChatSettings aliceSettings, ChatSettings bobSettings) {
        return new ChatPair(aliceSettings, bobSettings, new ChatEventQueue());
    }

    static ChatPair started() throws Exception {
        return started(ChatSettings.DEFAULT, ChatSettings.DEFAULT);
    }

    void start() throws Exception {
        MsrpMedia offer = MsrpMedia.parse(alice.initialize().encode());
        MsrpMedia answer = MsrpMedia.parse(bob.initialize(offer).encode());
        CompletableFuture<Void> bobStarted = CompletableFuture.runAsync(() -> {
            try {
                bob.start(offer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        alice.start(answer);
        bobStarted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        next(aliceEvents, ChatEvent.DidInitialize.class);
        next(aliceEvents, ChatEvent.DidStart.class);
        next(bobEvents, ChatEvent.DidInitialize.class);
        next(bobEvents, ChatEvent.DidStart.class);
    }

    /** The next event, which must be of {@code type}. */
    static <T extends ChatEvent> T next(ChatEventQueue events, Class<T> type) throws InterruptedException {
        ChatEvent e = events.poll(WAIT);
        if (e == null) {
            fail("no " + type.getSimpleName() + " within " + WAIT);
        }
        assertThat(e).isInstanceOf(type);
        return type.cast(e);
    }

    /** The next event of {@code type}, skipping events of other types (independent ones, such as reports). */
    static <T extends ChatEvent> T await(ChatEventQueue events, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ChatEvent e = events.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e == null) {
                fail("no " + type.getSimpleName() + " within " + WAIT);
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        CompletableFuture.allOf(alice.end(), bob.end()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
