package org.msrp4j.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;

/**
 * The shared life cycle on its own, two cores against each other on loopback: the order of the
 * listener calls and of the hooks, each end happening once, and a start that loses to an end.
 */
class StreamCoreTest {

    private static final long WAIT = 60;

    /**
     * A stream of the simplest kind: it records its listener calls (on the listener thread) and its
     * hooks and steps (on the callers' threads), each list in order.
     */
    private static final class Recorder implements StreamCore.Hooks {
        final List<String> listener = new CopyOnWriteArrayList<>();
        final List<String> hooks = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> didEnd = new CompletableFuture<>();
        final ReentrantLock lock = new ReentrantLock();
        final StreamCore core;

        Recorder(Role role) {
            core = new StreamCore(role, ConnectionSettings.DEFAULT, new EventDispatcher(16,
                    Thread.ofVirtual().factory(), "core-test " + role), lock, this);
        }

        MsrpMedia initialize(MsrpMedia offer) throws IOException {
            return core.initialize(offer, () -> MediaSettings.builder().acceptTypes(List.of("text/plain")).build(),
                    m -> listener.add("didInitialize"));
        }

        void start(MsrpMedia remote) throws IOException {
            core.start(remote, m -> hooks.add("check"), connected -> core.started(MsrpSession.start(
                    connected.transport(), SessionSettings.DEFAULT, chunk -> { }), () -> hooks.add("commit")));
        }

        boolean end() {
            return core.end(() -> listener.add("willEnd"), this::ended);
        }

        boolean fail(Exception e) {
            return core.fail(e, x -> listener.add("didFail " + x.getMessage()), this::ended);
        }

        private void ended() {
            listener.add("didEnd");
            didEnd.complete(null);
        }

        /** The listener calls, once {@code didEnd} has run (always the last). */
        List<String> listenerCalls() throws Exception {
            didEnd.get(WAIT, TimeUnit.SECONDS);
            return listener;
        }

        @Override
        public StreamException error(StreamException e) {
            return new StreamException("translated: " + e.getMessage(), e);
        }

        @Override
        public void failed(Exception error) {
            fail(error);
        }

        @Override
        public void stopping(Exception failure) {
            hooks.add("stopping " + (failure == null ? "normally" : failure.getMessage()));
        }

        @Override
        public void released() {
            hooks.add("released");
        }
    }

    @Test
    void aStartedPairEndsInOrderAndEachEndHappensOnce() throws Exception {
        Recorder offerer = new Recorder(Role.OFFERER);
        Recorder answerer = new Recorder(Role.ANSWERER);
        MsrpMedia offer = offerer.initialize(null);
        MsrpMedia answer = answerer.initialize(offer);
        CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
            try {
                answerer.start(offer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        offerer.start(answer);
        answered.get(WAIT, TimeUnit.SECONDS);
        assertThat(offerer.core.isStarted()).isTrue();
        MsrpSession session = offerer.core.session();

        assertThat(offerer.end()).isTrue();
        assertThat(offerer.end()).as("a second end").isFalse();
        assertThat(offerer.fail(new IOException("late"))).as("a failure after the end").isFalse();
        offerer.core.ended().get(WAIT, TimeUnit.SECONDS);
        answerer.end();
        answerer.core.ended().get(WAIT, TimeUnit.SECONDS);

        assertThat(session.transport().closeFuture()).isDone();
        assertThat(offerer.core.state()).isEqualTo(StreamState.ENDED);
        assertThat(offerer.listenerCalls()).containsExactly("didInitialize", "willEnd", "didEnd");
        assertThat(offerer.hooks).containsExactly("check", "commit", "stopping normally", "released");
    }

    @Test
    void aFailureEndsAtOnceWithItsErrorAndReleasesWhatInitializeTook() throws Exception {
        Recorder offerer = new Recorder(Role.OFFERER);
        offerer.initialize(null);
        assertThat(offerer.fail(new IOException("broken"))).isTrue();
        assertThat(offerer.end()).isFalse();
        offerer.core.ended().get(WAIT, TimeUnit.SECONDS);
        assertThat(offerer.listenerCalls()).containsExactly("didInitialize", "didFail broken", "didEnd");
        assertThat(offerer.hooks).containsExactly("stopping broken", "released");
    }

    @Test
    void stepsOutOfOrderThrowTheStreamsOwnErrorAndChangeNothing() throws Exception {
        Recorder offerer = new Recorder(Role.OFFERER);
        Recorder other = new Recorder(Role.OFFERER);
        MsrpMedia media = other.initialize(null);
        other.end();
        assertThatThrownBy(() -> offerer.start(media)).isInstanceOf(StreamException.class)
                .hasMessageStartingWith("translated: start() is not allowed now: the stream is NEW");
        assertThat(offerer.core.state()).isEqualTo(StreamState.NEW);
        offerer.initialize(null);
        assertThatThrownBy(() -> offerer.initialize(null))
                .hasMessage("translated: initialize() is not allowed now: the stream is INITIALIZED");
        assertThat(offerer.core.state()).isEqualTo(StreamState.INITIALIZED);
        offerer.end();
        offerer.core.ended().get(WAIT, TimeUnit.SECONDS);
    }

    @Test
    void aSessionThatStartsAfterTheEndIsClosedAndTheStartFails() throws Exception {
        Recorder offerer = new Recorder(Role.OFFERER);
        Recorder answerer = new Recorder(Role.ANSWERER);
        MsrpMedia offer = offerer.initialize(null);
        MsrpMedia answer = answerer.initialize(offer);
        CompletableFuture<MsrpSession> late = new CompletableFuture<>();
        CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
            try {
                answerer.core.start(offer, m -> { }, connected -> {
                    answerer.end();
                    MsrpSession s = MsrpSession.start(connected.transport(), SessionSettings.DEFAULT, chunk -> { });
                    late.complete(s);
                    answerer.core.started(s, () -> answerer.hooks.add("commit"));
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        offerer.start(answer);
        assertThat(answered).failsWithin(WAIT, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOf(StreamException.class)
                .withMessage("the stream ended while it was starting");
        assertThat(late.get(WAIT, TimeUnit.SECONDS).transport().closeFuture().get(WAIT, TimeUnit.SECONDS)).isNull();
        assertThat(answerer.hooks).doesNotContain("commit");
        assertThat(answerer.listenerCalls()).containsExactly("didInitialize", "willEnd", "didEnd");
        offerer.end();
        offerer.core.ended().get(WAIT, TimeUnit.SECONDS);
    }
}
