package org.msrp4j.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.transport.MsrpTransport;

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

    /** The largest message {@link #sendMessage(List)} writes on the calling thread (one chunk). */
    private static final long DIRECT_MESSAGE_LIMIT = 16 * 1024;

    private final SessionCore core;
    private final SessionWriter writer;
    private final SessionReader reader;
    private final Refusals refusals = new Refusals();

    private MsrpSession(MsrpTransport transport, SessionSettings options, IncomingHandler handler) {
        this.core = new SessionCore(transport, options, handler);
        this.writer = new SessionWriter(core);
        this.reader = new SessionReader(core, writer, refusals, this);
        SessionTimer timer = new SessionTimer(core);
        core.start(reader::readLoop, writer::writeLoop, timer::timerLoop);
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
        return core.transport;
    }

    /**
     * The options.
     *
     * @return the options the session was started with
     */
    public SessionSettings options() {
        return core.options;
    }

    /**
     * Whether the session still accepts chunks to send.
     *
     * @return false once {@link #shutdown} was called or the connection failed
     */
    public boolean isOpen() {
        core.lock.lock();
        try {
            return core.state == SessionCore.State.OPEN;
        } finally {
            core.lock.unlock();
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
        core.lock.lock();
        try {
            core.checkOpen();
            core.queue.addMessage(chunk, callback);
            core.writerWork.signal();
        } finally {
            core.lock.unlock();
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
        Consumer<MsrpChunk> callback = new Delivery(chunk.transactionId(), result);
        boolean direct;
        core.lock.lock();
        try {
            core.checkOpen();
            direct = writer.mayWriteDirectly();
            if (direct) {
                core.directWrites++;
                core.transactions.register(chunk, callback, null, 0, false);
            } else {
                core.queue.addMessage(chunk, callback);
                core.writerWork.signal();
            }
        } finally {
            core.lock.unlock();
        }
        if (direct) {
            writer.writeDirectly(List.of(chunk), false);
        }
        if (core.isReader(Thread.currentThread())) {
            reader.readWhileWaiting(result);
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
        sendChunk(chunk, new Delivery(chunk.transactionId(), result));
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
        MessageOutcomes.Tracked tracked = core.outcomes.track(chunks);
        MsrpChunk only = chunks.size() == 1 ? chunks.get(0) : null;
        boolean direct;
        core.lock.lock();
        try {
            core.checkOpen();
            direct = only != null && only.continuation() != Continuation.MORE && only.size() <= DIRECT_MESSAGE_LIMIT
                    && writer.mayWriteDirectly()
                    && core.outcomes.inFlight() == 1 && !core.isReader(Thread.currentThread());
            if (direct) {
                core.directWrites++;
                if (only.failureReport() != ReportMode.NO) {
                    core.transactions.register(only, tracked.onResponse(), null, 0, false);
                }
            } else {
                for (MsrpChunk c : chunks) {
                    core.queue.addMessage(c, c.failureReport() == ReportMode.NO ? null : tracked.onResponse());
                }
                core.writerWork.signal();
            }
        } catch (MsrpSessionException e) {
            core.outcomes.cancel(tracked, e);
            throw e;
        } finally {
            core.lock.unlock();
        }
        core.outcomes.queued(tracked);
        if (direct) {
            writer.writeDirectly(chunks, false);
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
        core.lock.lock();
        try {
            core.checkOpen();
            core.fileSender.add(transfer);
            core.writerWork.signal();
        } finally {
            core.lock.unlock();
        }
        file.setAbortListener(() -> core.fileSender.abort(transfer,
                new CancellationException("aborted by the application")));
        if (file.abortRequested()) {
            core.fileSender.abort(transfer, new CancellationException("aborted by the application"));
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
        return core.inbox.take(timeout, () -> {
            core.lock.lock();
            try {
                return core.closed();
            } finally {
                core.lock.unlock();
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
        core.lock.lock();
        try {
            if (core.state != SessionCore.State.OPEN) {
                return;
            }
            core.state = SessionCore.State.DRAINING;
            core.writerWork.signal();
        } finally {
            core.lock.unlock();
        }
        if (sync && !core.isReader(Thread.currentThread())) {
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
        long deadline = System.nanoTime() + core.options.shutdownTimeout().toNanos();
        core.lock.lock();
        try {
            while (core.state == SessionCore.State.DRAINING && !core.drained()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                core.idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            core.lock.unlock();
        }
        core.end(null);
    }

    @Override
    public String toString() {
        return "MsrpSession[" + core.transport + "]";
    }
}
