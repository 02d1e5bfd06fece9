package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
                    + "offer is refused).",
            "",
            "The peer is not trusted: an offer is refused, with the reason sent back, when its name is "
                    + "empty, '.' or '..', holds a path separator, is over 200 UTF-8 bytes, or holds control or "
                    + "format characters (such as escape sequences or the bidi override U+202E); or when the "
                    + "file is over --max-size or the free space. Only the offered bytes are stored: a chunk "
                    + "past the offered size, of another size or out of order is refused (413), and the transfer "
                    + "ends. The SHA-256 covers exactly the bytes stored. What the peer sent is printed with "
                    + "control characters escaped."},
        footer = {"", "Examples:", "  msrp receive --out ~/incoming",
            "  msrp receive --tls --host 192.0.2.7 --port 2855",
            "", "Exit codes: see 'msrp --help' (8: interrupted, the partial file is kept for resuming)."})
final class ReceiveCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Directory to put the file in, created if needed (default: the current directory).")
    private Path out;

    @Option(names = "--max-size", paramLabel = "SIZE", defaultValue = "10G", converter = Converters.Size.class,
            description = {"Refuse an offer of a larger file: bytes, or with K, M, G, T (powers of 1000) or "
                    + "KiB, MiB, GiB, TiB (default: ${DEFAULT-VALUE}). An offer larger than the free space "
                    + "of --out is refused too."})
    private long maxSize;

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
        if (maxSize < 0) {
            throw new CliException(ExitCode.USAGE, "--max-size must not be negative");
        }
        Files.createDirectories(out);
        MsrpTransport transport = new Connections(endpoint, stdout, err).listen(listen);
        TransferInbox inbox = new TransferInbox();
        MsrpSession session = MsrpSession.start(transport,
                SessionOptions.builder().responseTimeout(endpoint.timeout()).build(), inbox);
        try {
            String line = inbox.next(endpoint.timeout());
            Transfer.Offer offer = Transfer.Offer.parse(line);
            if (offer == null) {
                Transfer.tell(session, "refused not an offer");
                throw new CliException(ExitCode.FAILURE, "the peer sent no file offer but \"" + line + "\"");
            }
            String problem = refusal(offer);
            if (problem != null) {
                Transfer.tell(session, "refused " + problem);
                throw new CliException(ExitCode.REFUSED, "refused the file offer: " + problem);
            }
            Path target = out.resolve(offer.name());
            Path part = out.resolve(offer.name() + ".part");
            Path record = out.resolve(offer.name() + ".part.offer");
            long have = resumable(part, record, offer);
            long free = Files.getFileStore(out).getUsableSpace();
            if (free < offer.size() - have) {
                String full = "not enough space: " + Progress.bytes(offer.size() - have) + " to come, "
                        + Progress.bytes(free) + " free";
                Transfer.tell(session, "refused " + full);
                throw new CliException(ExitCode.REFUSED, "refused the file offer: " + full);
            }
            RandomAccessFile file;
            try {
                if (have == 0) {
                    Files.writeString(record, offer.encode() + "\n", StandardCharsets.UTF_8);
                }
                file = open(part, have);
            } catch (IOException e) {
                Transfer.tell(session, "refused cannot store the file");
                throw new CliException(ExitCode.FAILURE, "cannot store the file: " + Main.message(e), e);
            }
            try (file) {
                if (have > 0) {
                    err.println("resuming: " + part + " holds " + Progress.bytes(have) + " of " + offer.name());
                }
                err.println("receiving " + offer.name() + " (" + Progress.bytes(offer.size()) + ") into " + out);
                err.flush();
                Progress bar = new Progress(err, offer.name(), offer.size(), have, mode);
                FileIntake intake = new FileIntake(inbox, file, have, offer.size(), bar);
                inbox.listen(intake, intake::fail);
                Transfer.tell(session, "have " + have);
                awaitData(session, intake, bar, part, offer);
            }
            String hash = Transfer.sha256(part, new Progress(err, offer.name() + " (verifying)", offer.size(), 0,
                    Progress.Mode.NONE));
            long stored = Files.size(part);
            if (stored != offer.size() || !hash.equals(offer.sha256())) {
                Files.deleteIfExists(part);
                Files.deleteIfExists(record);
                Transfer.tell(session, "mismatch sha-256=" + hash);
                throw new CliException(ExitCode.CHECKSUM, "SHA-256 mismatch: received " + hash
                        + (stored == offer.size() ? "" : " of " + stored + " bytes") + ", offered " + offer.sha256()
                        + (stored == offer.size() ? "" : " of " + offer.size()) + "; the received data was deleted");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(record);
            Transfer.tell(session, "verified sha-256=" + hash);
            stdout.println("received " + target + " (" + offer.size() + " bytes), SHA-256 " + hash + " verified");
            stdout.flush();
            return ExitCode.OK;
        } finally {
            session.shutdown(true);
        }
    }

    /** Why the offer is refused before any byte moves, or null to take it. */
    private String refusal(Transfer.Offer offer) {
        String problem = PeerText.fileNameProblem(offer.name());
        if (problem != null) {
            return problem;
        }
        if (Files.exists(out.resolve(offer.name()))) {
            return out.resolve(offer.name()) + " exists";
        }
        if (offer.size() > maxSize) {
            return "too large: " + offer.size() + " bytes, this receiver takes at most " + maxSize + " (--max-size)";
        }
        return null;
    }

    /** The partial file cut to {@code have} bytes, its file pointer after them. */
    private static RandomAccessFile open(Path part, long have) throws IOException {
        RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw");
        try {
            file.setLength(have);
            file.seek(have);
            return file;
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /** Waits until the data has arrived, the sender stopped, or the session ended. */
    private static void awaitData(MsrpSession session, FileIntake intake, Progress bar, Path part,
            Transfer.Offer offer) throws Exception {
        try {
            bar.finish(intake.done().get());
        } catch (ExecutionException e) {
            long held = intake.held();
            bar.finish(held);
            Throwable cause = e.getCause();
            if (cause instanceof CliException c && c.exitCode() == ExitCode.REFUSED) {
                Transfer.tell(session, c.getMessage());
                throw c;
            }
            if (cause instanceof CliException c && c.exitCode() == ExitCode.FAILURE) {
                Transfer.tell(session, "refused cannot store the file");
                throw c;
            }
            if (cause instanceof CliException c && c.exitCode() == ExitCode.LOST) {
                throw new CliException(ExitCode.LOST, c.getMessage() + "; " + part + " is kept for resuming");
            }
            if (cause instanceof IOException) {
                throw new CliException(ExitCode.LOST, "the transfer was interrupted after " + Progress.bytes(held)
                        + " of " + Progress.bytes(offer.size()) + "; " + part
                        + " is kept: send the same file again to resume (" + Main.message(cause) + ")", cause);
            }
            throw cause instanceof Exception ex ? ex : e;
        }
    }

    /**
     * How many bytes of {@code part} can be kept: all it has when it was made for the same offer;
     * none when it was not, or cannot be read.
     */
    private static long resumable(Path part, Path record, Transfer.Offer offer) {
        try {
            if (!Files.isRegularFile(part) || !Files.isRegularFile(record)) {
                return 0;
            }
            Transfer.Offer before = Transfer.Offer.parse(Files.readString(record, StandardCharsets.UTF_8).strip());
            return offer.equals(before) ? Math.min(Files.size(part), offer.size()) : 0;
        } catch (IOException e) {
            return 0;
        }
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
