package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionOptions;
import org.msrp4j.transport.MsrpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code msrp receive}: waits for one file from {@code msrp send}, verifies it, keeps partial data to resume. */
@Command(name = "receive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Waits for a peer running 'msrp send' and receives one file into a directory, "
                + "verifying its SHA-256; an interrupted transfer resumes when the same file is sent again.",
            "",
            "Prints this side's path as 'a=path:URI' (with --tls also 'a=fingerprint:...'): give it to the "
                    + "sender ('msrp send FILE --to URI'). See 'msrp send --help' for the exchange: the sender "
                    + "offers name, size and SHA-256; this side answers how many bytes of that file it already "
                    + "holds; the rest arrives as one MSRP message; this side hashes the file and tells the "
                    + "sender whether it matches.",
            "",
            "While bytes arrive they go to DIR/NAME.part, with the offer recorded in DIR/NAME.part.offer. "
                    + "If the connection ends early, both stay: run 'msrp receive' again with the same --out and "
                    + "send the same file (same name, size and SHA-256), and the transfer continues after the "
                    + "bytes already there. A file that does not match the offer's SHA-256 is deleted. Once "
                    + "verified, DIR/NAME.part becomes DIR/NAME; an existing DIR/NAME is never overwritten (the "
                    + "offer is refused)."},
        footer = {"", "Examples:", "  msrp receive --out ~/incoming", "  msrp receive --tls --host 192.0.2.7 --port 2855",
            "", "Exit codes: see 'msrp --help' (8: interrupted, the partial file is kept for resuming)."})
final class ReceiveCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Directory to put the file in, created if needed (default: the current directory).")
    private Path out;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "How progress is shown: auto, bar, lines or none (default: ${DEFAULT-VALUE}).")
    private String progress;

    @Mixin
    private EndpointOptions endpoint;

    @Mixin
    private ListenOptions listen;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress.Mode mode = progressMode(progress);
        Files.createDirectories(out);
        MsrpTransport transport = new Connections(endpoint, stdout, err).listen(listen);
        MsrpSession session = MsrpSession.startQueued(transport,
                SessionOptions.builder().responseTimeout(endpoint.timeout()).build());
        try {
            String line = Transfer.receive(session, endpoint.timeout());
            Transfer.Offer offer = Transfer.Offer.parse(line);
            if (offer == null) {
                Transfer.tell(session, transport, "refused not an offer");
                throw new CliException(ExitCode.FAILURE, "the peer sent no file offer but \"" + line + "\"");
            }
            String problem = badName(offer.name());
            Path target = problem == null ? out.resolve(offer.name()) : null;
            if (problem == null && Files.exists(target)) {
                problem = target + " exists";
            }
            if (problem != null) {
                Transfer.tell(session, transport, "refused " + problem);
                throw new CliException(ExitCode.REFUSED, "refused the file offer: " + problem);
            }
            Path part = out.resolve(offer.name() + ".part");
            Path record = out.resolve(offer.name() + ".part.offer");
            long have = resumable(part, record, offer);
            if (have == 0) {
                Files.writeString(record, offer.encode() + "\n", StandardCharsets.UTF_8);
                Files.write(part, new byte[0]);
            } else {
                err.println("resuming: " + part + " holds " + Progress.bytes(have) + " of " + offer.name());
            }
            err.println("receiving " + offer.name() + " (" + Progress.bytes(offer.size()) + ") into " + out);
            err.flush();
            Transfer.tell(session, transport, "have " + have);
            if (have < offer.size()) {
                receiveData(session, offer, part, have, new Progress(err, offer.name(), offer.size(), have, mode));
            }
            String hash = Transfer.sha256(part, offer.size(), new Progress(err, offer.name() + " (verifying)",
                    offer.size(), 0, Progress.Mode.NONE));
            if (!hash.equals(offer.sha256())) {
                Files.deleteIfExists(part);
                Files.deleteIfExists(record);
                Transfer.tell(session, transport, "mismatch sha-256=" + hash);
                throw new CliException(ExitCode.CHECKSUM, "SHA-256 mismatch: received " + hash + ", offered "
                        + offer.sha256() + "; the received data was deleted");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(record);
            Transfer.tell(session, transport, "verified sha-256=" + hash);
            stdout.println("received " + target + " (" + offer.size() + " bytes), SHA-256 " + hash + " verified");
            stdout.flush();
            return ExitCode.OK;
        } finally {
            session.shutdown(true);
        }
    }

    /** Writes the file's bytes as they arrive, in order, until the last one. */
    private static void receiveData(MsrpSession session, Transfer.Offer offer, Path part, long have, Progress bar)
            throws IOException, CliException {
        long next = have;
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
            channel.truncate(have);
            while (next < offer.size()) {
                MsrpChunk chunk;
                try {
                    chunk = session.receiveChunk();
                } catch (IOException e) {
                    bar.finish(next);
                    throw new CliException(ExitCode.LOST, "the transfer was interrupted after " + Progress.bytes(next)
                            + " of " + Progress.bytes(offer.size()) + "; " + part
                            + " is kept: send the same file again to resume (" + Main.message(e) + ")", e);
                }
                if (!"SEND".equals(chunk.method()) || Transfer.isControl(chunk)) {
                    continue;
                }
                if (chunk.continuation() == Continuation.ABORT) {
                    bar.finish(next);
                    throw new CliException(ExitCode.LOST, "the sender aborted the transfer after "
                            + Progress.bytes(next) + "; " + part + " is kept for resuming");
                }
                ByteRange range = chunk.byteRange();
                long start = range == null ? 1 : range.start();
                if (start - 1 != next) {
                    throw new CliException(ExitCode.FAILURE, "expected the byte at " + (next + 1) + " but a chunk "
                            + "starts at " + start + " (Byte-Range " + range + ")");
                }
                ByteBuffer data = ByteBuffer.wrap(chunk.data());
                while (data.hasRemaining()) {
                    next += channel.write(data, next);
                }
                bar.update(next);
            }
        }
        bar.finish(next);
    }

    /** How many bytes of {@code part} can be kept: all it has when it was made for the same offer. */
    private static long resumable(Path part, Path record, Transfer.Offer offer) throws IOException {
        if (!Files.isRegularFile(part) || !Files.isRegularFile(record)) {
            return 0;
        }
        Transfer.Offer before = Transfer.Offer.parse(Files.readString(record, StandardCharsets.UTF_8).strip());
        if (!offer.equals(before)) {
            return 0;
        }
        return Math.min(Files.size(part), offer.size());
    }

    /** Why a file name from the peer cannot be used as is, or null when it can. */
    private static String badName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.chars().anyMatch(Character::isISOControl)) {
            return "unusable file name \"" + name + "\"";
        }
        return null;
    }

    /** The {@code --progress} value as a mode. */
    static Progress.Mode progressMode(String value) throws CliException {
        try {
            return Progress.Mode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--progress must be auto, bar, lines or none, not " + value);
        }
    }
}
