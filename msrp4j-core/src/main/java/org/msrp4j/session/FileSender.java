package org.msrp4j.session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.transport.MsrpTransport;

/**
 * The files a session sends: which one has the next chunk (round-robin, while fewer than the window
 * of their chunks await responses), writing it (sized by {@link FileChunks} to whole TLS records; a
 * chunk with a {@code *} range end is written so that a 413 ends it early with {@code #}, RFC 4975
 * §7.3.2), the responses to their chunks, and how each file ends: done, refused, aborted with a
 * {@code #} chunk, or failed. Its state is guarded by the session's lock; {@link #writeChunk} runs
 * on the session's writer.
 */
final class FileSender {

    /** How many files' chunks sent under Failure-Report {@code partial} are remembered for a 413. */
    private static final int UNWATCHED = 4096;

    private final MsrpTransport transport;
    private final FileChunks fileChunks;
    private final int window;
    private final ReentrantLock lock;
    private final Condition writerWork;
    private final Transactions transactions;
    private final Queue<MsrpChunk> control;
    private final BooleanSupplier closed;
    private final ArrayDeque<FileTransfer> files = new ArrayDeque<>();
    /** Chunks sent under Failure-Report {@code partial}, whose only response is a failure. */
    private final LinkedHashMap<String, FileTransfer> unwatched = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FileTransfer> eldest) {
            return size() > UNWATCHED;
        }
    };
    private int inFlight;

    /**
     * @param transport the session's transport
     * @param chunkSize the most body bytes of a chunk
     * @param window the most file chunks awaiting responses
     * @param lock the session's lock, which guards this
     * @param writerWork signalled when the writer has something to do
     * @param transactions where chunks awaiting responses are registered
     * @param control the writer's queue of chunks that go first, for {@code #} chunks
     * @param closed whether the session has ended
     */
    FileSender(MsrpTransport transport, int chunkSize, int window, ReentrantLock lock, Condition writerWork,
            Transactions transactions, Queue<MsrpChunk> control, BooleanSupplier closed) {
        this.transport = transport;
        this.fileChunks = new FileChunks(transport, chunkSize);
        this.window = window;
        this.lock = lock;
        this.writerWork = writerWork;
        this.transactions = transactions;
        this.control = control;
        this.closed = closed;
    }

    /** Queues a file (under the lock). */
    void add(FileTransfer f) {
        files.add(f);
    }

    /** Whether no file has chunks left to send (under the lock). */
    boolean isEmpty() {
        return files.isEmpty();
    }

    /** The next file with a chunk to send, round-robin, when the window has room (under the lock). */
    FileTransfer next() {
        if (files.isEmpty() || inFlight >= window) {
            return null;
        }
        FileTransfer f = files.poll();
        files.add(f);
        return f;
    }

    /**
     * Writes the next chunk of {@code f} (on the writer, without the lock).
     *
     * @return whether a chunk went out: not when the file was aborted, refused or failed meanwhile
     */
    boolean writeChunk(FileTransfer f) throws IOException {
        OutgoingFile file = f.file;
        if (file.abortRequested()) {
            abort(f, new CancellationException("aborted by the application"));
            return false;
        }
        MsrpChunk chunk;
        try {
            chunk = fileChunks.next(f);
        } catch (IOException e) {
            abort(f, e);
            return false;
        }
        int length = chunk.size();
        boolean last = chunk.continuation() == Continuation.END;
        boolean expectResponse = chunk.failureReport() == ReportMode.YES;
        lock.lock();
        try {
            if (closed.getAsBoolean() || f.finished || f.refused) {
                return false;
            }
            if (expectResponse) {
                transactions.register(chunk, null, f, length, false);
                inFlight++;
                f.inFlight++;
            } else if (chunk.failureReport() == ReportMode.PARTIAL) {
                unwatched.put(chunk.transactionId(), f);
            }
            f.offset += length;
            file.addSent(length);
            if (last) {
                f.allSent = true;
                files.remove(f);
            }
        } finally {
            lock.unlock();
        }
        if (chunk.byteRange().hasEnd()) {
            transport.writeChunk(chunk);
        } else {
            file.addSent(transport.writeInterruptible(chunk, () -> f.refused) - length);
        }
        if (last && !expectResponse) {
            finish(f, null);
        }
        return true;
    }

    /** A chunk of {@code f} awaits its response no more: its window slot is free (under the lock). */
    void slotFreed(FileTransfer f) {
        inFlight--;
        f.inFlight--;
        writerWork.signal();
    }

    /**
     * The response to a chunk of {@code f} arrived: its window slot is free, and after an error it
     * must not carry another chunk of that file (under the lock).
     */
    void responseArrived(FileTransfer f, int code) {
        if (code != 200) {
            files.remove(f);
            f.refused |= code == 413;
        }
        slotFreed(f);
    }

    /**
     * The file a chunk sent under Failure-Report {@code partial} belongs to, when {@code
     * transactionId} is one (under the lock).
     */
    FileTransfer unwatched(String transactionId) {
        return unwatched.remove(transactionId);
    }

    /** Handles the response to a chunk of {@code f} carrying {@code bytes} (without the lock). */
    void answered(FileTransfer f, long bytes, MsrpChunk response) {
        if (response.code() == 200) {
            f.file.addAcknowledged(bytes);
            boolean done;
            lock.lock();
            try {
                done = f.allSent && f.inFlight == 0;
            } finally {
                lock.unlock();
            }
            if (done) {
                finish(f, null);
            }
            return;
        }
        MsrpTransactionException error = new MsrpTransactionException(response.code(), response.comment(),
                "sending " + f.file + " failed: " + response.code()
                        + (response.comment() == null ? "" : " " + response.comment()));
        if (response.code() == 413) {
            // the receiver stopped the message: no more of it, and the chunk being written ends now with '#'
            f.refused = true;
            finish(f, error);
        } else {
            abort(f, error);
        }
    }

    /** Stops a file: no more chunks, a {@code #} chunk to the peer, the completion failed. */
    void abort(FileTransfer f, Throwable why) {
        long offset;
        lock.lock();
        try {
            if (f.finished || closed.getAsBoolean()) {
                return;
            }
            files.remove(f);
            offset = f.offset;
            control.add(transport.newChunk().messageId(f.file.messageId()).start(offset + 1).end(offset)
                    .total(f.file.size()).continuation(Continuation.ABORT).build());
            writerWork.signal();
        } finally {
            lock.unlock();
        }
        finish(f, why);
    }

    /** Ends a file once: its source closed, its completion done ({@code why} null), cancelled or failed. */
    void finish(FileTransfer f, Throwable why) {
        lock.lock();
        try {
            if (f.finished) {
                return;
            }
            f.finished = true;
            files.remove(f);
        } finally {
            lock.unlock();
        }
        try {
            f.file.source().close();
        } catch (IOException e) {
            transport.logger().warn("closing the source of " + f.file + ": " + e.getMessage());
        }
        if (why == null) {
            f.file.completion().complete(null);
        } else if (why instanceof CancellationException) {
            f.file.completion().cancel(false);
        } else {
            f.file.completion().completeExceptionally(why);
        }
    }

    /** Removes and returns the files still queued, for a session that ends (under the lock). */
    List<FileTransfer> clear() {
        List<FileTransfer> all = new ArrayList<>(files);
        files.clear();
        return all;
    }
}
