package org.msrp4j.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.EventDispatcher;
import org.msrp4j.stream.StreamCore;
import org.msrp4j.stream.StreamException;
import org.msrp4j.stream.StreamState;
import org.msrp4j.transport.MsrpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 5547 file transfer over one MSRP session (the seed's sipsimple {@code MSRPFileTransfer}),
 * with the chat stream's life cycle: {@code initialize} yields the local media description, {@link
 * #start(MsrpMedia)} takes the peer's and moves the file, {@link #end()} ends; the {@link
 * FileTransferListener} hears of each step and of the transfer's progress and outcome, and {@link
 * #result()} completes with it.
 *
 * <p>Made by {@link #push} (the offerer sends: {@code sendonly} with the file's selector), {@link
 * #pull} (the offerer asks for a file by name or hash: {@code recvonly}), or {@link #answerer} (what
 * the offer's direction asks). The sender's selector carries name, type, size and {@code
 * hash:sha-1} (computed before offering, since the offer carries it) in sipsimple's form, with
 * {@code a=file-transfer-id}, {@code a=file-disposition}, {@code a=file-date} (modification),
 * {@code a=file-icon} when given, and {@code a=file-range}; an msrp4j sender adds the file's
 * SHA-256 as {@value #SHA_256_ATTRIBUTE}, which other stacks ignore and an msrp4j receiver checks.
 *
 * <p>The receiver writes to a hidden partial file in the download directory, hashing as the bytes
 * arrive, and moves it under the file's name (never over an existing file) only when every byte is
 * there and both hashes match; a mismatch deletes it and fails the transfer. An interrupted transfer
 * leaves the partial file, named by the SHA-1, and a later transfer of the same file resumes from
 * the bytes it holds: a receiving answerer says so with the answer's {@code a=file-range}, a pulling
 * offerer with the offer's; a sender starts where the peer's range starts or, when the peer shows
 * sipsimple's {@code a=x-file-offset}, where the {@code Offset} of its answer to {@code FILE_OFFSET}
 * says (0 on an error answer); a receiving answerer shows {@code a=x-file-offset} and answers {@code
 * FILE_OFFSET} with the bytes it holds, so that sipsimple resumes too.
 *
 * <p>An msrp4j receiver checks the hashes before it answers the file's last chunk (400 {@code
 * mismatch sha-256=HEX} when they differ) and echoes {@value #SHA_256_ATTRIBUTE} in its answer; a
 * sender that sees it asks for success REPORTs, counts progress by them (through a relay a 200 only
 * says the relay has the bytes) and completes only when they confirm every byte, so that its
 * success means the receiver verified the file. It is also paced by them end to end ({@link
 * SessionSettings#REPORT_WINDOW} unless the settings give another {@code reportWindow}), so a relay
 * that answers at once and queues, as Kamailio does, never holds much more than that for a slow
 * receiver; while it waits for them it still sends a probe chunk now and then ({@link
 * SessionSettings#reportProbeInterval()}), so that a receiver gone meanwhile ends the file at the
 * relay's answer to it.
 * {@link #initialize(MsrpTransport)} and {@link #initialize(MsrpTransport, MsrpMedia)} run the
 * stream on a connection the application bound itself.
 *
 * <p>Either side may {@link #cancel()}: the sender stops with a {@code #} chunk, the receiver
 * answers 413. Thread-safe; {@code initialize} and {@code start} block (use a virtual thread).
 */
public final class FileTransferStream implements AutoCloseable {

    /** The attribute an msrp4j sender writes the file's SHA-256 in, e.g. {@code a=x-msrp4j-sha-256:AB:CD:…}. */
    public static final String SHA_256_ATTRIBUTE = "x-msrp4j-sha-256";
    /** sipsimple's flag attribute: the receiver answers {@code FILE_OFFSET} with the bytes it holds. */
    public static final String X_FILE_OFFSET = "x-file-offset";

    private static final Logger LOG = LoggerFactory.getLogger(FileTransferStream.class);

    private final FileTransferSettings settings;
    private final FileTransferListener listener;
    private final Path file;
    private final String contentType;
    private final String disposition;
    private final String icon;
    private final FileSelector wanted;
    private final FileProvider provider;
    private final ScheduledExecutorService timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final StreamCore core;
    private final CompletableFuture<TransferResult> result = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicBoolean settled = new AtomicBoolean();
    private boolean sending;
    private Path source;
    private FileInfo info;
    private FileHash sha1;
    private FileHash sha256;
    private PartialFile partial;
    private OutgoingFile outgoing;
    private FileReceiver receiver;
    private long startOffset;
    private boolean cancelRequested;
    /** The receiver's success REPORTs, when it is one that confirms (it echoes the SHA-256 attribute). */
    private volatile SuccessReports reports;

    private FileTransferStream(Role role, FileTransferSettings settings, FileTransferListener listener, Path file,
            String contentType, String disposition, String icon, FileSelector wanted, FileProvider provider) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.file = file;
        this.contentType = contentType;
        this.disposition = disposition;
        this.icon = icon;
        this.wanted = wanted;
        this.provider = provider;
        this.core = new StreamCore(role, settings.connection(), new EventDispatcher(1024, Thread.ofVirtual().factory(),
                "file-transfer-events"), lock, new StreamCore.Hooks() {
                    @Override
                    public void failed(Exception error) {
                        FileTransferStream.this.failed(error);
                    }

                    @Override
                    public void stopping(Exception failure) {
                        stopTransfer(failure);
                    }

                    @Override
                    public void released() {
                        release();
                    }
                });
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("file-transfer-timer")
                .factory());
    }

    /**
     * An offerer that sends {@code file} (push).
     *
     * @param file the file to send
     * @param contentType its MIME type, or null for {@code application/octet-stream}
     * @param disposition {@code render} or {@code attachment} (RFC 5547 §7), or null for {@code attachment}
     * @param icon a {@code cid:} URL of an icon sent elsewhere in the SIP message, or null
     * @param settings connection, chunk size and progress interval
     * @param listener receives the stream's events
     * @return the stream, not yet initialized
     */
    public static FileTransferStream push(Path file, String contentType, String disposition, String icon,
            FileTransferSettings settings, FileTransferListener listener) {
        Objects.requireNonNull(file, "file");
        return new FileTransferStream(Role.OFFERER, settings, listener, file,
                contentType == null ? "application/octet-stream" : contentType,
                disposition == null ? "attachment" : disposition, icon, null, null);
    }

    /**
     * An offerer that sends {@code file} as an attachment of type {@code application/octet-stream}.
     *
     * @param file the file to send
     * @param settings connection, chunk size and progress interval
     * @param listener receives the stream's events
     * @return the stream, not yet initialized
     */
    public static FileTransferStream push(Path file, FileTransferSettings settings, FileTransferListener listener) {
        return push(file, null, null, null, settings, listener);
    }

    /**
     * An offerer that asks for the file {@code wanted} selects (pull): by name, by SHA-1, or both.
     * When it selects by SHA-1 and a partial file of it is in the download directory, the offer asks
     * only for the rest.
     *
     * @param wanted the file's name, SHA-1 or both
     * @param settings connection, download directory and progress interval
     * @param listener receives the stream's events
     * @return the stream, not yet initialized
     * @throws IllegalArgumentException if the selector has neither a name nor a SHA-1
     */
    public static FileTransferStream pull(FileSelector wanted, FileTransferSettings settings,
            FileTransferListener listener) {
        if (wanted.name().isEmpty() && wanted.hash(FileHash.SHA_1).isEmpty()) {
            throw new IllegalArgumentException("a pull selects the file by name or by hash:sha-1");
        }
        return new FileTransferStream(Role.OFFERER, settings, listener, null, null, null, null, wanted, null);
    }

    /**
     * An answerer: receives the file a push offer sends, or sends the file a pull offer asks for
     * and {@code provider} finds.
     *
     * @param provider finds files for pulls, or null to refuse them
     * @param settings connection, download directory and progress interval
     * @param listener receives the stream's events
     * @return the stream, not yet initialized
     */
    public static FileTransferStream answerer(FileProvider provider, FileTransferSettings settings,
            FileTransferListener listener) {
        return new FileTransferStream(Role.ANSWERER, settings, listener, null, null, null, null, null, provider);
    }

    /**
     * Where a receiver keeps the bytes of the file with {@code sha1} until they are verified: a
     * hidden file in {@code downloadDirectory}, which an interrupted transfer leaves to resume from.
     *
     * @param downloadDirectory the receiver's download directory
     * @param sha1 the file's SHA-1, as its selector gives it
     * @return the partial file's path (it may not exist)
     */
    public static Path partialFile(Path downloadDirectory, FileHash sha1) {
        return PartialFile.pathFor(downloadDirectory, sha1);
    }

    /**
     * Offerer or answerer.
     *
     * @return the role given when the stream was made
     */
    public Role role() {
        return core.role();
    }

    /**
     * The local media description from {@code initialize}, or null before it.
     *
     * @return the description for the SDP offer or answer, or null
     */
    public MsrpMedia localMedia() {
        return core.localMedia();
    }

    /**
     * The file being moved, once known (after {@code initialize}, or {@code start} for a pull).
     *
     * @return the file's description, or empty
     */
    public Optional<FileInfo> info() {
        lock.lock();
        try {
            return Optional.ofNullable(info);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where the stream is in its life cycle.
     *
     * @return the current state
     */
    public StreamState state() {
        return core.state();
    }

    /**
     * Completes with the verified transfer, or fails with {@link FileTransferException} (its {@link
     * FileTransferException#code()} and whether it was cancelled).
     *
     * @return the transfer's outcome
     */
    public CompletableFuture<TransferResult> result() {
        return result;
    }

    /**
     * Completes when the stream has ended, once the listener's {@code didEnd} has run.
     *
     * @return a future that completes normally, never exceptionally
     */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    // ---------------------------------------------------------------- initialize

    /**
     * Prepares the offerer's connection and offer: for a push, hashes the file first (SHA-1 and
     * SHA-256 in one pass).
     *
     * @return the local media description: the SDP offer
     * @throws StreamException if this stream is the answerer or not new
     * @throws IOException if the file cannot be read or the connection prepared ({@code didFail} and
     *     {@code didEnd} are posted)
     */
    public MsrpMedia initialize() throws IOException {
        if (role() != Role.OFFERER) {
            throw new StreamException("the answerer initializes with the offer: initialize(offer)");
        }
        return core.initialize(null, () -> prepare(null), listener::didInitialize);
    }

    /**
     * Prepares the answerer's connection and answer to {@code offer}: a {@code sendonly} offer is a
     * push this side receives (resuming a partial file it holds), a {@code recvonly} one a pull this
     * side serves from its {@link FileProvider}.
     *
     * @param offer the peer's SDP offer for this stream
     * @return the local media description: the SDP answer
     * @throws StreamException if the offer is not a usable file transfer (no direction, no selector,
     *     no size), a pull finds no file ({@link FileTransferException#NOT_FOUND}), or this stream is
     *     the offerer or not new
     * @throws IOException if the file cannot be read or the connection prepared
     */
    public MsrpMedia initialize(MsrpMedia offer) throws IOException {
        Objects.requireNonNull(offer, "offer");
        if (role() != Role.ANSWERER) {
            throw new StreamException("the offerer initializes without an offer: initialize()");
        }
        return core.initialize(offer, () -> prepare(offer), listener::didInitialize);
    }

    /**
     * {@link #initialize()} on a connection the application made and bound itself (as {@code msrp
     * send --to} connects to the receiver's path): the offer carries the transport's path, and
     * {@link #start(MsrpMedia)} then negotiates with the answer and moves the file over this
     * transport instead of connecting. How the offer and answer travel is the application's (in a
     * SIP exchange, or in-band before the stream starts). The stream owns the transport from this
     * call on and closes it when it ends or fails, a failure here included.
     *
     * @param transport the bound transport
     * @return the local media description: the SDP offer
     * @throws StreamException if this stream is the answerer or not new (the transport is left alone)
     * @throws IOException if the file cannot be read ({@code didFail} and {@code didEnd} are posted)
     */
    public MsrpMedia initialize(MsrpTransport transport) throws IOException {
        Objects.requireNonNull(transport, "transport");
        if (role() != Role.OFFERER) {
            throw new StreamException("the answerer initializes with the offer: initialize(transport, offer)");
        }
        return core.initialize(transport, null, () -> prepare(null), listener::didInitialize);
    }

    /**
     * {@link #initialize(MsrpMedia)} on a connection the application made and bound itself (as
     * {@code msrp receive} accepts the sender's): the answer carries the transport's path, and
     * {@link #start(MsrpMedia)} with the offer then moves the file over this transport. The stream
     * owns the transport from this call on, as {@link #initialize(MsrpTransport)} says.
     *
     * @param transport the bound transport
     * @param offer the peer's offer
     * @return the local media description: the SDP answer
     * @throws StreamException as {@link #initialize(MsrpMedia)} says (the transport is closed, unless
     *     this stream is the offerer or not new)
     * @throws IOException if the file cannot be read or the partial file opened
     */
    public MsrpMedia initialize(MsrpTransport transport, MsrpMedia offer) throws IOException {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(offer, "offer");
        if (role() != Role.ANSWERER) {
            throw new StreamException("the offerer initializes without an offer: initialize(transport)");
        }
        return core.initialize(transport, offer, () -> prepare(offer), listener::didInitialize);
    }

    /** Plans the transfer from the file or the offer; the media settings that describe it. */
    private MediaSettings prepare(MsrpMedia offer) throws IOException {
        FileMedia.Plan plan;
        if (offer != null) {
            plan = FileMedia.answer(offer, provider, settings.downloadDirectory());
        } else if (file != null) {
            plan = FileMedia.push(file, contentType, disposition, icon);
        } else {
            plan = FileMedia.pull(wanted, settings.downloadDirectory());
        }
        adopt(plan);
        return plan.media();
    }

    /** Takes what the media exchange says about the file. */
    private void adopt(FileMedia.Plan plan) {
        lock.lock();
        try {
            sending = plan.sending();
            source = plan.source();
            sha1 = plan.sha1();
            sha256 = plan.sha256();
            info = plan.info();
            partial = plan.partial();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- start

    /**
     * Completes the connection with the peer's media description and moves the file: connects or
     * waits for the peer, binds, starts the session, posts {@code didStart} and {@code
     * transferStarted}.
     *
     * @param remoteMedia the answer (offerer) or the offer (answerer)
     * @throws StreamException if the description is unusable, a pull's answer describes another file
     *     than the one asked for, or the stream is not initialized
     * @throws IOException if connecting, binding or opening the file fails ({@code didFail} and
     *     {@code didEnd} are posted)
     */
    public void start(MsrpMedia remoteMedia) throws IOException {
        core.start(remoteMedia, this::adoptAnswer, connected -> {
            SessionSettings options = settings.sessionSettings().toBuilder().acceptTypes(List.of("*"))
                    .fileChunkSize(settings.chunkSize()).build();
            if (isSending()) {
                startSending(connected.transport(), options, remoteMedia);
            } else {
                startReceiving(connected.transport(), options);
            }
        });
        cancelIfRequested();
        long every = settings.progressInterval().toNanos();
        long started = System.nanoTime();
        long[] last = {startOffset()};
        try {
            timer.scheduleAtFixedRate(() -> progress(started, last), every, every, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("file transfer: ended before progress could be reported");
        }
    }

    /** A pull's answer describes the file that comes: takes it (and the partial file to resume). */
    private void adoptAnswer(MsrpMedia remoteMedia) throws IOException {
        boolean pulling;
        lock.lock();
        try {
            pulling = !sending && partial == null;
        } finally {
            lock.unlock();
        }
        if (pulling) {
            adopt(FileMedia.pullAnswered(wanted, localMedia(), remoteMedia, settings.downloadDirectory()));
        }
    }

    private boolean isSending() {
        lock.lock();
        try {
            return sending;
        } finally {
            lock.unlock();
        }
    }

    private long startOffset() {
        lock.lock();
        try {
            return startOffset;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the sender's session, finds where to start (the peer's file-range, or its answer to
     * {@code FILE_OFFSET}), posts {@code didStart} and {@code transferStarted} and sends the file.
     */
    private void startSending(MsrpTransport t, SessionSettings options, MsrpMedia remote) throws IOException {
        boolean reporting = remote.attribute(SHA_256_ATTRIBUTE).isPresent(); // an msrp4j receiver
        SessionSettings paced = reporting && options.reportWindow() == 0
                ? options.toBuilder().reportWindow(SessionSettings.REPORT_WINDOW).build() : options;
        MsrpSession s = FileSender.start(t, paced, chunk -> {
            SuccessReports r = reports;
            if (r != null) {
                r.accept(chunk);
            }
        }, this::sessionFailed);
        OutgoingFile f = null;
        long offset;
        try {
            long size = Files.size(source);
            offset = FileSender.startOffset(s, remote, size);
            OutgoingFile file = OutgoingFile.of(source, info().orElseThrow().selector().type()
                    .orElse("application/octet-stream"), offset, null);
            if (reporting) {
                file.addHeader(new SuccessReportHeader(ReportMode.YES));
                reports = new SuccessReports(file.messageId(), size, offset + 1);
            }
            f = file;
            long from = offset;
            core.started(s, () -> {
                outgoing = file;
                startOffset = from;
            });
        } catch (IOException | RuntimeException e) {
            if (f != null) {
                f.source().close();
            }
            s.close();
            throw e;
        }
        transferStarted(offset);
        OutgoingFile sending = f;
        s.sendFile(sending);
        sending.completion().whenComplete((v, e) -> sent(sending, e));
    }

    /** Posts {@code didStart} and {@code transferStarted}, then starts the receiver's session. */
    private void startReceiving(MsrpTransport t, SessionSettings options) throws IOException {
        PartialFile p;
        FileHash expectedSha1;
        FileHash expectedSha256;
        lock.lock();
        try {
            p = partial;
            expectedSha1 = sha1;
            expectedSha256 = sha256;
        } finally {
            lock.unlock();
        }
        FileReceiver r = new FileReceiver(this, p, expectedSha1, expectedSha256);
        long held = p.heldAtStart();
        core.started(null, () -> {
            receiver = r;
            startOffset = held;
        });
        transferStarted(held);
        core.attach(MsrpSession.start(t, options, r));
    }

    private void transferStarted(long offset) {
        FileInfo i = info().orElseThrow();
        core.events().post(listener::didStart);
        core.events().post(() -> listener.transferStarted(i, offset));
    }

    private void sent(OutgoingFile f, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        SuccessReports r = reports;
        if (cause == null && r != null) {
            r.confirmed().orTimeout(settings.sessionSettings().responseTimeout().toNanos(), TimeUnit.NANOSECONDS)
                    .whenComplete((v, error) -> confirmed(f, error));
        } else if (cause == null) {
            settle(new TransferResult(source, f.size(), sha1, Optional.of(sha256), f.position()), null);
        } else {
            settle(null, FileSender.failure(cause, source));
        }
    }

    /** The end of a transfer whose receiver confirms with REPORTs: {@code e} is why it did not, or null. */
    private void confirmed(OutgoingFile f, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause == null) {
            settle(new TransferResult(source, f.size(), sha1, Optional.of(sha256), f.position()), null);
        } else {
            settle(null, FileSender.failure(cause, source));
        }
    }

    private void progress(long started, long[] last) {
        long done;
        long size;
        long from;
        OutgoingFile f;
        FileReceiver r;
        lock.lock();
        try {
            f = outgoing;
            r = receiver;
            from = startOffset;
            size = info == null ? -1 : info.size();
        } finally {
            lock.unlock();
        }
        if (settled.get()) {
            return;
        }
        SuccessReports confirming = reports;
        long sent = confirming != null && confirming.any() ? confirming.bytes() : f != null ? f.bytesAcknowledged() : 0;
        done = f != null ? f.position() + sent : r != null ? r.held() : 0;
        if (done == last[0]) {
            return;
        }
        last[0] = done;
        TransferProgress p = TransferProgress.of(done, size, done - from, System.nanoTime() - started);
        core.events().post(() -> listener.progress(p));
    }

    // ---------------------------------------------------------------- cancel and end

    /**
     * Cancels the transfer: a sender stops with a {@code #} chunk, a receiver answers the next chunk
     * 413 and deletes its partial file. {@code cancelled(false)} is posted and {@link #result()}
     * fails with {@link FileTransferException#CANCELLED}; the stream then ends. Does nothing once the
     * transfer has its outcome.
     */
    public void cancel() {
        OutgoingFile f;
        FileReceiver r;
        lock.lock();
        try {
            cancelRequested = true;
            f = outgoing;
            r = receiver;
        } finally {
            lock.unlock();
        }
        if (f != null) {
            f.abort();
        } else if (r != null) {
            r.cancel();
        } else if (core.state() != StreamState.STARTING) {
            settle(null, new FileTransferException(FileTransferException.CANCELLED, "cancelled before it started"));
        }
    }

    /** A {@link #cancel()} that came while the stream was starting takes effect once it has started. */
    private void cancelIfRequested() {
        boolean requested;
        lock.lock();
        try {
            requested = cancelRequested;
        } finally {
            lock.unlock();
        }
        if (requested) {
            cancel();
        }
    }

    /**
     * Ends the stream: posts {@code willEnd}, aborts a transfer still running (the receiver keeps its
     * partial file to resume later), ends the session, then posts {@code didEnd}. Idempotent; returns
     * at once.
     *
     * @return a future completed once the stream has ended, as {@link #ended()}
     */
    public CompletableFuture<Void> end() {
        core.end(listener::willEnd, this::didEnd);
        return ended;
    }

    /** {@link #end()}, waiting for the stream to have ended. */
    @Override
    public void close() {
        end().join();
    }

    /** The session failed under the stream: ended normally when the transfer already has its outcome. */
    void sessionFailed(IOException error) {
        if (settled.get()) {
            end();
        } else {
            failed(error);
        }
    }

    /** Posts {@code didFail}, settles the transfer as lost, and ends the stream. */
    private void failed(Exception error) {
        core.fail(error, listener::didFail, this::didEnd);
    }

    /**
     * Settles a transfer the stream's end interrupts: lost when {@code failure} failed the stream,
     * else cancelled, a file still being sent aborted.
     */
    private void stopTransfer(Exception failure) {
        if (failure != null) {
            int code = failure instanceof FileTransferException f ? f.code() : FileTransferException.LOST;
            settle(null, new FileTransferException(code, failure.getMessage(), failure));
            return;
        }
        OutgoingFile f;
        lock.lock();
        try {
            f = outgoing;
        } finally {
            lock.unlock();
        }
        if (f != null && !f.completion().isDone()) {
            f.abort();
        }
        settle(null, new FileTransferException(FileTransferException.CANCELLED,
                "the stream ended before the transfer completed"));
    }

    /** Stops the timer and keeps the partial file of an unfinished transfer, to resume later. */
    private void release() {
        timer.shutdownNow();
        PartialFile p;
        FileReceiver r;
        lock.lock();
        try {
            p = partial;
            r = receiver;
        } finally {
            lock.unlock();
        }
        if (r != null) {
            r.keep();
        } else if (p != null) {
            p.keep();
        }
    }

    /** The listener's {@code didEnd}; {@link #ended()} completes once it has run. */
    private void didEnd() {
        try {
            listener.didEnd();
        } finally {
            ended.complete(null);
        }
    }

    /**
     * Gives the transfer its one outcome and tells the listener; then the stream ends: at once on
     * the sending side, and on the receiving side when the sender closes or after {@link
     * FileTransferSettings#closeGrace()}, so that the last answer reaches it.
     */
    void settle(TransferResult done, FileTransferException error) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        if (done != null) {
            result.complete(done);
            core.events().post(() -> listener.completed(done));
        } else {
            result.completeExceptionally(error);
            if (error.isCancelled()) {
                boolean byPeer = error.code() == FileTransferException.REFUSED;
                core.events().post(() -> listener.cancelled(byPeer));
            } else {
                core.events().post(() -> listener.failed(error.code(), error.getMessage()));
            }
        }
        if (core.isEnding()) {
            return;
        }
        boolean send;
        lock.lock();
        try {
            send = sending;
        } finally {
            lock.unlock();
        }
        if (send) {
            end();
        } else {
            try {
                timer.schedule(this::end, settings.closeGrace().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                end();
            }
        }
    }

    /** Closes the connection at once, as a crash would (for tests of resume). */
    void killConnection() {
        MsrpSession s = core.session();
        if (s != null) {
            s.transport().close();
        }
    }

    @Override
    public String toString() {
        return "FileTransferStream[" + role() + ", " + (isSending() ? "sending" : "receiving") + ", " + core + "]";
    }
}
