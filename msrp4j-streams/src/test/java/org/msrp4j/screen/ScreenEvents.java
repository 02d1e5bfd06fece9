package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.msrp4j.sdp.MsrpMedia;

/** Records what a {@link ScreenListener} hears, for a test to take in order. */
final class ScreenEvents implements ScreenListener {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** One listener call. */
    sealed interface Event {
    }

    record Initialized(MsrpMedia media) implements Event {
    }

    record Started() implements Event {
    }

    record Connected(InetSocketAddress peer) implements Event {
    }

    record WillEnd() implements Event {
    }

    record Ended(EndReason reason) implements Event {
    }

    record Failed(Exception reason) implements Event {
    }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    @Override
    public void didInitialize(MsrpMedia localMedia) {
        queue.add(new Initialized(localMedia));
    }

    @Override
    public void didStart() {
        queue.add(new Started());
    }

    @Override
    public void didConnect(InetSocketAddress peer) {
        queue.add(new Connected(peer));
    }

    @Override
    public void willEnd() {
        queue.add(new WillEnd());
    }

    @Override
    public void didEnd(EndReason reason) {
        queue.add(new Ended(reason));
    }

    @Override
    public void didFail(Exception reason) {
        queue.add(new Failed(reason));
    }

    /** The next event, which must be of {@code type}. */
    <T extends Event> T next(Class<T> type) throws InterruptedException {
        Event e = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            fail("no " + type.getSimpleName() + " within " + WAIT);
        }
        assertThat(e).isInstanceOf(type);
        return type.cast(e);
    }

    /** Skips events until the end, and returns its reason. */
    EndReason awaitEnd() throws InterruptedException {
        while (true) {
            Event e = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                fail("the stream did not end within " + WAIT);
            }
            if (e instanceof Ended end) {
                return end.reason();
            }
        }
    }

    /** Skips events until a failure, and returns its reason. */
    Exception awaitFailure() throws InterruptedException {
        while (true) {
            Event e = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                fail("the stream did not fail within " + WAIT);
            }
            if (e instanceof Failed f) {
                return f.reason();
            }
            assertThat(e).as("no end before the failure").isNotInstanceOf(Ended.class);
        }
    }
}
