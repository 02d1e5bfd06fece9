package org.msrp4j.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;

/**
 * The write side of a transport: encodes chunks onto the socket with small ones coalesced into few
 * writes, keeps the queue of writes nobody waits for, and notes when the socket last took bytes
 * (the stall clock). Whole chunks never interleave: every write holds {@code writeLock}.
 */
final class ChunkWriter {

    /** Chunks up to this size on the wire go out in one socket write. */
    private static final int COALESCE_LIMIT = 64 * 1024 + 4096;
    /** The most a single socket write is given, so that a large body shows its progress. */
    private static final int WRITE_PIECE = 64 * 1024;

    private final MsrpTransport transport;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private byte[] writeBuffer = new byte[0];
    /** When the write in progress last saw the socket take bytes (or began); 0 when none is. */
    private volatile long writeProgress;

    private final ReentrantLock asyncLock = new ReentrantLock();
    private final ArrayDeque<PendingWrite> asyncWrites = new ArrayDeque<>();
    private boolean asyncDraining;

    private record PendingWrite(MsrpChunk chunk, CompletableFuture<Void> done) {
    }

    ChunkWriter(MsrpTransport transport, OutputStream out) {
        this.transport = transport;
        this.out = out;
    }

    /**
     * Runs {@code action} unless a write is in progress, for a TLS close that must not mix its
     * close_notify into a chunk.
     */
    void ifIdle(Runnable action) {
        if (writeLock.tryLock()) {
            try {
                action.run();
            } finally {
                writeLock.unlock();
            }
        }
    }

    /**
     * What a write does inside {@link #framed}: an unbound method reference with its arguments
     * passed along, so that a write allocates nothing for its frame.
     */
    @FunctionalInterface
    private interface WriteBody<A, B> {
        int write(ChunkWriter writer, A a, B b) throws IOException;
    }

    /**
     * Runs a write under {@code writeLock} on an open transport, its stall clock running: a failed
     * write fails and closes the transport; a closed one is rethrown as it is.
     *
     * @return what {@code body} returned
     */
    private <A, B> int framed(WriteBody<A, B> body, A a, B b) throws IOException {
        writeLock.lock();
        try {
            transport.checkOpen();
            writeProgress = System.nanoTime();
            return body.write(this, a, b);
        } catch (ConnectionClosedException e) {
            throw e;
        } catch (IOException e) {
            IOException failure = transport.failure("writing", e);
            transport.closeAfterFailure();
            throw failure;
        } finally {
            writeProgress = 0;
            writeLock.unlock();
        }
    }

    /** See {@code MsrpTransport.writeChunks}. */
    void writeChunks(List<MsrpChunk> chunks) throws IOException {
        framed(ChunkWriter::encodeChunks, chunks, null);
    }

    /** The body of {@link #writeChunks}: small chunks coalesced into few socket writes. */
    private int encodeChunks(List<MsrpChunk> chunks, Void none) throws IOException {
        int fill = 0;
        for (MsrpChunk chunk : chunks) {
            byte[] start = chunk.encodeStart();
            byte[] data = chunk.data();
            byte[] end = chunk.encodeEnd(chunk.continuation());
            int total = start.length + data.length + end.length;
            if (fill > 0 && fill + total > COALESCE_LIMIT) {
                writeBuffered(fill);
                fill = 0;
            }
            if (total <= COALESCE_LIMIT) {
                fill = append(fill, start, data, end);
            } else {
                write(start, start.length);
                write(data, data.length);
                write(end, end.length);
            }
            if (transport.logging()) {
                logSent(chunk, start, data, end);
            }
        }
        if (fill > 0) {
            writeBuffered(fill);
        }
        return 0;
    }

    /** See {@code MsrpTransport.writeInterruptible}. */
    int writeInterruptible(MsrpChunk chunk, BooleanSupplier stop) throws IOException {
        ByteRange range = chunk.byteRange();
        if (range == null || range.hasEnd()) {
            throw new IllegalArgumentException("only a chunk whose range end is * may be interrupted: " + chunk);
        }
        return framed(ChunkWriter::encodeUntilStopped, chunk, stop);
    }

    /** The body of {@link #writeInterruptible}: the data in pieces, ended with {@code #} once stopped. */
    private int encodeUntilStopped(MsrpChunk chunk, BooleanSupplier stop) throws IOException {
        byte[] start = chunk.encodeStart();
        byte[] data = chunk.data();
        byte[] whole = chunk.encodeEnd(chunk.continuation());
        if (data.length <= WRITE_PIECE && start.length + data.length + whole.length <= COALESCE_LIMIT
                && !stop.getAsBoolean()) {
            // one piece, asked about once as below: the whole frame goes out in one socket write
            // (one TLS record for an 8 KiB chunk), not as start line, body and end-line apart
            writeBuffered(append(0, start, data, whole));
            if (transport.logging()) {
                logSent(chunk, start, data, whole);
            }
            return data.length;
        }
        write(start, start.length);
        int written = 0;
        while (written < data.length && !stop.getAsBoolean()) {
            int n = Math.min(WRITE_PIECE, data.length - written);
            out.write(data, written, n);
            written += n;
            writeProgress = System.nanoTime();
        }
        byte[] end = chunk.encodeEnd(written < data.length ? Continuation.ABORT : chunk.continuation());
        write(end, end.length);
        if (transport.logging()) {
            logSent(chunk, start, written < data.length ? Arrays.copyOf(data, written) : data, end);
        }
        return written;
    }

    /**
     * Copies a chunk's start, body and end into {@link #writeBuffer} at {@code fill}, growing it
     * as far as {@link #COALESCE_LIMIT} (under writeLock).
     *
     * @return the buffer's new fill
     */
    private int append(int fill, byte[] start, byte[] data, byte[] end) {
        int total = start.length + data.length + end.length;
        if (writeBuffer.length < fill + total) {
            writeBuffer = Arrays.copyOf(writeBuffer,
                    Math.min(COALESCE_LIMIT, Math.max(fill + total, 2 * writeBuffer.length)));
        }
        System.arraycopy(start, 0, writeBuffer, fill, start.length);
        System.arraycopy(data, 0, writeBuffer, fill + start.length, data.length);
        System.arraycopy(end, 0, writeBuffer, fill + start.length + data.length, end.length);
        return fill + total;
    }

    /**
     * Writes the first {@code fill} bytes of {@link #writeBuffer}, at most {@link #COALESCE_LIMIT},
     * in one piece: a frame just over {@link #WRITE_PIECE} costs no extra small write (under writeLock).
     */
    private void writeBuffered(int fill) throws IOException {
        out.write(writeBuffer, 0, fill);
        writeProgress = System.nanoTime();
    }

    /** Writes {@code b[0, length)} in pieces, noting the time each is taken (under writeLock). */
    private void write(byte[] b, int length) throws IOException {
        for (int off = 0; off < length; off += WRITE_PIECE) {
            out.write(b, off, Math.min(WRITE_PIECE, length - off));
            writeProgress = System.nanoTime();
        }
    }

    /** See {@code MsrpTransport.writeStalledNanos}. */
    long writeStalledNanos() {
        long since = writeProgress;
        return since == 0 ? 0 : Math.max(0, System.nanoTime() - since);
    }

    private void logSent(MsrpChunk chunk, byte[] start, byte[] data, byte[] end) {
        TrafficLogger logger = transport.logger();
        logger.sentNewChunk(ByteBuffer.wrap(start).asReadOnlyBuffer(), transport, chunk);
        if (data.length > 0) {
            logger.sentChunkData(ByteBuffer.wrap(data).asReadOnlyBuffer(), transport, chunk.transactionId());
        }
        logger.sentChunkEnd(ByteBuffer.wrap(end).asReadOnlyBuffer(), transport, chunk.transactionId());
    }

    /** See {@code MsrpTransport.writeChunkAsync}. */
    CompletableFuture<Void> writeChunkAsync(MsrpChunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        CompletableFuture<Void> done = new CompletableFuture<>();
        asyncLock.lock();
        try {
            asyncWrites.add(new PendingWrite(chunk, done));
            if (!asyncDraining) {
                asyncDraining = true;
                Thread.ofVirtual().name("msrp-async-write").start(this::drainAsyncWrites);
            }
        } finally {
            asyncLock.unlock();
        }
        return done;
    }

    private void drainAsyncWrites() {
        while (true) {
            PendingWrite next;
            asyncLock.lock();
            try {
                next = asyncWrites.poll();
                if (next == null) {
                    asyncDraining = false;
                    return;
                }
            } finally {
                asyncLock.unlock();
            }
            try {
                writeChunks(List.of(next.chunk()));
                next.done().complete(null);
            } catch (IOException | RuntimeException e) {
                next.done().completeExceptionally(e);
            }
        }
    }
}
