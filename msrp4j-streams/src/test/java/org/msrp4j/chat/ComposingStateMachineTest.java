package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 3994's state machines on a real timer: transitions are awaited, never timed against a margin. */
class ComposingStateMachineTest {

    private static final long WAIT = 10;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private ComposingSender sender(Duration idle, Duration refresh) {
        return new ComposingSender(timer, idle, refresh,
                (active, r) -> sent.add(active ? "active " + r.toMillis() : "idle"));
    }

    @Test
    void firstKeystrokeSendsActiveLaterOnesNothingUntilIdleTimeout() throws Exception {
        ComposingSender s = sender(Duration.ofSeconds(2), Duration.ofHours(1));

        s.typing();
        s.typing();
        s.typing();

        assertThat(sent.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("active 3600000");
        assertThat(sent.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("idle");
        assertThat(s.isActive()).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void activeIsRefreshedWhileTyping() throws Exception {
        ComposingSender s = sender(Duration.ofHours(1), Duration.ofMillis(100));

        s.typing();

        assertThat(sent.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("active 100");
        assertThat(sent.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("active 100");
        assertThat(sent.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("active 100");
        s.stop();
        assertThat(sent.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("idle");
    }

    @Test
    void sendingAMessageGoesIdleSilently() throws Exception {
        ComposingSender s = sender(Duration.ofHours(1), Duration.ofHours(1));
        s.typing();
        assertThat(sent.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("active 3600000");

        s.messageSent();
        s.stop();

        assertThat(s.isActive()).isFalse();
        assertThat(sent).isEmpty();
        s.typing();
        assertThat(sent.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("active 3600000");
    }

    @Test
    void remoteActiveLapsesAfterItsRefreshUnlessRefreshed() throws Exception {
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        ComposingReceiver r = new ComposingReceiver(timer, changes::add);

        r.indication(true, Duration.ofSeconds(2));
        assertThat(changes.poll(WAIT, TimeUnit.SECONDS)).isTrue();
        r.indication(true, Duration.ofHours(1));
        r.indication(true, Duration.ofMillis(200));
        assertThat(changes.poll(WAIT, TimeUnit.SECONDS)).isFalse();
        assertThat(r.isActive()).isFalse();
        assertThat(changes).isEmpty();
    }

    @Test
    void remoteIdleOrAMessageEndsActiveAtOnceAndRepeatsAreNotReported() throws Exception {
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        ComposingReceiver r = new ComposingReceiver(timer, changes::add);

        r.indication(true, null);
        r.indication(true, null);
        r.indication(false, null);
        r.indication(false, null);
        r.indication(true, Duration.ofHours(1));
        r.messageReceived();

        assertThat(changes).containsExactly(true, false, true, false);
    }
}
