package org.msrp4j.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Work on virtual threads and bounded waits for it: every wait a test does ends, by success or by failure. */
public final class Async {

    /** The longest a test waits by default for something that should happen. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private Async() {
    }

    /** Work that may throw. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @return its result
         * @throws Exception as the work fails
         */
        T run() throws Exception;
    }

    /** Runs {@code work} on a new virtual thread. */
    public static <T> CompletableFuture<T> async(Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().name("msrp4j-test-async").start(() -> {
            try {
                f.complete(work.run());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** The future's value within {@link #WAIT}; its failure is rethrown as it was thrown. */
    public static <T> T await(CompletableFuture<T> f) throws Exception {
        return await(f, WAIT);
    }

    /** The future's value within {@code limit}; its failure is rethrown as it was thrown. */
    public static <T> T await(CompletableFuture<T> f, Duration limit) throws Exception {
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Closes what a future may have produced, whenever and whatever became of it. */
    public static <T extends AutoCloseable> void closeWhenDone(CompletableFuture<T> f) {
        f.whenComplete((t, e) -> {
            if (t != null) {
                try {
                    t.close();
                } catch (Exception ignored) {
                    // a clean-up after a failure: the failure is what the test reports
                }
            }
        });
    }

    /**
     * Runs both closes at once and returns when both are done (at most {@link #WAIT} for the second):
     * closing one side of a TLS connection alone waits for the peer's close_notify.
     */
    public static void closeTogether(Runnable first, Runnable second) {
        Thread other = Thread.ofVirtual().start(second);
        first.run();
        try {
            other.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code limit} for {@code condition}, checking every 50 ms; returns its last value. */
    public static boolean eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }
}
