package org.msrp4j.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile client running in the background while a test checks the honest ones: {@code threads}
 * virtual threads each repeat one step until {@link #close()}. A step that throws (the relay
 * closed its connection, refused it, answered other than expected) just counts as done: an
 * attacker carries on.
 */
final class Attack implements AutoCloseable {

    /** One round of the attack. */
    interface Step {
        void run() throws Exception;
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    private Attack() {
    }

    /** Starts {@code threads} threads repeating {@code step}. */
    static Attack start(int threads, Step step) {
        Attack a = new Attack();
        for (int i = 0; i < threads; i++) {
            a.threads.add(Thread.ofVirtual().name("attack-" + i).start(() -> {
                while (a.running.get()) {
                    try {
                        step.run();
                    } catch (Exception | AssertionError e) {
                        a.failures.incrementAndGet();
                    }
                    a.rounds.incrementAndGet();
                }
            }));
        }
        return a;
    }

    /** Rounds done so far, by all threads. */
    long rounds() {
        return rounds.get();
    }

    /** Rounds that ended in an exception. */
    long failures() {
        return failures.get();
    }

    /** Whether the attack is still running (steps check it to stop early). */
    boolean running() {
        return running.get();
    }

    /** Stops the threads and waits for them (a step blocked on a socket ends with its timeout). */
    @Override
    public void close() {
        running.set(false);
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
