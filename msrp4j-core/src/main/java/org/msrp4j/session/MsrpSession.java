package org.msrp4j.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.KeepAliveHeader;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.internal.TransportInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MSRP session over a bound transport (msrplib's MSRPSession and, in queue style,
 * GreenMSRPSession): sends chunks and files without blocking the caller, matches responses to
 * transactions, answers incoming requests as RFC 4975 says, and delivers what arrives to an {@link
 * IncomingHandler} or, in queue style, to {@link #receiveChunk()}.
 *
 * <p>Four threads serve a session, virtual unless {@link SessionSettings#threadFactory()} says
 * otherwise: two readers (the one reading matches responses, answers and delivers requests and runs
 * the callbacks; when nothing more has arrived it writes its answers itself, and should that write
 * stall for 10 ms the other reader reads on, so a peer that is slow to read never stops this side
 * reading), a writer (writes the other responses and REPORTs first, then queued chunks in order,
 * then file chunks round-robin, so a message never waits behind a file for more than one chunk), and
 * a timer (response timeouts, keep-alive, and a write the peer takes nothing of for the response
 * timeout, which ends the session). Nothing polls: a reader's own write is watched by a one-shot
 * deadline on a scheduler thread the sessions share, armed only while such a write is under way.
 * All public methods are thread-safe.
 *
 * <p>Incoming SEND requests are checked in this order: paths (481), Content-Type against the
 * accepted types (415), a message refused by the application (413, or the code it gave {@link
 * #refuseMessage(String, int, String)}); then delivered and answered 200
 * (responses obey Failure-Report: none for {@code no}, failures only for {@code partial}). A refusal
 * is answered as soon as it is made, while the rest of a long chunk is still arriving; that rest is
 * read and dropped. A Success-Report of {@code yes} gets a success REPORT for each chunk's bytes; a
 * refused message under Failure-Report {@code yes} gets one failure REPORT besides the response, for
 * its first refused chunk. A handler that throws is logged (SLF4J, with the stack trace) and its
 * chunk's message refused (413): the application did not take it. Empty SENDs (keep-alive) are
 * answered and not delivered; REPORTs are delivered and never answered (and settle the {@link
 * MessageOutcome} of a message sent with {@link #sendMessage}); NICKNAME is delivered and answered
 * 200, or 400 without Use-Nickname (403 when the handler throws); other methods get the handler's
 * {@link IncomingHandler#answerRequest} answer, or 501. An
 * unchecked exception anywhere else on the read path ends the session, and the handler hears of it
 * once ({@link IncomingHandler#onError}).
 */
public final class MsrpSession implements Closeable {

    private enum State { OPEN, DRAINING, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(MsrpSession.class);
    /** The largest message {@link #sendMessage(List)} writes on the calling thread (one chunk). */
    private static final long DIRECT_MESSAGE_LIMIT = 16 * 1024;

    private final MsrpTransport transport;
    private final SessionSettings options;
    private final Inbox inbox;
    private final MessageOutcomes outcomes;
    private final Thread reader;
    private final Thread otherReader;
    /** The hand-off between the two readers, and the requests one held while it waited for a response. */
    private final ReadRole readRole = new ReadRole();
    /** Whether the handler has had {@link IncomingHandler#onStart} (under {@link #readRole}). */
    private boolean handlerStarted;
    private final Transactions transactions;
    private final FileSender fileSender;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writerWork = lock.newCondition();
    private final Condition timerWork = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final WriteQueue queue;
    /** Responses and REPORTs made by the reading reader, not yet written or queued. */
    private final List<MsrpChunk> replies = new ArrayList<>();
    /** Whether a reader is writing replies itself; at most one does, so the other can read. */
    private boolean replying;
    private boolean errorReported;
    private final Refusals refusals = new Refusals();
    private final IncomingRules rules;
    private boolean writerBusy;
    private int directWrites;
    private volatile State state = State.OPEN;
    private IOException failure;
    private volatile long lastTraffic = System.nanoTime();

    private int callbacksRunning;
    private MsrpSession(MsrpTransport transport, SessionSettings options, IncomingHandler handler) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.inbox = new Inbox(handler, options.queueCapacity(), transport);
        this.outcomes = new MessageOutcomes(options.responseTimeout(), this::release);
        this.rules = new IncomingRules(transport::checkIncomingSendChunk, options::accepts, refusals,
                transport::makeResponse, this::report);
        int limit = transport.maxChunkSize();
        this.transactions = new Transactions(options.responseTimeout().toNanos(),
                options.keepAliveInterval().toNanos());
        this.queue = new WriteQueue(transactions);
        this.fileSender = new FileSender(transport,
                limit > 0 ? Math.min(limit, options.fileChunkSize()) : options.fileChunkSize(), options, lock,
                writerWork, timerWork, transactions, queue.control(), () -> state == State.CLOSED);
        this.reader = newThread("msrp-session-reader", this::readLoop);
        this.otherReader = newThread("msrp-session-reader", this::readLoop);
        Thread writer = newThread("msrp-session-writer", this::writeLoop);
        Thread timer = newThread("msrp-session-timer", this::timerLoop);
        for (Thread t : new Thread[] {reader, otherReader, writer, timer}) {
            t.start();
        }
    }

    /** An unstarted thread from the options' factory: all are made before any starts. */
    private Thread newThread(String name, Runnable task) {
        Thread t = options.threadFactory().newThread(task);
        if (t == null) {
            throw new RejectedExecutionException("the session's thread factory made no thread for " + name);
        }
        t.setName(name);
        return t;
    }

    /**
     * A session that delivers to {@code handler} (msrplib's {@code MSRPSession(transport,
     * accept_types, on_incoming_cb)}). Starts reading at once.
     *
     * @param transport the connected transport; the session reads and writes it from now on
     * @param options queue, chunk size, timeouts and thread factory
     * @param handler receives incoming chunks, responses to them aside, on the reading thread
     * @return the running session
     * @throws java.util.concurrent.RejectedExecutionException if the options' thread factory makes
     *     no thread (then none was started)
     */
    public static MsrpSession start(MsrpTransport transport, SessionSettings options, IncomingHandler handler) {
        return new MsrpSession(transport, options, Objects.requireNonNull(handler, "handler"));
    }

    /**
     * A queue-style session (msrplib's GreenMSRPSession): what arrives is read with {@link
     * #receiveChunk()}. When {@link SessionSettings#queueCapacity()} chunks wait unread, reading
     * pauses (and with it the processing of responses), so read the queue from its own thread.
     *
     * @param transport the connected transport; the session reads and writes it from now on
     * @param options queue capacity, chunk size, timeouts and thread factory
     * @return the running session, its incoming chunks waiting for {@link #receiveChunk()}
     * @throws java.util.concurrent.RejectedExecutionException if the options' thread factory makes
     *     no thread (then none was started)
     */
    public static MsrpSession startQueued(MsrpTransport transport, SessionSettings options) {
        return new MsrpSession(transport, options, null);
    }

    /**
     * The transport this session runs over.
     *
     * @return the transport given to {@code start}, still open or not
     */
    public MsrpTransport transport() {
        return transport;
    }

    /**
     * The options.
     *
     * @return the options the session was started with
     */
    public SessionSettings options() {
        return options;
    }

    /**
     * Whether the session still accepts chunks to send.
     *
     * @return false once {@link #shutdown} was called or the connection failed
     */
    public boolean isOpen() {
        lock.lock();
        try {
            return state == State.OPEN;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- sending

    /**
     * Queues a request for sending and returns at once (msrplib's {@code send_chunk}). {@code
     * callback}, when given, receives the response on a reader thread, or a locally made one
     * after the response timeout or when the session ends first: 408 under Failure-Report {@code
     * yes} (or absent), 200 under {@code partial} or {@code no}. It must return quickly. When a
     * chunk with the {@code +} flag is answered 413, the chunks of its message still queued are not
     * sent, and their callbacks get a local 413.
     *
     * @param chunk a request, e.g. from {@code transport().newChunk()}
     * @param callback receives the response, or null
     * @throws MsrpSessionException if the session is shutting down or has failed
     * @throws IllegalArgumentException if {@code chunk} is a response
     */
    public void sendChunk(MsrpChunk chunk, Consumer<MsrpChunk> callback) throws MsrpSessionException {
        if (!chunk.isRequest()) {
            throw new IllegalArgumentException("only requests can be sent: " + chunk);
        }
        lock.lock();
        try {
            checkOpen();
            queue.addMessage(chunk, callback);
            writerWork.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #sendChunk(MsrpChunk, Consumer)} without a callback.
     *
     * @param chunk a request (SEND or REPORT) with this session's paths
     * @throws MsrpSessionException if the session is shutting down or has failed
     */
    public void sendChunk(MsrpChunk chunk) throws MsrpSessionException {
        sendChunk(chunk, null);
    }

    /**
     * Sends a request and waits for its response (msrplib's {@code deliver_chunk}). It may be
     * called from {@link IncomingHandler#onChunk} or a response callback, which run on the thread
     * that reads the responses: there it reads on itself until the response is in, handling the
     * responses that come meanwhile and holding requests (up to 4 MiB of body) for the handler,
     * which gets them in order once it has returned. {@link #deliverChunkAsync} or {@link
     * #sendChunk(MsrpChunk, Consumer)} with a callback keep the handler short instead.
     *
     * @param chunk a SEND request with this session's paths
     * @return the 2xx response, or null at once when the chunk's Failure-Report is {@code no}
     * @throws MsrpTransactionException with the code and comment of an error response, or 408 when
     *     none came within the response timeout
     * @throws MsrpSessionException if the session cannot send
     */
    public MsrpChunk deliverChunk(MsrpChunk chunk) throws IOException {
        if (!chunk.isRequest()) {
            throw new IllegalArgumentException("only requests can be sent: " + chunk);
        }
        if (chunk.failureReport() == ReportMode.NO) {
            sendChunk(chunk, null);
            return null;
        }
        CompletableFuture<MsrpChunk> result = new CompletableFuture<>();
        Consumer<MsrpChunk> callback = completing(chunk, result);
        boolean direct;
        lock.lock();
        try {
            checkOpen();
            direct = !writerBusy && directWrites == 0 && queue.isEmpty();
            if (direct) {
                directWrites++;
                transactions.register(chunk, callback, null, 0, false);
            } else {
                queue.addMessage(chunk, callback);
                writerWork.signal();
            }
        } finally {
            lock.unlock();
        }
        if (direct) {
            writeDirectly(List.of(chunk), false);
        }
        if (isReader(Thread.currentThread())) {
            readWhileWaiting(result);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the response to " + chunk.transactionId());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Reads on for a {@link #deliverChunk} called on a reader (from {@link IncomingHandler#onChunk}
     * or a response callback) until its response is in: that thread holds the read role, so no other
     * would read it. Responses are handled as usual; requests are held and handled in order once
     * the handler has returned. Past {@link ReadRole#HELD_LIMIT} bytes of held requests reading stops, and
     * the response timeout decides.
     */
    private void readWhileWaiting(CompletableFuture<MsrpChunk> result) {
        long deadline = System.nanoTime() + options.responseTimeout().toNanos();
        while (!result.isDone() && isOpenOrDraining() && !readRole.full()) {
            MsrpChunk c;
            try {
                long left = Math.max(TimeUnit.MILLISECONDS.toNanos(10), deadline - System.nanoTime());
                c = transport.readChunk(options.readSegmentSize(), Duration.ofNanos(left));
            } catch (MsrpTimeoutException e) {
                continue;
            } catch (IOException e) {
                end(e);
                return;
            }
            lastTraffic = System.nanoTime();
            if (c.isResponse()) {
                onResponse(c);
            } else {
                readRole.hold(c);
            }
        }
    }

    /**
     * Writes on the calling thread, saving the hand-over to the writer: for the caller of the
     * blocking {@link #deliverChunk} (who waits anyway) when nothing else is queued, for the caller
     * of {@link #sendMessage(List)} on the terms it gives, or for a reader's {@code replies} (the
     * {@link StallWatch} lets the other reader read should it stall).
     */
    private void writeDirectly(List<MsrpChunk> chunks, boolean replies) {
        try {
            transport.writeChunks(chunks);
            lastTraffic = System.nanoTime();
        } catch (IOException e) {
            end(e);
        } finally {
            lock.lock();
            try {
                if (replies) {
                    replying = false;
                }
                directWrites--;
                if (!queue.isEmpty() || !fileSender.isEmpty()) {
                    writerWork.signal();
                }
                if (drained()) {
                    idle.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private static Consumer<MsrpChunk> completing(MsrpChunk chunk, CompletableFuture<MsrpChunk> result) {
        return new Delivery(chunk.transactionId(), result);
    }

    /** The callback behind {@link #deliverChunk}: completes its future from the response. */
    private record Delivery(String transactionId, CompletableFuture<MsrpChunk> result) implements Consumer<MsrpChunk> {
        @Override
        public void accept(MsrpChunk response) {
            if (response.code() / 100 == 2) {
                result.complete(response);
            } else {
                result.completeExceptionally(new MsrpTransactionException(response.code(), response.comment(),
                        "transaction " + transactionId + " failed: " + response.code()
                                + (response.comment() == null ? "" : " " + response.comment())));
            }
        }
    }

    /**
     * {@link #deliverChunk} without blocking: the future completes with the 2xx response (or null
     * under Failure-Report {@code no}, at once) and fails with {@link MsrpTransactionException}.
     *
     * @param chunk a SEND request with this session's paths
     * @return completes with the response, or null when no response is expected
     * @throws MsrpSessionException if the session cannot send
     */
    public CompletableFuture<MsrpChunk> deliverChunkAsync(MsrpChunk chunk) throws MsrpSessionException {
        if (chunk.failureReport() == ReportMode.NO) {
            sendChunk(chunk, null);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<MsrpChunk> result = new CompletableFuture<>();
        sendChunk(chunk, completing(chunk, result));
        return result;
    }

    /**
     * Sends a message in one chunk and tells how it ended: see {@link #sendMessage(List)}.
     *
     * @param chunk the whole message as one SEND request with this session's paths
     * @return completes once the message's outcome is known; it never fails
     * @throws MsrpSessionException if the session is shutting down or has failed
     */
    public CompletableFuture<MessageOutcome> sendMessage(MsrpChunk chunk) throws MsrpSessionException {
        return sendMessage(List.of(chunk));
    }

    /**
     * Queues the chunks of one message, in order, and returns at once with its outcome to come:
     * one {@link MessageOutcome} per message, made by the first of an error response to any of
     * its chunks, a failure REPORT, success REPORTs covering the whole message (when its chunks ask
     * for {@code Success-Report: yes}; then a 408 outcome when none came within the response
     * timeout after the last response), 200 responses to all its chunks (when they do not), or a
     * local 408 when a response does not come in time or the session ends first. REPORTs still
     * reach the {@link IncomingHandler} or the queue as they always do. The future never fails; it
     * completes on a reader or timer thread, so what depends on it must return quickly or go
     * elsewhere ({@code thenApplyAsync}).
     *
     * <p>A message of one chunk of at most 16 KiB is written on the calling thread (not a reader),
     * saving the hand-over to the writer, when nothing else is queued or being written and every
     * message sent before with {@code sendMessage} has its outcome: the peer has then read them (or
     * they failed), so the write should find room in the connection at once. Should the peer have
     * stopped reading all the same, the call waits as the writer would, at most until the session
     * ends for the stall after the response timeout.
     *
     * @param chunks SEND requests with one Message-ID, e.g. from {@code transport().newChunk()}
     * @return completes once the message's outcome is known; it never fails
     * @throws IllegalArgumentException if the chunks are not SENDs of one message, or a message
     *     with this Message-ID is still being sent
     * @throws MsrpSessionException if the session is shutting down or has failed
     */
    public CompletableFuture<MessageOutcome> sendMessage(List<MsrpChunk> chunks) throws MsrpSessionException {
        MessageOutcomes.Tracked tracked = outcomes.track(chunks);
        MsrpChunk only = chunks.size() == 1 ? chunks.get(0) : null;
        boolean direct;
        lock.lock();
        try {
            checkOpen();
            direct = only != null && only.continuation() != Continuation.MORE && only.size() <= DIRECT_MESSAGE_LIMIT
                    && !writerBusy && directWrites == 0 && queue.isEmpty()
                    && outcomes.inFlight() == 1 && !isReader(Thread.currentThread());
            if (direct) {
                directWrites++;
                if (only.failureReport() != ReportMode.NO) {
                    transactions.register(only, tracked.onResponse(), null, 0, false);
                }
            } else {
                for (MsrpChunk c : chunks) {
                    queue.addMessage(c, c.failureReport() == ReportMode.NO ? null : tracked.onResponse());
                }
                writerWork.signal();
            }
        } catch (MsrpSessionException e) {
            outcomes.cancel(tracked, e);
            throw e;
        } finally {
            lock.unlock();
        }
        outcomes.queued(tracked);
        if (direct) {
            writeDirectly(chunks, false);
        }
        return tracked.future;
    }

    /**
     * Queues a file for sending and returns at once (msrplib's {@code send_file}). It goes out in
     * chunks of {@link SessionSettings#fileChunkSize()} (or the transport's smaller {@link
     * MsrpTransport#maxChunkSize()}, e.g. through a relay; over TLS a little less when the size is a
     * multiple of 16 KiB, so that each whole frame fits that size and so whole TLS records) with
     * Byte-Range, interleaved with other files and queued messages, up to {@link
     * SessionSettings#window()} chunks awaiting responses; {@link OutgoingFile#completion()} says how
     * it ended. A 413 from the peer stops the file, and ends the chunk being written early with
     * {@code #} (RFC 4975 §7.3.2).
     *
     * @param file the file's content, media type and Message-ID, with this session's paths
     * @throws MsrpSessionException if the session is shutting down or has failed
     */
    public void sendFile(OutgoingFile file) throws MsrpSessionException {
        Objects.requireNonNull(file, "file");
        FileTransfer transfer = new FileTransfer(file);
        lock.lock();
        try {
            checkOpen();
            fileSender.add(transfer);
            writerWork.signal();
        } finally {
            lock.unlock();
        }
        file.setAbortListener(() -> fileSender.abort(transfer,
                new CancellationException("aborted by the application")));
        if (file.abortRequested()) {
            fileSender.abort(transfer, new CancellationException("aborted by the application"));
        }
    }

    /**
     * Refuses the incoming message {@code messageId}: its current chunk (when called from {@link
     * IncomingHandler#onChunk}) and later ones are answered 413, and are not delivered. A chunk
     * refused while it is still arriving (from a segment's {@code onChunk}) is answered at once;
     * the rest of it is read and dropped (RFC 4975 §7.3.1).
     *
     * @param messageId the Message-ID of the incoming message to refuse
     */
    public void refuseMessage(String messageId) {
        refuseMessage(messageId, IncomingRules.STOP.code(), IncomingRules.STOP.comment());
    }

    /**
     * {@link #refuseMessage(String)} with the status its chunks are answered with, one RFC 4975
     * gives a receiver that will not take a message: 413 (stop sending, §7.3.2), 415 (a media type
     * it does not take, e.g. the type wrapped in {@code message/cpim}), 400 (a malformed body) or
     * 403 (not allowed). A failure REPORT, when the message asks for one, carries the same status.
     * A message refused already keeps its first status.
     *
     * @param messageId the Message-ID of the incoming message to refuse
     * @param code 400, 403, 413 or 415: the status its chunks are answered with
     * @param comment the response's comment, or null
     * @throws IllegalArgumentException if {@code code} is not 400, 403, 413 or 415, or {@code
     *     comment} holds a control character
     */
    public void refuseMessage(String messageId, int code, String comment) {
        refusals.refuse(Objects.requireNonNull(messageId, "messageId"), new Status(code, comment));
    }

    /** Read without the lock on the reader's hot path; {@code state} only changes under it. */
    private boolean isOpenOrDraining() {
        return state != State.CLOSED;
    }

    private void checkOpen() throws MsrpSessionException {
        if (state == State.DRAINING) {
            throw new MsrpSessionException("the session is shutting down");
        }
        if (state == State.CLOSED) {
            throw failure == null ? new MsrpSessionException("the session is closed")
                    : new MsrpSessionException("the session has failed: " + failure.getMessage(), failure);
        }
    }

    // ---------------------------------------------------------------- receiving (queue style)

    /**
     * Waits for the next chunk in a queue-style session (GreenMSRPSession's {@code receive_chunk}).
     *
     * @return the next chunk that arrived, in arrival order
     * @throws MsrpSessionException once the session has ended (its cause the connection's error)
     * @throws IllegalStateException if the session delivers to a handler instead
     */
    public MsrpChunk receiveChunk() throws IOException {
        try {
            return receiveChunk(null);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@link #receiveChunk()} with a time limit.
     *
     * @param timeout the longest wait, or null for none
     * @return the next chunk that arrived, in arrival order
     * @throws TimeoutException if nothing arrived in time
     * @throws java.io.IOException once the session has ended (an {@link MsrpSessionException})
     */
    public MsrpChunk receiveChunk(Duration timeout) throws IOException, TimeoutException {
        return inbox.take(timeout, () -> {
            lock.lock();
            try {
                return failure == null ? new MsrpSessionException("the session is closed")
                        : new MsrpSessionException("the session has failed: " + failure.getMessage(), failure);
            } finally {
                lock.unlock();
            }
        });
    }

    // ---------------------------------------------------------------- shutting down

    /**
     * Ends the session (msrplib's {@code shutdown}): no more chunks are accepted; with {@code sync}
     * queued chunks and files are sent and outstanding responses awaited, for at most {@link
     * SessionSettings#shutdownTimeout()}, then the connection is closed (a message sent with {@link
     * #sendMessage} under Failure-Report {@code partial}, which gets no response on success, is
     * awaited until its outcome is in). Without {@code sync} the same happens on a background
     * thread and this returns at once. What is still unsent or unanswered then gets the same local
     * responses as on a timeout ({@link #deliverChunk} callers get {@link MsrpSessionException});
     * unfinished files fail. Called from {@link IncomingHandler#onChunk} (a reader thread, which
     * must go on reading the responses) it never waits. Idempotent.
     *
     * @param sync true to send what is queued and await outstanding responses first; false to close at once
     */
    public void shutdown(boolean sync) {
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            state = State.DRAINING;
            writerWork.signal();
        } finally {
            lock.unlock();
        }
        if (sync && !isReader(Thread.currentThread())) {
            drainAndClose();
        } else {
            Thread.ofVirtual().name("msrp-session-shutdown").start(this::drainAndClose);
        }
    }

    /** {@link #shutdown(boolean) shutdown(true)}. */
    @Override
    public void close() {
        shutdown(true);
    }

    private void drainAndClose() {
        long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
        lock.lock();
        try {
            while (state == State.DRAINING && !drained()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        end(null);
    }

    /**
     * Forgets the transactions of a message whose outcome is settled that were sent under
     * Failure-Report {@code partial}: their responses come only on failure, so a shutdown need not
     * wait for them.
     */
    private void release(List<String> transactionIds) {
        lock.lock();
        try {
            transactions.release(transactionIds);
            if (drained()) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isReader(Thread t) {
        return t == reader || t == otherReader;
    }

    private boolean drained() {
        if (writerBusy || directWrites > 0 || callbacksRunning > 0 || !queue.isEmpty() || !replies.isEmpty()
                || !fileSender.isEmpty()) {
            return false;
        }
        return !transactions.awaitsResponses();
    }

    /** Closes everything once: {@code error} null for a local shutdown. */
    private void end(IOException error) {
        List<Map.Entry<String, Transactions.Pending>> unanswered;
        List<WriteQueue.Outgoing> unsent;
        List<FileTransfer> unfinished = new ArrayList<>();
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            failure = error;
            unanswered = transactions.clear();
            unsent = queue.clear();
            replies.clear();
            unfinished.addAll(fileSender.clear());
            for (Map.Entry<String, Transactions.Pending> e : unanswered) {
                FileTransfer f = e.getValue().file();
                if (f != null && !unfinished.contains(f)) {
                    unfinished.add(f);
                }
            }
            writerWork.signalAll();
            timerWork.signalAll();
            idle.signalAll();
        } finally {
            lock.unlock();
        }
        transport.close();
        MsrpSessionException ended = error == null ? new MsrpSessionException("the session was shut down")
                : new MsrpSessionException("the session failed: " + error.getMessage(), error);
        for (Map.Entry<String, Transactions.Pending> e : unanswered) {
            Transactions.Pending p = e.getValue();
            if (p.callback() != null) {
                abandon(p.callback(), e.getKey(), p.failureReport(), "no response: the session ended", ended);
            }
        }
        for (WriteQueue.Outgoing o : unsent) {
            if (o.callback() != null) {
                abandon(o.callback(), o.chunk().transactionId(), o.chunk().failureReport(),
                        "not sent: the session ended", ended);
            }
        }
        for (FileTransfer f : unfinished) {
            fileSender.finish(f, ended);
        }
        inbox.end();
        for (Thread r : new Thread[] {reader, otherReader}) {
            if (r != null && r != Thread.currentThread()) {
                r.interrupt();
            }
        }
    }

    /** Answers a callback when the session ends first: {@link #deliverChunk} callers get the session's exception. */
    private static void abandon(Consumer<MsrpChunk> callback, String transactionId, ReportMode failureReport,
            String comment, MsrpSessionException ended) {
        if (callback instanceof Delivery d) {
            d.result().completeExceptionally(ended);
        } else {
            answer(callback, Transactions.localResponse(transactionId, failureReport, comment));
        }
    }

    // ---------------------------------------------------------------- the writer

    private void writeLoop() {
        List<MsrpChunk> batch = new ArrayList<>();
        while (true) {
            FileTransfer file = null;
            batch.clear();
            lock.lock();
            try {
                while (true) {
                    writerBusy = false;
                    if (state == State.CLOSED) {
                        return;
                    }
                    queue.takeBatch(batch);
                    if (!batch.isEmpty()) {
                        break;
                    }
                    file = fileSender.next();
                    if (file != null) {
                        break;
                    }
                    if (drained()) {
                        idle.signalAll();
                    }
                    writerWork.await();
                }
                writerBusy = true;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                if (file == null) {
                    transport.writeChunks(batch);
                    lastTraffic = System.nanoTime();
                } else if (fileSender.writeChunk(file)) {
                    lastTraffic = System.nanoTime();
                }
            } catch (IOException e) {
                end(e);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- the timer

    private void timerLoop() {
        while (true) {
            long stalled = TransportInternals.writeStalledNanos(transport);
            if (transactions.writeStalledTooLong(stalled)) {
                end(new MsrpSessionException("the peer has read nothing for "
                        + TimeUnit.NANOSECONDS.toMillis(stalled) + " ms while this side had data to send"));
                return;
            }
            List<Map.Entry<String, Transactions.Pending>> expired;
            List<FileTransfer> unreported;
            lock.lock();
            try {
                if (state == State.CLOSED) {
                    return;
                }
                long now = System.nanoTime();
                expired = transactions.expire(now);
                for (Map.Entry<String, Transactions.Pending> e : expired) {
                    if (e.getValue().file() != null) {
                        fileSender.slotFreed(e.getValue().file(), e.getValue().bytes());
                    }
                }
                unreported = fileSender.reportsOverdue(now);
                if (expired.isEmpty() && unreported.isEmpty()) {
                    long wake = Math.min(transactions.untilNextCheck(now, stalled), fileSender.untilReportsDue(now));
                    if (state == State.OPEN) {
                        long due = transactions.keepAliveDue(now, lastTraffic);
                        if (due == 0) {
                            queue.addMessage(transport.newChunk().header(new KeepAliveHeader(true)).build(),
                                    this::keepAliveAnswered);
                            writerWork.signal();
                            continue;
                        }
                        wake = Math.min(wake, due);
                    }
                    timerWork.awaitNanos(wake);
                    continue;
                }
                callbacksRunning++;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                for (Map.Entry<String, Transactions.Pending> e : expired) {
                    timedOut(e.getKey(), e.getValue());
                }
                for (FileTransfer f : unreported) {
                    fileSender.reportsStopped(f);
                }
            } finally {
                callbackDone();
            }
        }
    }

    /** Re-arms keep-alive: the timer may sleep until the answered one's deadline otherwise. */
    private void keepAliveAnswered(MsrpChunk response) {
        lock.lock();
        try {
            transactions.keepAliveAnswered();
            timerWork.signal();
        } finally {
            lock.unlock();
        }
    }

    private void timedOut(String transactionId, Transactions.Pending p) {
        if (p.keepAlive()) {
            end(new MsrpSessionException("keep-alive: the peer did not answer within "
                    + options.responseTimeout().toMillis() + " ms"));
            return;
        }
        MsrpChunk response = Transactions.localResponse(transactionId, p.failureReport(), "no response within "
                + options.responseTimeout().toMillis() + " ms");
        if (p.file() != null) {
            fileSender.answered(p.file(), p.bytes(), response);
        } else if (p.callback() != null) {
            answer(p.callback(), response);
        }
    }

    // ---------------------------------------------------------------- the reader

    private void readLoop() {
        try {
            readChunks();
        } finally {
            reportFailure();
        }
    }

    /**
     * Tells the handler why the session failed, once, holding the read role so that it follows
     * every {@link IncomingHandler#onChunk} call.
     */
    private void reportFailure() {
        readRole.acquireUninterruptibly();
        try {
            IOException error;
            lock.lock();
            try {
                if (errorReported || failure == null) {
                    return;
                }
                errorReported = true;
                error = failure;
            } finally {
                lock.unlock();
            }
            inbox.failed(error);
        } finally {
            readRole.release();
        }
    }

    /**
     * Reads until the session ends. The two readers run this in turn: the one holding {@link
     * #readRole} reads and handles chunks; when it has answers to write and nothing more has
     * arrived, it writes them itself, keeping the role (no thread wake-up), under the {@link
     * StallWatch}: should the write stall, the watch gives the role to the other reader, so reading
     * never waits long for the peer to read (two peers that both wrote while the other was not
     * reading would otherwise wait for each other for good).
     */
    private void readChunks() {
        boolean reading = false;
        try {
            while (true) {
                if (!reading) {
                    try {
                        readRole.acquire();
                    } catch (InterruptedException e) {
                        return;
                    }
                    reading = true;
                    if (!handlerStarted) {
                        handlerStarted = true;
                        inbox.start(this);
                    }
                }
                if (!isOpenOrDraining()) {
                    return;
                }
                MsrpChunk chunk = readRole.nextHeld();
                try {
                    if (chunk == null) {
                        chunk = transport.readChunk(options.readSegmentSize());
                    }
                } catch (IOException e) {
                    end(e);
                    return;
                } catch (RuntimeException e) {
                    failInternally("reading", e);
                    return;
                }
                if (!isOpenOrDraining()) {
                    return;
                }
                lastTraffic = System.nanoTime();
                try {
                    if (chunk.isResponse()) {
                        onResponse(chunk);
                    } else {
                        handleRequest(chunk);
                    }
                } catch (InterruptedException e) {
                    end(new InterruptedIOException("the reader was interrupted"));
                    return;
                } catch (RuntimeException e) {
                    failInternally("handling " + chunk.method() + " " + chunk.transactionId(), e);
                    return;
                }
                List<MsrpChunk> batch = takeReplies();
                if (batch != null && !readRole.writeWatched(() -> writeDirectly(batch, true))) {
                    reading = false;
                }
            }
        } finally {
            if (reading) {
                readRole.release();
            }
        }
    }

    /**
     * The last line of defence: an unchecked exception while reading or handling what the peer
     * sent (a defect, since every answerable fault is answered) ends the session, and the
     * application hears of it once, through {@link IncomingHandler#onError} or {@link
     * #receiveChunk()}, rather than the reader dying and the session answering nothing more.
     */
    private void failInternally(String doing, RuntimeException e) {
        LOG.error("MsrpSession {}: {} failed; the session ends", transport, doing, e);
        end(new MsrpSessionException("the session failed " + doing + ": " + e, e));
    }

    /** Gives a response to an application callback; one that throws is logged and does no harm. */
    private static void answer(Consumer<MsrpChunk> callback, MsrpChunk response) {
        try {
            callback.accept(response);
        } catch (RuntimeException e) {
            LOG.error("MsrpSession: the callback for transaction {} threw on {} {}", response.transactionId(),
                    response.code(), response.comment(), e);
        }
    }

    /**
     * The replies to write on this thread, or null: when more input has arrived already, another
     * reader is writing or the writer is, they are queued for the writer instead. The transport is
     * asked about input only when there are replies (most chunks read by a sender are responses).
     */
    private List<MsrpChunk> takeReplies() {
        lock.lock();
        try {
            if (replies.isEmpty()) {
                return null;
            }
        } finally {
            lock.unlock();
        }
        boolean moreArrived = readRole.holdsRequests() || TransportInternals.hasInputWaiting(transport);
        lock.lock();
        try {
            if (state == State.CLOSED) {
                replies.clear();
                return null;
            }
            if (moreArrived || replying || writerBusy || !queue.noControl()) {
                queue.addControl(replies);
                replies.clear();
                writerWork.signal();
                return null;
            }
            replying = true;
            directWrites++;
            List<MsrpChunk> batch = List.copyOf(replies);
            replies.clear();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void onResponse(MsrpChunk response) {
        Transactions.Pending p;
        FileTransfer partial = null;
        lock.lock();
        try {
            p = transactions.answered(response.transactionId());
            if (p == null) {
                partial = fileSender.unwatched(response.transactionId());
                if (partial == null) {
                    return;
                }
            } else if (p.file() != null) {
                fileSender.responseArrived(p.file(), p.bytes(), response.code());
            }
            callbacksRunning++;
        } finally {
            lock.unlock();
        }
        try {
            if (partial != null) {
                if (response.code() != 200) {
                    fileSender.answered(partial, 0, response);
                }
            } else if (p.file() != null) {
                fileSender.answered(p.file(), p.bytes(), response);
            } else {
                if (p.callback() != null) {
                    answer(p.callback(), response);
                }
                if (response.code() == 413 && p.unfinished() != null) {
                    dropQueued(p.unfinished());
                }
            }
        } finally {
            callbackDone();
        }
    }

    /**
     * The receiver refused message {@code messageId} (413): its chunks still queued are not sent,
     * and their callbacks get a local 413.
     */
    private void dropQueued(String messageId) {
        List<WriteQueue.Outgoing> dropped;
        lock.lock();
        try {
            dropped = queue.removeMessage(messageId);
        } finally {
            lock.unlock();
        }
        for (WriteQueue.Outgoing o : dropped) {
            if (o.callback() != null) {
                answer(o.callback(), MsrpChunk.response(o.chunk().transactionId(), 413,
                        "not sent: the receiver stopped message " + messageId));
            }
        }
    }

    private void callbackDone() {
        lock.lock();
        try {
            callbacksRunning--;
            if (drained()) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handles a request counted as a running callback, so that a shutdown started by the
     * application once it has the chunk waits for the response and reports queued after delivery.
     */
    private void handleRequest(MsrpChunk chunk) throws InterruptedException {
        lock.lock();
        try {
            callbacksRunning++;
        } finally {
            lock.unlock();
        }
        try {
            onRequest(chunk);
        } finally {
            callbackDone();
        }
    }

    private void onRequest(MsrpChunk chunk) throws InterruptedException {
        IncomingRules.Verdict verdict = rules.onRequest(chunk);
        addReplies(verdict.replies());
        switch (verdict.action()) {
            case DELIVER -> addReplies(rules.delivered(chunk, inbox.deliver(chunk)));
            case REPORT -> {
                outcomes.onReport(chunk);
                fileReport(chunk);
                inbox.deliver(chunk);
            }
            case ASK -> addReplies(inbox.ask(chunk, rules));
            case NONE -> {
            }
        }
    }

    /** Gives a REPORT to the file sender, whose files it may pace. */
    private void fileReport(MsrpChunk report) {
        lock.lock();
        try {
            fileSender.onReport(report);
        } finally {
            lock.unlock();
        }
    }

    /** A REPORT on bytes {@code start}..{@code end} of message {@code messageId}, along this session. */
    private MsrpChunk report(String messageId, long start, long end, long total, Status status) {
        return transport.newChunk().method("REPORT").messageId(messageId).start(start).end(end).total(total)
                .header(new StatusHeader(status)).continuation(Continuation.END).build();
    }

    private void addReplies(List<MsrpChunk> chunks) {
        if (chunks.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (state != State.CLOSED) {
                replies.addAll(chunks);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "MsrpSession[" + transport + "]";
    }
}
