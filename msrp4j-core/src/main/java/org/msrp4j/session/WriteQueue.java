package org.msrp4j.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.KeepAliveHeader;

/**
 * What a session's writer has to write besides file chunks, and how it batches it: responses,
 * REPORTs and {@code #} chunks ("control") before queued requests, in order, up to about 64 KiB or
 * 256 chunks per write, registering each request that awaits a response as it is taken. Guarded by
 * the session's lock.
 */
final class WriteQueue {

    /**
     * A queued request.
     *
     * @param chunk the request
     * @param callback receives its response, or null
     */
    record Outgoing(MsrpChunk chunk, Consumer<MsrpChunk> callback) {
    }

    /** The most chunks in one batch. */
    private static final int BATCH_CHUNKS = 256;
    /** The body bytes (plus {@link #FRAMING} per chunk) after which a batch is full. */
    private static final long BATCH_BYTES = 64 * 1024;
    /** What a chunk's start line, headers and end-line are counted as in a batch. */
    private static final int FRAMING = 200;

    private final ArrayDeque<MsrpChunk> control = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> messages = new ArrayDeque<>();
    private final Transactions transactions;

    /** @param transactions where requests awaiting responses are registered */
    WriteQueue(Transactions transactions) {
        this.transactions = transactions;
    }

    /** The queue of chunks that go before requests (responses, REPORTs, {@code #} chunks). */
    Queue<MsrpChunk> control() {
        return control;
    }

    /** Queues responses and REPORTs, before any request. */
    void addControl(Collection<MsrpChunk> chunks) {
        control.addAll(chunks);
    }

    /** Queues a request after those queued before. */
    void addMessage(MsrpChunk chunk, Consumer<MsrpChunk> callback) {
        messages.add(new Outgoing(chunk, callback));
    }

    /** Whether no response or REPORT is queued. */
    boolean noControl() {
        return control.isEmpty();
    }

    /** Whether nothing at all is queued. */
    boolean isEmpty() {
        return control.isEmpty() && messages.isEmpty();
    }

    /**
     * Moves responses and REPORTs, then queued requests, into {@code batch}, up to about 64 KiB
     * or 256 chunks, registering the requests that await responses.
     */
    void takeBatch(List<MsrpChunk> batch) {
        long bytes = 0;
        while (batch.size() < BATCH_CHUNKS && bytes < BATCH_BYTES) {
            MsrpChunk next = control.poll();
            if (next == null) {
                Outgoing o = messages.poll();
                if (o == null) {
                    return;
                }
                next = o.chunk();
                boolean keepAlive = next.headers().contains(KeepAliveHeader.NAME);
                // a '+' chunk answered 200 or not is watched too, so that a 413 stops the rest
                boolean unfinished = next.continuation() == Continuation.MORE && next.messageId() != null
                        && next.failureReport() == ReportMode.YES;
                if (o.callback() != null || keepAlive || unfinished) {
                    transactions.register(next, o.callback(), null, 0, keepAlive);
                }
            }
            batch.add(next);
            bytes += next.size() + FRAMING;
        }
    }

    /** Removes and returns the queued requests of message {@code messageId}. */
    List<Outgoing> removeMessage(String messageId) {
        List<Outgoing> removed = new ArrayList<>();
        for (Iterator<Outgoing> it = messages.iterator(); it.hasNext(); ) {
            Outgoing o = it.next();
            if (messageId.equals(o.chunk().messageId())) {
                it.remove();
                removed.add(o);
            }
        }
        return removed;
    }

    /** Empties the queue, for a session that ends, and returns the requests that were not sent. */
    List<Outgoing> clear() {
        List<Outgoing> unsent = new ArrayList<>(messages);
        messages.clear();
        control.clear();
        return unsent;
    }
}
