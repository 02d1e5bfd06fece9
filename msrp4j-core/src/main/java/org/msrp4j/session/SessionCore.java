package org.msrp4j.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.transport.MsrpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the threads of an {@link MsrpSession} share: one lock, the conditions they wait on and the
 * state it guards (the session's state, who is writing, callbacks running, replies not yet
 * written), the parts they all use, and the session's end. The façade, {@link SessionReader},
 * {@link SessionWriter} and {@link SessionTimer} read and change these fields directly, under
 * {@link #lock} unless a field says otherwise.
 */
final class SessionCore {

    /** Open; shutting down (no more chunks accepted); closed. */
    enum State { OPEN, DRAINING, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(MsrpSession.class);

    final MsrpTransport transport;
    final SessionSettings options;
    final Inbox inbox;
    final MessageOutcomes outcomes;
    final Transactions transactions;
    final WriteQueue queue;
    final FileSender fileSender;

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the writer has something to write or the session ends. */
    final Condition writerWork = lock.newCondition();
    /** Signalled when the timer's next deadline may have moved or the session ends. */
    final Condition timerWork = lock.newCondition();
    /** Signalled when the session may have become {@link #drained()} or ends. */
    final Condition idle = lock.newCondition();
    /** Responses and REPORTs made by the reading reader, not yet written or queued. */
    final List<MsrpChunk> replies = new ArrayList<>();
    /** Whether a reader is writing replies itself; at most one does, so the other can read. */
    boolean replying;
    /** Whether the writer thread is writing. */
    boolean writerBusy;
    /** Writes under way on other threads than the writer (callers and readers). */
    int directWrites;
    /** Callbacks and request handling under way, which a shutdown waits for. */
    int callbacksRunning;
    /** Changes under the lock only; read without it where the hot paths need it. */
    volatile State state = State.OPEN;
    /** Why the session ended, or null while open or after a local shutdown. */
    IOException failure;
    /** When a chunk was last read or written, for keep-alive; written without the lock. */
    volatile long lastTraffic = System.nanoTime();

    private Thread reader;
    private Thread otherReader;

    SessionCore(MsrpTransport transport, SessionSettings options, IncomingHandler handler) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.inbox = new Inbox(handler, options.queueCapacity(), transport);
        this.outcomes = new MessageOutcomes(options.responseTimeout(), this::release);
        int limit = transport.maxChunkSize();
        this.transactions = new Transactions(options.responseTimeout().toNanos(),
                options.keepAliveInterval().toNanos());
        this.queue = new WriteQueue(transactions);
        this.fileSender = new FileSender(transport,
                limit > 0 ? Math.min(limit, options.fileChunkSize()) : options.fileChunkSize(), options, lock,
                writerWork, timerWork, transactions, queue.control(), () -> state == State.CLOSED);
    }

    /**
     * Makes the session's four threads from the options' factory, all before any starts, and
     * starts them.
     *
     * @throws RejectedExecutionException if the factory makes no thread (then none was started)
     */
    void start(Runnable read, Runnable write, Runnable time) {
        reader = newThread("msrp-session-reader", read);
        otherReader = newThread("msrp-session-reader", read);
        Thread writer = newThread("msrp-session-writer", write);
        Thread timer = newThread("msrp-session-timer", time);
        for (Thread t : new Thread[] {reader, otherReader, writer, timer}) {
            t.start();
        }
    }

    private Thread newThread(String name, Runnable task) {
        Thread t = options.threadFactory().newThread(task);
        if (t == null) {
            throw new RejectedExecutionException("the session's thread factory made no thread for " + name);
        }
        t.setName(name);
        return t;
    }

    /** Whether {@code t} is one of the two readers. */
    boolean isReader(Thread t) {
        return t == reader || t == otherReader;
    }

    /** Read without the lock on the reader's hot path; {@code state} only changes under it. */
    boolean isOpenOrDraining() {
        return state != State.CLOSED;
    }

    /** Under the lock: fails unless the session still accepts chunks to send. */
    void checkOpen() throws MsrpSessionException {
        if (state == State.DRAINING) {
            throw new MsrpSessionException("the session is shutting down");
        }
        if (state == State.CLOSED) {
            throw closed();
        }
    }

    /** Under the lock: the exception that tells a closed session's caller why it closed. */
    MsrpSessionException closed() {
        return failure == null ? new MsrpSessionException("the session is closed")
                : new MsrpSessionException("the session has failed: " + failure.getMessage(), failure);
    }

    /** Under the lock: whether nothing is being written, run, queued or awaited. */
    boolean drained() {
        if (writerBusy || directWrites > 0 || callbacksRunning > 0 || !queue.isEmpty() || !replies.isEmpty()
                || !fileSender.isEmpty()) {
            return false;
        }
        return !transactions.awaitsResponses();
    }

    /** Counts a callback or request handling as over. */
    void callbackDone() {
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

    /** Closes everything once: {@code error} null for a local shutdown. */
    void end(IOException error) {
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

    /**
     * Answers a callback when the session ends first: {@link MsrpSession#deliverChunk} callers get
     * the session's exception.
     */
    private static void abandon(Consumer<MsrpChunk> callback, String transactionId, ReportMode failureReport,
            String comment, MsrpSessionException ended) {
        if (callback instanceof Delivery d) {
            d.result().completeExceptionally(ended);
        } else {
            answer(callback, Transactions.localResponse(transactionId, failureReport, comment));
        }
    }

    /** Gives a response to an application callback; one that throws is logged and does no harm. */
    static void answer(Consumer<MsrpChunk> callback, MsrpChunk response) {
        try {
            callback.accept(response);
        } catch (RuntimeException e) {
            LOG.error("MsrpSession: the callback for transaction {} threw on {} {}", response.transactionId(),
                    response.code(), response.comment(), e);
        }
    }
}
