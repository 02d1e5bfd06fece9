package org.msrp4j.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.transport.MsrpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a session's requests reach the application: its {@link IncomingHandler}, whose failures
 * are logged and count as refusals, or, in queue style, a queue bounded by the session's queue
 * capacity, read with {@link MsrpSession#receiveChunk()}. Called by the reader holding the read
 * role, except {@link #take}.
 */
final class Inbox {

    /** Logged as the session, where applications look for the handler's failures. */
    private static final Logger LOG = LoggerFactory.getLogger(MsrpSession.class);
    private static final Object END_OF_QUEUE = new Object();

    private final IncomingHandler handler;
    private final MsrpTransport transport;
    private final BlockingQueue<Object> queue;
    private final Semaphore room;

    /**
     * @param handler the application's handler, or null for queue style
     * @param capacity the most chunks waiting unread in queue style
     * @param transport the session's transport, named in the logs
     */
    Inbox(IncomingHandler handler, int capacity, MsrpTransport transport) {
        this.handler = handler;
        this.transport = transport;
        this.queue = handler == null ? new LinkedBlockingQueue<>() : null;
        this.room = handler == null ? new Semaphore(capacity) : null;
    }

    /** Gives the handler its session, before anything else reaches it. */
    void start(MsrpSession session) {
        if (handler == null) {
            return;
        }
        try {
            handler.onStart(session);
        } catch (RuntimeException e) {
            LOG.error("MsrpSession {}: the handler's onStart threw", transport, e);
            transport.logger().error("MsrpSession: the handler's onStart failed: " + e);
        }
    }

    /**
     * Hands {@code chunk} to the handler or the queue (waiting for room there). A handler that
     * throws is logged with its stack trace and its chunk counted as not taken: the caller answers
     * it as refused.
     *
     * @return whether the application took the chunk
     */
    boolean deliver(MsrpChunk chunk) throws InterruptedException {
        if (handler == null) {
            room.acquire();
            queue.add(chunk);
            return true;
        }
        try {
            handler.onChunk(chunk);
            return true;
        } catch (RuntimeException e) {
            LOG.error("MsrpSession {}: the IncomingHandler threw on {} {} (Message-ID {}); the message is refused",
                    transport, chunk.method(), chunk.transactionId(), chunk.messageId(), e);
            transport.logger().error("MsrpSession: the handler failed on " + chunk + ": " + e);
            return false;
        }
    }

    /**
     * Asks the handler to answer a request of a method the session does not know (e.g.
     * sipsimple's FILE_OFFSET), and returns what {@code rules} make of its answer.
     */
    List<MsrpChunk> ask(MsrpChunk chunk, IncomingRules rules) {
        MsrpChunk answer = null;
        boolean failed = false;
        if (handler != null) {
            try {
                answer = handler.answerRequest(chunk);
            } catch (RuntimeException e) {
                LOG.warn("the handler failed to answer {} {}", chunk.method(), chunk.transactionId(), e);
                failed = true;
            }
        }
        if (answer != null && !IncomingRules.isAnswerTo(chunk, answer)) {
            LOG.warn("the handler answered {} {} with {}, not a response to it", chunk.method(),
                    chunk.transactionId(), answer);
        }
        return rules.answered(chunk, answer, failed);
    }

    /** Tells the handler why the session failed. */
    void failed(IOException error) {
        if (handler == null) {
            return;
        }
        try {
            handler.onError(error);
        } catch (RuntimeException e) {
            LOG.error("MsrpSession {}: the handler's onError threw", transport, e);
        }
    }

    /**
     * The next queued chunk (queue style).
     *
     * @param timeout the longest wait, or null for none
     * @param ended the exception to throw once the session has ended
     * @throws IllegalStateException if the session delivers to a handler instead
     * @throws TimeoutException if nothing arrived in time
     */
    MsrpChunk take(Duration timeout, Supplier<MsrpSessionException> ended) throws IOException, TimeoutException {
        if (queue == null) {
            throw new IllegalStateException("this session delivers to its IncomingHandler");
        }
        Object next;
        try {
            next = timeout == null ? queue.take() : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a chunk");
        }
        if (next == null) {
            throw new TimeoutException("no chunk within " + timeout.toMillis() + " ms");
        }
        if (next == END_OF_QUEUE) {
            queue.add(END_OF_QUEUE);
            throw ended.get();
        }
        room.release();
        return (MsrpChunk) next;
    }

    /** Ends the queue: whoever waits on it, now or later, learns that the session ended. */
    void end() {
        if (queue != null) {
            queue.add(END_OF_QUEUE);
        }
    }
}
