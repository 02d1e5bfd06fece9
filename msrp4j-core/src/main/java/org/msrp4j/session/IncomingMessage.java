package org.msrp4j.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpHeaders;
import org.msrp4j.protocol.header.ContentTypeHeader;

/**
 * One incoming message being put together by a {@link MessageAssembler}: which of its bytes have
 * arrived, its size once known, its headers, and the {@link MessageSink} holding its content.
 *
 * <p>Positions count from 1 as in Byte-Range. The size ({@link #total()}) is known as soon as a
 * chunk gives a total, or the last chunk ({@code $}) arrives: the message then ends with that
 * chunk's last byte. Received bytes are kept as merged, sorted ranges: a message arriving in order
 * needs one range whatever its number of chunks.
 *
 * <p>A message is <em>done</em> when it is complete, aborted, or discarded: its sink is then
 * closed (or discarded) and the assembler no longer holds it. Thread-safe: all methods take the
 * assembler's lock.
 */
public final class IncomingMessage {

    private final String messageId;
    private final MessageSink sink;
    private final Lock lock;
    private final RangeSet received = new RangeSet();
    private MsrpHeaders headers;
    private boolean headersOfFirstChunk;
    private long total = ByteRange.UNKNOWN;
    private boolean aborted;
    private boolean done;
    private boolean discarded;
    private long lastActivity = System.nanoTime();

    IncomingMessage(String messageId, MessageSink sink, Lock lock) {
        this.messageId = messageId;
        this.sink = sink;
        this.lock = lock;
    }

    /**
     * The Message-ID.
     *
     * @return the Message-ID
     */
    public String messageId() {
        return messageId;
    }

    /**
     * The Content-Type of {@link #headers()}, or null when they have none.
     *
     * @return the Content-Type of {@link #headers()}, or null when they have none
     */
    public String contentType() {
        lock.lock();
        try {
            ContentTypeHeader h = headers == null ? null : headers.get(ContentTypeHeader.class);
            return h == null ? null : h.decode();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A copy of the headers of the message's first chunk (Byte-Range start 1) once it has arrived,
     * before that of the first chunk that arrived: Content-Type, Content-Disposition and the like,
     * but also that chunk's own Byte-Range and paths.
     *
     * @return a copy of the headers of the message's first chunk (Byte-Range start 1) once it has arrived, before that
     *     of the first chunk that arrived: Content-Type, Content-Disposition and the like, but also that chunk's own
     *     Byte-Range and paths
     */
    public MsrpHeaders headers() {
        lock.lock();
        try {
            return headers == null ? new MsrpHeaders() : headers.copy();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The size of the message in bytes, or {@link ByteRange#UNKNOWN} while no chunk has told it.
     *
     * @return the size of the message in bytes, or {@link ByteRange#UNKNOWN} while no chunk has told it
     */
    public long total() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many distinct bytes of the message have arrived (repeats and overlaps count once).
     *
     * @return how many distinct bytes of the message have arrived (repeats and overlaps count once)
     */
    public long bytesReceived() {
        lock.lock();
        try {
            return received.covered();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The bytes that have arrived, as sorted, disjoint, non-adjacent ranges {@code start-end/total}
     * ({@code total} being {@code *} while unknown).
     *
     * @return the bytes that have arrived, as sorted, disjoint, non-adjacent ranges {@code start-end/total} ({@code
     *     total} being {@code *} while unknown)
     */
    public List<ByteRange> received() {
        lock.lock();
        try {
            List<ByteRange> out = new ArrayList<>(received.size());
            for (Map.Entry<Long, Long> r : received.ranges()) {
                out.add(new ByteRange(r.getKey(), r.getValue(), total));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The bytes not received yet, sorted. With the total known: every gap in {@code 1..total}, as
     * {@code start-end/total}; empty exactly when all bytes are in. With the total unknown: every gap
     * in {@code 1..h}, h being the highest byte received, as {@code start-end/*}, then always the
     * open end {@code (h+1)-*}{@code /*} (so {@code 1-*}{@code /*} when nothing arrived).
     *
     * @return the bytes not received yet, sorted
     */
    public List<ByteRange> missing() {
        lock.lock();
        try {
            List<ByteRange> gaps = new ArrayList<>();
            long next = 1;
            for (Map.Entry<Long, Long> r : received.ranges()) {
                if (r.getKey() > next) {
                    gaps.add(new ByteRange(next, r.getKey() - 1, total));
                }
                next = r.getValue() + 1;
            }
            if (total == ByteRange.UNKNOWN) {
                gaps.add(new ByteRange(next, ByteRange.UNKNOWN, ByteRange.UNKNOWN));
            } else if (next <= total) {
                gaps.add(new ByteRange(next, total, total));
            }
            return gaps;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the total is known, every byte of {@code 1..total} arrived, and no abort came.
     *
     * @return whether the total is known, every byte of {@code 1..total} arrived, and no abort came
     */
    public boolean isComplete() {
        lock.lock();
        try {
            return !aborted && total != ByteRange.UNKNOWN && received.covered() == total;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a chunk ended with {@code #}: the sender gave up on the message. Its sink is closed
     * with what arrived (a file stays); {@code sink().discard()} drops it.
     *
     * @return whether a chunk ended with {@code #}: the sender gave up on the message
     */
    public boolean isAborted() {
        lock.lock();
        try {
            return aborted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the message is done: complete, aborted, discarded, or closed with its assembler. Its
     * sink is closed (discarded for a discarded message) and the assembler no longer holds it.
     *
     * @return whether the message is done: complete, aborted, discarded, or closed with its assembler
     */
    public boolean isDone() {
        lock.lock();
        try {
            return done;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The sink holding the content (e.g. a {@link FileSink} to find the file).
     *
     * @return the sink holding the content (e.g. a {@link FileSink} to find the file)
     */
    public MessageSink sink() {
        return sink;
    }

    /**
     * A copy of the content held by a {@link MemorySink}: bytes up to the highest received, those
     * not received reading as 0; complete when {@link #isComplete()}.
     *
     * @return a copy of the content held by a {@link MemorySink}: bytes up to the highest received, those not received
     *     reading as 0; complete when {@link #isComplete()}
     * @throws IllegalStateException if the sink is not a {@link MemorySink}
     */
    public byte[] bytes() {
        if (!(sink instanceof MemorySink memory)) {
            throw new IllegalStateException("message " + messageId + " is not held in memory but by " + sink);
        }
        lock.lock();
        try {
            return memory.bytes();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            String state = discarded ? "discarded" : aborted ? "aborted" : isComplete() ? "complete"
                    : done ? "closed incomplete" : "open";
            return "IncomingMessage(" + messageId + ", " + received.covered() + "/"
                    + (total == ByteRange.UNKNOWN ? "*" : Long.toString(total)) + " bytes, " + state + ")";
        } finally {
            lock.unlock();
        }
    }

    // ---- for MessageAssembler, under its lock ----

    /**
     * Takes a SEND chunk of this message: validates it against what is known, then writes its data
     * and records its range. A chunk that fails validation changes nothing.
     *
     * @throws InvalidChunkException if the chunk contradicts its Byte-Range or the message's size
     * @throws IOException as the sink throws it (e.g. {@link MessageTooLargeException})
     */
    void add(MsrpChunk chunk) throws IOException {
        byte[] data = chunk.data();
        int n = data.length;
        Continuation flag = chunk.continuation();
        ByteRange range = chunk.byteRange();
        long start = range == null ? 1 : range.start();
        long end = start + n - 1;
        if (range != null && range.hasEnd() && range.end() != end) {
            long span = range.end() - start + 1;
            // an abort may cut its chunk short
            if (!(flag == Continuation.ABORT && n < span)) {
                throw invalid("Byte-Range " + range + " spans " + span + " bytes but the chunk carries " + n);
            }
        }
        long newTotal = total;
        if (range != null && range.hasTotal()) {
            if (newTotal != ByteRange.UNKNOWN && newTotal != range.total()) {
                throw invalid("Byte-Range " + range + " contradicts the total of " + total + " bytes given before");
            }
            newTotal = range.total();
        }
        if (flag == Continuation.END) {
            if (newTotal != ByteRange.UNKNOWN && end != newTotal) {
                throw invalid("the last chunk ($) ends at byte " + end + " but the message has " + newTotal + " bytes");
            }
            newTotal = end;
        }
        if (newTotal != ByteRange.UNKNOWN) {
            if (end > newTotal) {
                throw invalid("bytes " + start + "-" + end + " lie beyond the message's " + newTotal + " bytes");
            }
            if (received.highest() > newTotal) {
                throw invalid("the message would have " + newTotal + " bytes but byte " + received.highest()
                        + " arrived already");
            }
        }
        if (newTotal != total) {
            sink.expectSize(newTotal);
            total = newTotal;
        }
        if (n > 0) {
            sink.write(start - 1, ByteBuffer.wrap(data));
            received.add(start, end);
        }
        if (headers == null || (!headersOfFirstChunk && start == 1)) {
            headers = chunk.headers().copy();
            headersOfFirstChunk = start == 1;
        }
        if (flag == Continuation.ABORT) {
            aborted = true;
        }
        lastActivity = System.nanoTime();
    }

    private InvalidChunkException invalid(String problem) {
        return new InvalidChunkException(messageId, "message " + messageId + ": " + problem);
    }

    /** When the last chunk arrived, in {@link System#nanoTime()} terms. */
    long lastActivity() {
        return lastActivity;
    }

    /** Whether the message should be finished: complete or aborted. */
    boolean isFinished() {
        return aborted || (total != ByteRange.UNKNOWN && received.covered() == total);
    }

    /** Marks the message done and closes the sink, keeping the content. */
    void finish() throws IOException {
        if (!done) {
            done = true;
            sink.close();
        }
    }

    /** Marks the message done and discards the sink's content. */
    void discard() throws IOException {
        done = true;
        discarded = true;
        sink.discard();
    }
}
