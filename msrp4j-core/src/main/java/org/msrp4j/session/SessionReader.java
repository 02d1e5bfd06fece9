package org.msrp4j.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.transport.internal.TransportInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two readers of an {@link MsrpSession}, which take turns through a {@link ReadRole}: the one
 * holding it reads, matches responses to transactions, answers and delivers requests (by the
 * {@link IncomingRules}) and runs the callbacks; when nothing more has arrived it writes its answers
 * itself (through {@link SessionWriter#writeDirectly}), and should that write stall the other reader
 * reads on.
 */
final class SessionReader {

    private static final Logger LOG = LoggerFactory.getLogger(MsrpSession.class);

    private final SessionCore core;
    private final SessionWriter writer;
    /** The session, for {@link IncomingHandler#onStart}. */
    private final MsrpSession session;
    private final IncomingRules rules;
    /** The hand-off between the two readers, and the requests one held while it waited for a response. */
    private final ReadRole readRole = new ReadRole();
    /** Whether the handler has had {@link IncomingHandler#onStart} (under {@link #readRole}). */
    private boolean handlerStarted;
    /** Whether the handler has heard why the session failed (under the lock). */
    private boolean errorReported;

    SessionReader(SessionCore core, SessionWriter writer, Refusals refusals, MsrpSession session) {
        this.core = core;
        this.writer = writer;
        this.session = session;
        this.rules = new IncomingRules(core.transport::checkIncomingSendChunk, core.options::accepts, refusals,
                core.transport::makeResponse, this::report);
    }

    /** A reader thread's loop, until the session ends. */
    void readLoop() {
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
            core.lock.lock();
            try {
                if (errorReported || core.failure == null) {
                    return;
                }
                errorReported = true;
                error = core.failure;
            } finally {
                core.lock.unlock();
            }
            core.inbox.failed(error);
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
                        core.inbox.start(session);
                    }
                }
                if (!core.isOpenOrDraining()) {
                    return;
                }
                MsrpChunk chunk = readRole.nextHeld();
                try {
                    if (chunk == null) {
                        chunk = core.transport.readChunk(core.options.readSegmentSize());
                    }
                } catch (IOException e) {
                    core.end(e);
                    return;
                } catch (RuntimeException e) {
                    failInternally("reading", e);
                    return;
                }
                if (!core.isOpenOrDraining()) {
                    return;
                }
                core.lastTraffic = System.nanoTime();
                try {
                    if (chunk.isResponse()) {
                        onResponse(chunk);
                    } else {
                        handleRequest(chunk);
                    }
                } catch (InterruptedException e) {
                    core.end(new InterruptedIOException("the reader was interrupted"));
                    return;
                } catch (RuntimeException e) {
                    failInternally("handling " + chunk.method() + " " + chunk.transactionId(), e);
                    return;
                }
                List<MsrpChunk> batch = takeReplies();
                if (batch != null && !readRole.writeWatched(() -> writer.writeDirectly(batch, true))) {
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
     * Reads on for a {@link MsrpSession#deliverChunk} called on a reader (from {@link
     * IncomingHandler#onChunk} or a response callback) until its response is in: that thread holds
     * the read role, so no other would read it. Responses are handled as usual; requests are held
     * and handled in order once the handler has returned. Past {@link ReadRole#HELD_LIMIT} bytes of
     * held requests reading stops, and the response timeout decides.
     */
    void readWhileWaiting(CompletableFuture<MsrpChunk> result) {
        long deadline = System.nanoTime() + core.options.responseTimeout().toNanos();
        while (!result.isDone() && core.isOpenOrDraining() && !readRole.full()) {
            MsrpChunk c;
            try {
                long left = Math.max(TimeUnit.MILLISECONDS.toNanos(10), deadline - System.nanoTime());
                c = core.transport.readChunk(core.options.readSegmentSize(), Duration.ofNanos(left));
            } catch (MsrpTimeoutException e) {
                continue;
            } catch (IOException e) {
                core.end(e);
                return;
            }
            core.lastTraffic = System.nanoTime();
            if (c.isResponse()) {
                onResponse(c);
            } else {
                readRole.hold(c);
            }
        }
    }

    /**
     * The last line of defence: an unchecked exception while reading or handling what the peer
     * sent (a defect, since every answerable fault is answered) ends the session, and the
     * application hears of it once, through {@link IncomingHandler#onError} or {@link
     * MsrpSession#receiveChunk()}, rather than the reader dying and the session answering nothing more.
     */
    private void failInternally(String doing, RuntimeException e) {
        LOG.error("MsrpSession {}: {} failed; the session ends", core.transport, doing, e);
        core.end(new MsrpSessionException("the session failed " + doing + ": " + e, e));
    }

    /**
     * The replies to write on this thread, or null: when more input has arrived already, another
     * reader is writing or the writer is, they are queued for the writer instead. The transport is
     * asked about input only when there are replies (most chunks read by a sender are responses).
     */
    private List<MsrpChunk> takeReplies() {
        core.lock.lock();
        try {
            if (core.replies.isEmpty()) {
                return null;
            }
        } finally {
            core.lock.unlock();
        }
        boolean moreArrived = readRole.holdsRequests() || TransportInternals.hasInputWaiting(core.transport);
        core.lock.lock();
        try {
            if (core.state == SessionCore.State.CLOSED) {
                core.replies.clear();
                return null;
            }
            if (moreArrived || core.replying || core.writerBusy || !core.queue.noControl()) {
                core.queue.addControl(core.replies);
                core.replies.clear();
                core.writerWork.signal();
                return null;
            }
            core.replying = true;
            core.directWrites++;
            List<MsrpChunk> batch = List.copyOf(core.replies);
            core.replies.clear();
            return batch;
        } finally {
            core.lock.unlock();
        }
    }

    private void onResponse(MsrpChunk response) {
        Transactions.Pending p;
        FileTransfer partial = null;
        core.lock.lock();
        try {
            p = core.transactions.answered(response.transactionId());
            if (p == null) {
                partial = core.fileSender.unwatched(response.transactionId());
                if (partial == null) {
                    return;
                }
            } else if (p.file() != null) {
                core.fileSender.responseArrived(p.file(), p.bytes(), response.code());
            }
            core.callbacksRunning++;
        } finally {
            core.lock.unlock();
        }
        try {
            if (partial != null) {
                if (response.code() != 200) {
                    core.fileSender.answered(partial, 0, response);
                }
            } else if (p.file() != null) {
                core.fileSender.answered(p.file(), p.bytes(), response);
            } else {
                if (p.callback() != null) {
                    SessionCore.answer(p.callback(), response);
                }
                if (response.code() == 413 && p.unfinished() != null) {
                    dropQueued(p.unfinished());
                }
            }
        } finally {
            core.callbackDone();
        }
    }

    /**
     * The receiver refused message {@code messageId} (413): its chunks still queued are not sent,
     * and their callbacks get a local 413.
     */
    private void dropQueued(String messageId) {
        List<WriteQueue.Outgoing> dropped;
        core.lock.lock();
        try {
            dropped = core.queue.removeMessage(messageId);
        } finally {
            core.lock.unlock();
        }
        for (WriteQueue.Outgoing o : dropped) {
            if (o.callback() != null) {
                SessionCore.answer(o.callback(), MsrpChunk.response(o.chunk().transactionId(), 413,
                        "not sent: the receiver stopped message " + messageId));
            }
        }
    }

    /**
     * Handles a request counted as a running callback, so that a shutdown started by the
     * application once it has the chunk waits for the response and reports queued after delivery.
     */
    private void handleRequest(MsrpChunk chunk) throws InterruptedException {
        core.lock.lock();
        try {
            core.callbacksRunning++;
        } finally {
            core.lock.unlock();
        }
        try {
            onRequest(chunk);
        } finally {
            core.callbackDone();
        }
    }

    private void onRequest(MsrpChunk chunk) throws InterruptedException {
        IncomingRules.Verdict verdict = rules.onRequest(chunk);
        addReplies(verdict.replies());
        switch (verdict.action()) {
            case DELIVER -> addReplies(rules.delivered(chunk, core.inbox.deliver(chunk)));
            case REPORT -> {
                core.outcomes.onReport(chunk);
                fileReport(chunk);
                core.inbox.deliver(chunk);
            }
            case ASK -> addReplies(core.inbox.ask(chunk, rules));
            case NONE -> {
            }
        }
    }

    /** Gives a REPORT to the file sender, whose files it may pace. */
    private void fileReport(MsrpChunk report) {
        core.lock.lock();
        try {
            core.fileSender.onReport(report);
        } finally {
            core.lock.unlock();
        }
    }

    /** A REPORT on bytes {@code start}..{@code end} of message {@code messageId}, along this session. */
    private MsrpChunk report(String messageId, long start, long end, long total, Status status) {
        return core.transport.newChunk().method("REPORT").messageId(messageId).start(start).end(end).total(total)
                .header(new StatusHeader(status)).continuation(Continuation.END).build();
    }

    private void addReplies(List<MsrpChunk> chunks) {
        if (chunks.isEmpty()) {
            return;
        }
        core.lock.lock();
        try {
            if (core.state != SessionCore.State.CLOSED) {
                core.replies.addAll(chunks);
            }
        } finally {
            core.lock.unlock();
        }
    }
}
