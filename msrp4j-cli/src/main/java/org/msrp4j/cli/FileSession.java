package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.msrp4j.file.FileInfo;
import org.msrp4j.file.FileTransferException;
import org.msrp4j.file.FileTransferListener;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.file.TransferProgress;
import org.msrp4j.file.TransferResult;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Status;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.stream.StreamException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The RFC 5547 form of {@code msrp send} and {@code msrp receive}: a {@link FileTransferStream} and
 * its SDP exchange. Without the peer's description this side offers (a push of its file, or a pull
 * asking for one): it prints its offer, ended by an empty line, reads the peer's answer from stdin
 * up to an empty line, and connects. Given the peer's offer it prints its answer and waits for the
 * peer's connection. Progress goes to stderr as the stream reports it; the outcome is one line on
 * stdout, or a failure with its exit code.
 */
final class FileSession implements FileTransferListener {

    /** The SDP media type of a file transfer. */
    static final String MEDIA = "message";

    private final PrintWriter out;
    private final PrintWriter status;
    private final Progress.Mode mode;
    private final String peerCommand;
    /** Guards {@link #bar}, used by the stream's event thread and the waiting one. */
    private final ReentrantLock lock = new ReentrantLock();
    private Progress bar;
    private volatile long done;

    /**
     * @param peerCommand how the peer is run, for the hint printed with an offer
     */
    FileSession(PrintWriter out, PrintWriter status, Progress.Mode mode, String peerCommand) {
        this.out = out;
        this.status = status;
        this.mode = mode;
        this.peerCommand = peerCommand;
    }

    /**
     * Runs {@code stream} to its outcome.
     *
     * @param offer the peer's offer (this side answers), or null (this side offers)
     * @return the verified transfer
     * @throws CliException with the exit code the transfer's failure calls for
     */
    TransferResult run(FileTransferStream stream, MsrpMedia offer, long timeoutSeconds) throws Exception {
        try {
            MsrpMedia local = usable(() -> offer == null ? stream.initialize() : stream.initialize(offer));
            StreamMedia.print(local, out);
            MsrpMedia remote = offer;
            if (remote == null) {
                status.println("give the description above to the peer ('" + peerCommand + "'), then paste its "
                        + "answer and an empty line:");
                status.flush();
                remote = StreamMedia.read("-", System.in, MEDIA);
            } else {
                status.println("waiting up to " + timeoutSeconds + " s for the peer to connect ...");
                status.flush();
            }
            MsrpMedia peer = remote;
            usable(() -> {
                stream.start(peer);
                return null;
            });
            return outcome(stream);
        } finally {
            stream.end().join();
        }
    }

    /**
     * Runs {@code stream} on the connection {@code exchange} carries, the descriptions going in-band
     * ({@link InBandSdp}): this side offers (a push) and starts with the answer.
     *
     * @return the verified transfer
     * @throws CliException with the exit code the transfer's failure calls for
     */
    TransferResult offerInBand(FileTransferStream stream, MsrpTransport transport, InBandSdp exchange)
            throws Exception {
        try {
            MsrpMedia local = usable(() -> stream.initialize(transport));
            MsrpMedia answer = exchange.offer(local);
            usable(() -> {
                stream.start(answer);
                return null;
            });
            return outcome(stream);
        } finally {
            stream.end().join();
        }
    }

    /**
     * Runs {@code stream} on the connection {@code exchange} carries, answering the peer's {@code
     * offer} (its SEND {@code request}) in-band.
     *
     * @return the verified transfer
     * @throws CliException with the exit code the transfer's failure calls for
     */
    TransferResult answerInBand(FileTransferStream stream, MsrpTransport transport, InBandSdp exchange,
            MsrpChunk request, MsrpMedia offer) throws Exception {
        try {
            MsrpMedia local = usable(() -> stream.initialize(transport, offer));
            exchange.answer(request, local);
            usable(() -> {
                stream.start(offer);
                return null;
            });
            return outcome(stream);
        } finally {
            stream.end().join();
        }
    }

    /**
     * Waits for the transfer's outcome, showing progress at least once a second meanwhile (the
     * stream reports only changes: a stalled transfer shows as one).
     */
    private TransferResult outcome(FileTransferStream stream) throws Exception {
        while (true) {
            try {
                return stream.result().get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                show(b -> b.update(done));
            } catch (ExecutionException e) {
                stream.ended().join();
                throw failure(e.getCause());
            }
        }
    }

    /** Runs {@code step} on the progress display, if there is one yet. */
    private void show(Consumer<Progress> step) {
        lock.lock();
        try {
            if (bar != null) {
                step.accept(bar);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The bytes the receiver held at the last progress report. */
    long done() {
        return done;
    }

    /** A step whose failure, when the peer's description is to blame, is a usage error. */
    private interface Step {
        MsrpMedia run() throws IOException;
    }

    private static MsrpMedia usable(Step step) throws IOException, CliException {
        try {
            return step.run();
        } catch (FileTransferException e) {
            throw failure(e);
        } catch (StreamException e) {
            if (e.getCause() instanceof SdpException || e.getCause() == null) {
                throw new CliException(ExitCode.USAGE, "the peer's media description cannot be used: "
                        + Main.message(e), e);
            }
            throw e;
        }
    }

    /** The exit code and message for the transfer's failure. */
    static CliException failure(Throwable cause) {
        if (!(cause instanceof FileTransferException f)) {
            return new CliException(cause instanceof Exception e ? ExitCode.of(e) : ExitCode.FAILURE,
                    Main.message(cause), cause);
        }
        int code = switch (f.code()) {
            case FileTransferException.INTEGRITY -> ExitCode.CHECKSUM;
            case FileTransferException.LOST, FileTransferException.CANCELLED, Status.NO_SESSION -> ExitCode.LOST;
            case FileTransferException.LOCAL_IO -> ExitCode.FAILURE;
            default -> ExitCode.REFUSED;
        };
        String hint = code == ExitCode.LOST ? "; run the same transfer again to resume" : "";
        return new CliException(code, Main.message(f) + hint, f);
    }

    // ---------------------------------------------------------------- the stream's events, on its event thread

    @Override
    public void transferStarted(FileInfo info, long offset) {
        String name = PeerText.display(info.name().orElse("file"));
        if (offset > 0) {
            status.println("resuming at byte " + (offset + 1) + ": " + Progress.bytes(offset) + " of " + name
                    + " are there already");
        }
        status.println((info.sending() ? "sending " : "receiving ") + name + " (" + Progress.bytes(info.size())
                + ")");
        status.flush();
        done = offset;
        lock.lock();
        try {
            bar = new Progress(status, name, info.size(), offset, mode);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void progress(TransferProgress progress) {
        done = progress.bytes();
        show(b -> b.update(done));
    }

    @Override
    public void completed(TransferResult result) {
        show(b -> b.finish(result.size()));
    }

    @Override
    public void failed(int code, String reason) {
        show(b -> b.finish(done));
    }

    @Override
    public void cancelled(boolean byPeer) {
        show(b -> b.finish(done));
    }
}
