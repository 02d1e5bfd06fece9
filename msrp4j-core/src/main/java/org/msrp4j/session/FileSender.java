package org.msrp4j.session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.transport.MsrpTransport;

/**
 * The files a session sends: which one has the next chunk (round-robin, while both windows, in
 * chunks and in bytes, have room for one more awaiting its response, and, for a file that asks for
 * success REPORTs, while they leave room, or a probe is due: see {@link SessionSettings#reportWindow()}
 * and {@link SessionSettings#reportProbeInterval()}), writing it
 * (sized by {@link FileChunks} to whole TLS records; a chunk with a {@code *} range end is written
 * so that a 413 ends it early with {@code #}, RFC 4975 §7.3.2), the responses to their chunks, and
 * how each file ends: done, refused, aborted with a {@code #} chunk, or failed. Its state is
 * guarded by the session's lock; {@link #writeChunk} runs on the session's writer.
 */
final class FileSender {

    /** How many files' chunks sent under Failure-Report {@code partial} are remembered for a 413. */
    private static final int UNWATCHED = 4096;

    private final MsrpTransport transport;
    private final FileChunks fileChunks;
    private final int chunkSize;
    private final int window;
    private final long windowBytes;
    private final long reportWindow;
    private final long reportTimeoutNanos;
    private final long probeIntervalNanos;
    private final ReentrantLock lock;
    private final Condition writerWork;
    private final Condition timerWork;
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
    /** The files paced by success REPORTs, by Message-ID, while they are sent. */
    private final Map<String, FileTransfer> paced = new HashMap<>();
    private int inFlight;
    private long inFlightBytes;

    /**
     * @param transport the session's transport
     * @param chunkSize the most body bytes of a chunk
     * @param options the windows, and the response timeout, which bounds a wait for success REPORTs
     * @param lock the session's lock, which guards this
     * @param writerWork signalled when the writer has something to do
     * @param timerWork signalled when a file starts waiting for success REPORTs
     * @param transactions where chunks awaiting responses are registered
     * @param control the writer's queue of chunks that go first, for {@code #} chunks
     * @param closed whether the session has ended
     */
    FileSender(MsrpTransport transport, int chunkSize, SessionSettings options, ReentrantLock lock,
            Condition writerWork, Condition timerWork, Transactions transactions, Queue<MsrpChunk> control,
            BooleanSupplier closed) {
        this.transport = transport;
        this.fileChunks = new FileChunks(transport, chunkSize);
        this.chunkSize = chunkSize;
        this.window = options.window();
        this.windowBytes = options.windowBytes();
        this.reportWindow = options.reportWindow();
        this.reportTimeoutNanos = options.responseTimeout().toNanos();
        this.probeIntervalNanos = options.reportProbeInterval().toNanos();
        this.lock = lock;
        this.writerWork = writerWork;
        this.timerWork = timerWork;
        this.transactions = transactions;
        this.control = control;
        this.closed = closed;
    }

    /** Queues a file (under the lock); success REPORTs pace it when it asks for them. */
    void add(FileTransfer f) {
        files.add(f);
        SuccessReportHeader successReport = f.file.headers().get(SuccessReportHeader.class);
        if (reportWindow > 0 && successReport != null && successReport.decode() == ReportMode.YES
                && paced.putIfAbsent(f.file.messageId(), f) == null) {
            f.paced = true;
        }
    }

    /** Whether no file has chunks left to send (under the lock). */
    boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * The next file with a chunk to send, round-robin, when the windows have room, skipping those
     * that wait for success REPORTs (under the lock).
     */
    FileTransfer next() {
        if (files.isEmpty() || inFlight >= window || inFlight > 0 && inFlightBytes > windowBytes - chunkSize) {
            return null;
        }
        for (int i = files.size(); i > 0; i--) {
            FileTransfer f = files.poll();
            files.add(f);
            if (!waitsForReports(f)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Whether {@code f}'s next chunk would take it past the bytes its success REPORTs leave room for
     * and is no probe the timer found due; a file that starts waiting has the timer told, which
     * marks its probes due and ends the wait after the response timeout.
     */
    private boolean waitsForReports(FileTransfer f) {
        long unreported = f.unreported();
        if (!f.paced || unreported == 0 || unreported + f.body <= reportWindow) {
            f.waiting = false;
            f.probeReady = false;
            f.probes = 0;
            return false;
        }
        if (f.probeReady) {
            f.probeReady = false;
            f.probes++;
            timerWork.signal();
            return false;
        }
        if (!f.waiting) {
            f.waiting = true;
            f.waitingSince = System.nanoTime();
            f.probeDue = f.waitingSince + probeDelay(f.probes);
            timerWork.signal();
        }
        return true;
    }

    /**
     * How long a waiting file goes without REPORTs before probe number {@code probes + 1}: the
     * probe interval, doubled for each probe before.
     */
    private long probeDelay(int probes) {
        return probeIntervalNanos > Long.MAX_VALUE >> (probes + 2) ? Long.MAX_VALUE >> 2 : probeIntervalNanos << probes;
    }

    /** Whether {@code f} waits for its next probe to be due (under the lock). */
    private boolean awaitsProbe(FileTransfer f) {
        return probeIntervalNanos > 0 && !f.probeReady && f.probes < SessionSettings.REPORT_PROBES;
    }

    /**
     * Takes a REPORT along the session: success REPORTs on a paced file's bytes sent so far make
     * room for more of it (under the lock).
     */
    void onReport(MsrpChunk report) {
        FileTransfer f = paced.get(report.messageId());
        Status status = report.status();
        ByteRange range = report.byteRange();
        if (f == null || status == null || status.code() / 100 != 2 || range == null) {
            return;
        }
        long start = Math.max(range.start(), f.file.position() + 1);
        long end = Math.min(range.hasEnd() ? range.end() : f.offset, f.offset);
        if (end >= start && f.reported.add(start, end) > 0) {
            f.waiting = false;
            writerWork.signal();
        }
    }

    /**
     * How long until a file waiting for success REPORTs has a probe due or has waited a response
     * timeout, {@link Long#MAX_VALUE} when none waits (under the lock).
     */
    long untilReportsDue(long now) {
        long until = Long.MAX_VALUE;
        for (FileTransfer f : files) {
            if (f.waiting) {
                until = Math.min(until, Math.max(0, f.waitingSince + reportTimeoutNanos - now));
                if (awaitsProbe(f)) {
                    until = Math.min(until, Math.max(0, f.probeDue - now));
                }
            }
        }
        return until;
    }

    /**
     * Marks the probes that are due ready, for the writer, and ends the waits for success REPORTs
     * that lasted a response timeout (under the lock): a file never reported on goes on paced by its
     * responses only; the others are returned, for {@link #reportsStopped}.
     */
    List<FileTransfer> reportsOverdue(long now) {
        List<FileTransfer> stopped = new ArrayList<>();
        for (FileTransfer f : files) {
            if (!f.waiting) {
                continue;
            }
            if (f.waitingSince + reportTimeoutNanos - now > 0) {
                if (awaitsProbe(f) && f.probeDue - now <= 0) {
                    f.probeReady = true;
                    f.probeDue = now + probeDelay(f.probes + 1);
                    writerWork.signal();
                }
                continue;
            }
            f.waiting = false;
            if (f.reported.covered() == 0) {
                f.paced = false;
                paced.remove(f.file.messageId(), f);
                transport.logger().warn("no success REPORT for " + f.file + " within "
                        + TimeUnit.NANOSECONDS.toMillis(reportTimeoutNanos) + " ms: the peer seems to send none,"
                        + " so the file goes on paced by its responses only");
                writerWork.signal();
            } else {
                stopped.add(f);
            }
        }
        return stopped;
    }

    /** Fails a file whose success REPORTs stopped for a response timeout (without the lock). */
    void reportsStopped(FileTransfer f) {
        long millis = TimeUnit.NANOSECONDS.toMillis(reportTimeoutNanos);
        abort(f, new MsrpTransactionException(408, "no success report within " + millis + " ms",
                "sending " + f.file + " failed: no success report within " + millis + " ms, with "
                        + f.unreported() + " bytes sent beyond the last"));
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
                inFlightBytes += length;
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

    /**
     * A chunk of {@code f} carrying {@code bytes} awaits its response no more: its room in the windows
     * is free (under the lock).
     */
    void slotFreed(FileTransfer f, long bytes) {
        inFlight--;
        inFlightBytes -= bytes;
        f.inFlight--;
        writerWork.signal();
    }

    /**
     * The response to a chunk of {@code f} carrying {@code bytes} arrived: its room in the windows is
     * free, and after an error it must not carry another chunk of that file (under the lock).
     */
    void responseArrived(FileTransfer f, long bytes, int code) {
        if (code != 200) {
            files.remove(f);
            f.refused |= code == 413;
        }
        slotFreed(f, bytes);
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
            paced.remove(f.file.messageId(), f);
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
        paced.clear();
        return all;
    }
}
