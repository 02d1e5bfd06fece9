package org.msrp4j.stream;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.transport.MsrpTransport;

/**
 * The life cycle every stream (chat, file transfer, screen sharing) shares, composed into each:
 * {@link #initialize} prepares the connection and the local media description, {@link #start}
 * negotiates with the peer's, connects and lets the stream start its session ({@link #started}),
 * and {@link #end} or {@link #fail} end it, after which {@link #finish} releases what is left. The
 * stream's listener calls go through its {@link EventDispatcher} in the life cycle's order
 * ({@code didInitialize}, {@code didStart}, {@code willEnd} or {@code didFail}, {@code didEnd}
 * last); what only one kind of stream does it adds through its {@link Hooks}.
 *
 * <p>The life-cycle state is guarded by the stream's own lock (given to the constructor), so that a
 * stream can check it together with its own fields. Thread-safe; {@link #initialize} and {@link
 * #start} block (use a virtual thread).
 */
public final class StreamCore {

    /** What a stream adds to the shared life cycle. */
    public interface Hooks {

        /**
         * The stream's own error for a shared step's {@code e} (a chat's is a ChatException); {@code e} by default.
         *
         * @param e the shared step's error
         * @return the exception to throw to the application
         */
        default StreamException error(StreamException e) {
            return e;
        }

        /**
         * A step of {@link StreamCore#initialize} or {@link StreamCore#start} failed: the stream fails with it.
         *
         * @param error the step's error
         */
        void failed(Exception error);

        /**
         * The stream is ending: stops what the stream itself runs, before its session is closed.
         *
         * @param failure what failed it, or null when it ends normally
         */
        default void stopping(Exception failure) {
        }

        /** The stream has ended: releases what the stream itself holds, before {@code didEnd} is posted. */
        default void released() {
        }
    }

    /** A stream's own work before its connection is prepared: it gives the media settings to offer or answer with. */
    @FunctionalInterface
    public interface MediaStep {
        /**
         * Does the stream's own work before its connection is prepared.
         *
         * @return the media settings the local description is built with
         * @throws IOException if it cannot; the stream fails
         */
        MediaSettings prepare() throws IOException;
    }

    /** A check of the peer's media description before the connection is completed. */
    @FunctionalInterface
    public interface PeerCheck {
        /**
         * Checks the peer's media description before the connection is completed.
         *
         * @param remoteMedia the answer (offerer) or the offer (answerer)
         * @throws IOException if the description does not suit the stream; the stream fails
         */
        void check(MsrpMedia remoteMedia) throws IOException;
    }

    /** A stream's own start on the completed connection: starts its session and calls {@link #started}. */
    @FunctionalInterface
    public interface StartStep {
        /**
         * Starts the stream's session on the completed connection and calls {@link StreamCore#started}.
         *
         * @param connected the bound transport and the negotiation
         * @throws IOException if it cannot; the stream fails
         */
        void start(StreamConnection.Connected connected) throws IOException;
    }

    private final ReentrantLock lock;
    private final StreamLifecycle lifecycle;
    private final StreamConnection connection;
    private final EventDispatcher events;
    private final Hooks hooks;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private MsrpSession session;

    /**
     * The shared part of a stream.
     *
     * @param role offerer or answerer
     * @param settings how to reach the peer
     * @param events the thread the stream's listener calls run on
     * @param lock the stream's lock, which guards the life-cycle state too
     * @param hooks what the stream adds
     */
    public StreamCore(Role role, ConnectionSettings settings, EventDispatcher events, ReentrantLock lock,
            Hooks hooks) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.lifecycle = new StreamLifecycle(lock);
        this.connection = new StreamConnection(role, settings);
        this.events = Objects.requireNonNull(events, "events");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    /**
     * Offerer or answerer.
     *
     * @return the role given when the stream was made
     */
    public Role role() {
        return connection.role();
    }

    /**
     * The local media description {@link #initialize} built, or null before.
     *
     * @return the description, or null
     */
    public MsrpMedia localMedia() {
        return connection.localMedia();
    }

    /**
     * Where the stream is in its life cycle.
     *
     * @return the current state
     */
    public StreamState state() {
        return lifecycle.state();
    }

    /**
     * Whether the stream has started and not ended.
     *
     * @return true in {@code STARTED}
     */
    public boolean isStarted() {
        return lifecycle.is(StreamState.STARTED);
    }

    /**
     * Whether the stream is ending or has ended.
     *
     * @return true in {@code ENDING} or {@code ENDED}
     */
    public boolean isEnding() {
        return lifecycle.isEnding();
    }

    /**
     * The stream's listener thread.
     *
     * @return the dispatcher that runs the listener's calls in order
     */
    public EventDispatcher events() {
        return events;
    }

    /**
     * The session {@link #started} or {@link #attach} gave, or null.
     *
     * @return the session, or null
     */
    public MsrpSession session() {
        lock.lock();
        try {
            return session;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completes when the stream has ended: {@code didEnd} is posted.
     *
     * @return a future that completes normally, never exceptionally
     */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Moves from {@code from} to {@code to} for the application's call {@code what}.
     *
     * @param from the state the call needs
     * @param to the state it moves to
     * @param what the call's name, for the error message
     * @throws StreamException (the stream's, see {@link Hooks#error}) if the stream is not in {@code from}
     */
    public void begin(StreamState from, StreamState to, String what) throws StreamException {
        try {
            lifecycle.begin(from, to, what);
        } catch (StreamException e) {
            throw hooks.error(e);
        }
    }

    /**
     * Initializes: moves to {@code INITIALIZING}, runs the stream's {@code step}, prepares the
     * connection with the media settings it gives (the offer when {@code offer} is null, else the
     * answer to it), moves to {@code INITIALIZED} and posts {@code didInitialize}. On failure the
     * stream fails ({@link Hooks#failed}) and the error is thrown.
     *
     * @param offer the peer's offer, or null to make one
     * @param step the stream's own preparation, giving the media settings
     * @param didInitialize posts the listener's {@code didInitialize} with the local description
     * @return the local media description
     * @throws IOException if a step fails; the stream has failed then
     */
    public MsrpMedia initialize(MsrpMedia offer, MediaStep step, Consumer<MsrpMedia> didInitialize)
            throws IOException {
        return initialize(null, offer, step, didInitialize);
    }

    /**
     * {@link #initialize(MsrpMedia, MediaStep, Consumer)} on a connection the application made and
     * bound itself ({@link StreamConnection#prepareBound}): the local media description carries its
     * path, and {@link #start} negotiates and uses it as it is. The stream owns {@code transport}
     * from then on; it is closed when the stream fails or ends, on failure here too.
     *
     * @param transport the bound transport, or null to prepare a connection of the stream's own
     * @param offer the peer's offer, or null when this side offers
     * @param step the stream's own work, which gives the media settings
     * @param didInitialize the listener's call, posted with the description
     * @return the local media description
     * @throws IOException if a step fails; the stream has failed then and {@code transport} is closed
     */
    public MsrpMedia initialize(MsrpTransport transport, MsrpMedia offer, MediaStep step,
            Consumer<MsrpMedia> didInitialize) throws IOException {
        begin(StreamState.NEW, StreamState.INITIALIZING, "initialize()");
        try {
            MsrpMedia built;
            try {
                MediaSettings media;
                try {
                    media = step.prepare();
                } catch (IOException | RuntimeException e) {
                    if (transport != null) {
                        transport.close();
                    }
                    throw e;
                }
                built = transport == null ? connection.prepare(offer, media)
                        : prepareBound(transport, offer, media);
                lifecycle.complete(StreamState.INITIALIZING, StreamState.INITIALIZED, () -> { });
            } catch (StreamException e) {
                throw hooks.error(e);
            }
            events.post(() -> didInitialize.accept(built));
            return built;
        } catch (IOException | RuntimeException e) {
            hooks.failed(e);
            throw e;
        }
    }

    private MsrpMedia prepareBound(MsrpTransport transport, MsrpMedia offer, MediaSettings media)
            throws StreamException {
        try {
            return connection.prepareBound(transport, offer, media);
        } catch (StreamException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * Starts: moves to {@code STARTING}, runs {@code check} on the peer's media description,
     * negotiates and completes the connection, and hands it to the stream's {@code step}, which
     * starts its session and calls {@link #started}. On failure the stream fails ({@link
     * Hooks#failed}) and the error is thrown.
     *
     * @param remoteMedia the answer (offerer) or the offer (answerer)
     * @param check the stream's checks of that description
     * @param step the stream's own start on the connected transport
     * @throws IOException if a step fails; the stream has failed then
     */
    public void start(MsrpMedia remoteMedia, PeerCheck check, StartStep step) throws IOException {
        Objects.requireNonNull(remoteMedia, "remoteMedia");
        begin(StreamState.INITIALIZED, StreamState.STARTING, "start()");
        try {
            check.check(remoteMedia);
            StreamConnection.Connected connected;
            try {
                connected = connection.connect(remoteMedia);
            } catch (StreamException e) {
                throw hooks.error(e);
            }
            step.start(connected);
        } catch (IOException | RuntimeException e) {
            hooks.failed(e);
            throw e;
        }
    }

    /**
     * The stream's session runs: moves from {@code STARTING} to {@code STARTED} and runs {@code
     * commit} under the lock, so that what the start made is published with the state.
     *
     * @param s the session, or null when the stream {@linkplain #attach attaches} it later
     * @param commit runs under the lock with the state change
     * @throws StreamException if the stream was ended meanwhile; {@code s} is closed then
     */
    public void started(MsrpSession s, Runnable commit) throws StreamException {
        try {
            lifecycle.complete(StreamState.STARTING, StreamState.STARTED, () -> {
                session = s;
                commit.run();
            });
        } catch (StreamException e) {
            if (s != null) {
                s.shutdown(false);
                s.transport().close();
            }
            throw hooks.error(e);
        }
    }

    /**
     * The session of a stream {@linkplain #started started} without one; closed at once if the stream is ending.
     *
     * @param s the session the stream now runs
     */
    public void attach(MsrpSession s) {
        lock.lock();
        try {
            session = s;
        } finally {
            lock.unlock();
        }
        if (lifecycle.isEnding()) {
            s.close();
        }
    }

    /**
     * Ends the stream, unless it is ending already: moves to {@code ENDING}, posts {@code willEnd},
     * stops the stream's work ({@link Hooks#stopping}), shuts the session down (it sends what it has
     * queued and closes once answered, at the latest after its shutdown timeout) or releases what
     * {@link #initialize} took, and then {@linkplain #finish finishes}. Returns at once.
     *
     * @param willEnd posts the listener's {@code willEnd}
     * @param didEnd posts the listener's {@code didEnd}
     * @return whether this call began the end
     */
    public boolean end(Runnable willEnd, Runnable didEnd) {
        if (!startEnding(willEnd)) {
            return false;
        }
        hooks.stopping(null);
        MsrpSession s = session();
        if (s != null) {
            s.shutdown(false);
            s.transport().closeFuture().whenComplete((v, e) -> finish(didEnd));
        } else {
            connection.cleanup();
            finish(didEnd);
        }
        return true;
    }

    /**
     * Moves to {@code ENDING} and posts {@code willEnd}, unless the stream is ending already; for a
     * stream that ends its own way, then {@linkplain #finish finishes}.
     *
     * @param willEnd posts the listener's {@code willEnd}
     * @return whether this call began the end
     */
    public boolean startEnding(Runnable willEnd) {
        if (!lifecycle.startEnding()) {
            return false;
        }
        events.post(willEnd);
        return true;
    }

    /**
     * Fails the stream, unless it is ending already: moves to {@code ENDING}, posts {@code didFail},
     * stops the stream's work ({@link Hooks#stopping}), closes the connection at once, releases
     * what {@link #initialize} took, and {@linkplain #finish finishes}.
     *
     * @param error the error the stream fails with
     * @param didFail posts the listener's {@code didFail}
     * @param didEnd posts the listener's {@code didEnd}
     * @return whether this call failed the stream
     */
    public boolean fail(Exception error, Consumer<Exception> didFail, Runnable didEnd) {
        if (!lifecycle.startEnding()) {
            return false;
        }
        events.post(() -> didFail.accept(error));
        hooks.stopping(error);
        MsrpSession s = session();
        if (s != null) {
            s.transport().close();
            s.shutdown(false);
        }
        connection.cleanup();
        finish(didEnd);
        return true;
    }

    /**
     * The stream has ended, unless it had already: moves to {@code ENDED}, releases what the stream
     * holds ({@link Hooks#released}), posts {@code didEnd}, lets the listener thread end once its
     * calls have run, and completes {@link #ended()}.
     *
     * @param didEnd posts the listener's {@code didEnd}
     */
    public void finish(Runnable didEnd) {
        if (!lifecycle.finish()) {
            return;
        }
        hooks.released();
        events.post(didEnd);
        events.finish();
        ended.complete(null);
    }

    @Override
    public String toString() {
        return lifecycle.toString();
    }
}
