package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.msrp4j.file.FileTransferSettings;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.file.TransferResult;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionOptions;
import org.msrp4j.transport.MsrpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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
                    + "control characters escaped.",
            "",
            "Given the sender's RFC 5547 offer (an argument, or --remote-sdp), this side answers it instead: "
                    + "it prints its SDP answer (a=recvonly, a=file-range from the bytes it holds, "
                    + "a=x-file-offset), ended by an empty line, and waits for the sender to connect. The stream "
                    + "writes to a hidden partial file in --out named by the SHA-1, hashes as bytes arrive, and "
                    + "moves the file into place (as NAME, or 'NAME (1)' when NAME exists) only when the SHA-1, "
                    + "and the SHA-256 an msrp4j sender gives, match; an interrupted transfer resumes when the "
                    + "same file is offered again. An offer over --max-size or the free space is refused before "
                    + "any answer. With --pull NAME|SHA-1 this side asks for a file instead: it prints a pull "
                    + "offer (a=recvonly) for 'msrp send --serve DIR', then reads its answer on stdin."},
        footer = {"", "Examples:", "  msrp receive --out ~/incoming",
            "  msrp receive --tls --host 192.0.2.7 --port 2855",
            "  msrp receive --out ~/incoming \"$(cat offer.sdp)\"      # RFC 5547: answers the offer",
            "  msrp receive --pull backup.tar --out ~/incoming",
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

    @Parameters(arity = "0..1", paramLabel = "SDP",
            description = {"The sender's RFC 5547 offer (its SDP media description, m=message ..., or a whole SDP "
                    + "body) as one argument: this side answers it (see above)."})
    private String offerText;

    @Option(names = "--remote-sdp", paramLabel = "FILE|-",
            description = {"The sender's RFC 5547 offer from FILE or, with '-', from stdin up to an empty line."})
    private String remoteSdp;

    @Option(names = "--pull", paramLabel = "NAME|SHA-1",
            description = {"Ask for a file (RFC 5547 pull) by its name or its SHA-1 (40 hex digits, colons "
                    + "allowed): this side offers, a peer running 'msrp send --serve DIR' answers."})
    private String pull;

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
        if (offerText != null || remoteSdp != null || pull != null) {
            return viaStream(stdout, err, mode);
        }
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

    /**
     * The RFC 5547 form: answers the sender's offer, or offers a pull; the stream receives into
     * {@code --out}, resuming a partial file of the same SHA-1 it kept there.
     */
    private int viaStream(PrintWriter stdout, PrintWriter err, Progress.Mode mode) throws Exception {
        if (offerText != null && remoteSdp != null || pull != null && (offerText != null || remoteSdp != null)) {
            throw new CliException(ExitCode.USAGE, "give one of: the sender's offer, --remote-sdp, --pull");
        }
        if (listen.remotePath != null) {
            throw new CliException(ExitCode.USAGE, "--remote-path does not apply to the RFC 5547 form: the peer's "
                    + "path is in its media description");
        }
        MsrpMedia offer = offerText != null ? StreamMedia.parse(offerText, FileSession.MEDIA, "the argument")
                : remoteSdp != null ? StreamMedia.read(remoteSdp, System.in, FileSession.MEDIA) : null;
        if (offer != null) {
            String problem = streamRefusal(offer);
            if (problem != null) {
                throw new CliException(ExitCode.REFUSED, "refused the file offer: " + problem);
            }
        }
        FileTransferSettings settings = FileTransferSettings.builder()
                .connection(endpoint.streamConnection(new WireTrace(System.err), listen.tls)).downloadDirectory(out)
                .sessionOptions(SessionOptions.builder().responseTimeout(endpoint.timeout()).build()).build();
        FileSession session = new FileSession(stdout, err, mode, "msrp send --serve DIR --remote-sdp -");
        FileTransferStream stream = offer != null ? FileTransferStream.answerer(null, settings, session)
                : FileTransferStream.pull(wanted(pull), settings, session);
        TransferResult r = session.run(stream, offer, endpoint.timeout().toSeconds());
        stdout.println("received " + r.path() + " (" + r.size() + " bytes), " + r.sha1().encode()
                + r.sha256().map(h -> ", " + h.encode()).orElse("") + " verified");
        stdout.flush();
        return ExitCode.OK;
    }

    /** Why a pushed file is refused before any byte moves (over --max-size, or the free space), or null. */
    private String streamRefusal(MsrpMedia offer) throws IOException {
        long size = offer.fileSelector().flatMap(f -> f.size().isPresent() ? Optional.of(f.size().getAsLong())
                : Optional.empty()).orElse(0L);
        if (size > maxSize) {
            return "too large: " + size + " bytes, this receiver takes at most " + maxSize + " (--max-size)";
        }
        long free = Files.getFileStore(out).getUsableSpace();
        return free < size ? "not enough space: " + Progress.bytes(size) + " to come, " + Progress.bytes(free)
                + " free" : null;
    }

    /** The file {@code --pull} asks for: by SHA-1 when the value is 40 hex digits (colons allowed), else by name. */
    static FileSelector wanted(String value) throws CliException {
        String hex = value.strip().replace(":", "");
        if (hex.toLowerCase(Locale.ROOT).startsWith("sha-1")) {
            hex = hex.substring(5);
        }
        if (hex.matches("[0-9A-Fa-f]{40}")) {
            return FileSelector.builder().hash(FileHash.of(FileHash.SHA_1, HexFormat.of().parseHex(hex))).build();
        }
        String problem = PeerText.fileNameProblem(value);
        if (problem != null) {
            throw new CliException(ExitCode.USAGE, "--pull: " + problem);
        }
        return FileSelector.builder().name(value).build();
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
