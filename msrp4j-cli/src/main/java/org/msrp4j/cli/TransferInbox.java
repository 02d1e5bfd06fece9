package org.msrp4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.MsrpSessionException;

/**
 * What arrives on the session of {@code msrp send} or {@code msrp receive}: {@link Transfer}'s
 * control lines are queued for the command's thread ({@link #next}); everything else goes to the
 * listener the command sets ({@link #listen}): the receiver's file data, the sender's
 * Success-Reports. A SEND that nothing takes is refused (413), so a peer never gets a 200 for data
 * that goes nowhere; so is a control message that is not one short chunk, or one beyond {@value
 * #MAX_QUEUED} unread lines.
 *
 * <p>The handler methods run on the session's reader thread, the listener too; {@link #next} on
 * the command's.
 */
final class TransferInbox implements IncomingHandler {

    /** The most control lines held unread. */
    static final int MAX_QUEUED = 16;

    /** The longest control line taken, in bytes. */
    static final int MAX_LINE = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private IOException failure;
    private volatile MsrpSession session;
    private volatile Consumer<MsrpChunk> listener;
    private Consumer<IOException> onFailure;

    @Override
    public void onStart(MsrpSession started) {
        session = started;
    }

    /**
     * Sends every chunk that is not a control line to {@code chunks} from now on, on the reader
     * thread; it {@linkplain #refuse refuses} the SENDs it does not take. {@code failed} is called
     * once if the session fails.
     */
    void listen(Consumer<MsrpChunk> chunks, Consumer<IOException> failed) {
        listener = chunks;
        IOException failedAlready;
        lock.lock();
        try {
            onFailure = failed;
            failedAlready = failure;
        } finally {
            lock.unlock();
        }
        if (failedAlready != null) {
            failed.accept(failedAlready);
        }
    }

    @Override
    public void onChunk(MsrpChunk chunk) {
        if (Transfer.isControl(chunk)) {
            control(chunk);
            return;
        }
        Consumer<MsrpChunk> l = listener;
        if (l != null) {
            l.accept(chunk);
        } else if ("SEND".equals(chunk.method())) {
            refuse(chunk);
        }
    }

    private void control(MsrpChunk chunk) {
        if (chunk.segment() > 1 || chunk.hasMoreSegments() || chunk.continuation() != Continuation.END
                || chunk.size() > MAX_LINE) {
            refuse(chunk);
            return;
        }
        lock.lock();
        try {
            if (lines.size() >= MAX_QUEUED) {
                refuse(chunk);
                return;
            }
            lines.add(new String(chunk.data(), StandardCharsets.UTF_8).strip());
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Answers 413 to the chunk and to the rest of its message. */
    void refuse(MsrpChunk chunk) {
        MsrpSession s = session;
        if (s != null && chunk.messageId() != null) {
            s.refuseMessage(chunk.messageId());
        }
    }

    @Override
    public void onError(IOException error) {
        Consumer<IOException> failed;
        lock.lock();
        try {
            failure = error;
            failed = onFailure;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (failed != null) {
            failed.accept(error);
        }
    }

    /** Why the session failed, or null while it has not. */
    IOException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next control line, waiting for it up to {@code timeout}; lines that came before the
     * session failed are still returned.
     *
     * @throws MsrpSessionException once the session has failed and no line is left (its cause the error)
     * @throws TimeoutException when no line comes in time
     */
    String next(Duration timeout) throws IOException, TimeoutException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (lines.isEmpty()) {
                if (failure != null) {
                    throw new MsrpSessionException("the session has failed: " + failure.getMessage(), failure);
                }
                if (left <= 0) {
                    throw new TimeoutException("no answer from the peer within " + timeout.toSeconds() + " s");
                }
                try {
                    left = arrived.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MsrpSessionException("interrupted while waiting for the peer");
                }
            }
            return lines.poll();
        } finally {
            lock.unlock();
        }
    }
}
