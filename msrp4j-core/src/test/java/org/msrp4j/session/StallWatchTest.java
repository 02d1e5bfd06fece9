package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stall watch: a watched write that finishes in time keeps what it holds; one that outlasts
 * the stall time has its stall action run once, on the scheduler's thread, and learns so when it
 * finishes; nothing runs while no write is watched, and the scheduler's thread ends when idle and
 * starts again when needed.
 */
@Timeout(30)
class StallWatchTest {

    private static final String NAME = "stall-watch-test";

    private static StallWatch quickWatch() {
        return new StallWatch(Duration.ofMillis(20), StallWatch.sharedScheduler(NAME));
    }

    private static boolean watchThreadRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(NAME));
    }

    @Test
    void aWriteThatFinishesInTimeNeverStalls() throws Exception {
        StallWatch watch = quickWatch();
        AtomicInteger stalls = new AtomicInteger();
        for (int i = 0; i < 1_000; i++) {
            StallWatch.Watched w = watch.watch(stalls::incrementAndGet);
            assertThat(w.finish()).isTrue();
        }
        Thread.sleep(100);
        assertThat(stalls).hasValue(0);
    }

    @Test
    void aStalledWriteHasItsActionRunOnceAndLearnsItWhenItFinishes() throws Exception {
        StallWatch watch = quickWatch();
        AtomicInteger stalls = new AtomicInteger();
        CountDownLatch stalled = new CountDownLatch(1);
        long start = System.nanoTime();
        StallWatch.Watched w = watch.watch(() -> {
            stalls.incrementAndGet();
            assertThat(Thread.currentThread().getName()).isEqualTo(NAME);
            stalled.countDown();
        });
        assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        Thread.sleep(60);
        assertThat(stalls).hasValue(1);
        assertThat(w.finish()).isFalse();
        assertThat(w.finish()).isFalse();
    }

    @Test
    void aFailingActionDoesNotStopTheWatch() throws Exception {
        StallWatch watch = quickWatch();
        watch.watch(() -> {
            throw new IllegalStateException("boom");
        });
        CountDownLatch second = new CountDownLatch(1);
        watch.watch(second::countDown);
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theThreadEndsWhenIdleAndComesBackForTheNextWatch() throws Exception {
        StallWatch watch = quickWatch();
        watch.watch(() -> { }).finish();
        SessionTestKit.await("the idle watch thread to end", Duration.ofSeconds(5), () -> !watchThreadRunning());
        CountDownLatch stalled = new CountDownLatch(1);
        watch.watch(stalled::countDown);
        assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
        SessionTestKit.await("the idle watch thread to end again", Duration.ofSeconds(5), () -> !watchThreadRunning());
    }

    @Test
    void nothingRunsWhileNoWriteIsWatched() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            StallWatch watch = new StallWatch(Duration.ofMillis(20), scheduler);
            for (int i = 0; i < 1_000; i++) {
                watch.watch(() -> { }).finish();
            }
            SessionTestKit.await("the armed deadlines to run", Duration.ofSeconds(5),
                    () -> scheduler.getQueue().isEmpty() && scheduler.getActiveCount() == 0);
            long ran = scheduler.getCompletedTaskCount();
            assertThat(ran).isPositive();
            Thread.sleep(200);
            assertThat(scheduler.getQueue()).isEmpty();
            assertThat(scheduler.getCompletedTaskCount()).isEqualTo(ran);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void watchesFromManyThreadsAtOnceAreEachSettledOnce() throws Exception {
        StallWatch watch = quickWatch();
        int threads = 8;
        int each = 500;
        AtomicInteger stalls = new AtomicInteger();
        AtomicInteger finishedLate = new AtomicInteger();
        Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int n = t;
            all[t] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    StallWatch.Watched w = watch.watch(stalls::incrementAndGet);
                    if (n == 0 && i % 100 == 0) {
                        try {
                            Thread.sleep(40);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (!w.finish()) {
                        finishedLate.incrementAndGet();
                    }
                }
            });
        }
        for (Thread t : all) {
            t.join();
        }
        Thread.sleep(60);
        assertThat(stalls.get()).isEqualTo(finishedLate.get()).isGreaterThanOrEqualTo(5);
    }
}
