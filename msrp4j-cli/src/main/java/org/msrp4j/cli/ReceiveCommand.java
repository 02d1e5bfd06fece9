package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.msrp4j.file.FileTransferSettings;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.file.TransferResult;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.sdp.Direction;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.SessionSettings;
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
                    + "sender ('msrp send FILE --to URI'). The sender's RFC 5547 offer comes in-band, as a SEND of "
                    + "application/sdp (see 'msrp send --help'); this side answers it the same way, with "
                    + "a=file-range naming the first byte it does not hold, or refuses it with 413 and the "
                    + "reason; the file then arrives through the RFC 5547 stream.",
            "",
            "While bytes arrive they go to a hidden partial file in DIR named by the file's SHA-1 "
                    + "(.SHA1HEX.msrp4j-part), hashed as they come. If the connection ends early it stays: run "
                    + "'msrp receive' again with the same --out and send the same file, and the transfer "
                    + "continues after the bytes already there. A file whose SHA-1 or SHA-256 does not match the "
                    + "offer is deleted, and the sender is told (400 'mismatch sha-256=HEX'). Once verified, the "
                    + "partial file becomes DIR/NAME; an existing DIR/NAME is never overwritten (the offer is "
                    + "refused).",
            "",
            "The peer is not trusted: an offer is refused, with the reason sent back, when its name is "
                    + "empty, '.' or '..', holds a path separator, is over 200 UTF-8 bytes, or holds control or "
                    + "format characters (such as escape sequences or the bidi override U+202E); when it has no "
                    + "size or hash:sha-1; or when the file is over --max-size or the free space. Only the "
                    + "offered bytes are stored: a chunk past the offered size, or of another message, is "
                    + "refused (413), and the transfer ends. What the peer sent is printed with control "
                    + "characters escaped.",
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
        return inBand(stdout, err, mode);
    }

    /**
     * The two-step form: waits for the sender on this side's path, takes its RFC 5547 offer in-band
     * ({@link InBandSdp}), refuses it or answers with the bytes of it this side holds, and receives
     * with the stream.
     */
    private int inBand(PrintWriter stdout, PrintWriter err, Progress.Mode mode) throws Exception {
        MsrpTransport transport = new Connections(endpoint, stdout, err).listen(listen);
        FileTransferStream stream = null;
        try {
            InBandSdp exchange = new InBandSdp(transport, endpoint.timeout());
            MsrpChunk request = exchange.awaitOffer();
            MsrpMedia offer = exchange.description(request, "offer");
            FileSelector selector = offer.fileSelector().orElse(null);
            String problem = selector == null || offer.directionAttribute().orElse(null) != Direction.SENDONLY
                    ? "not a file offer (a=sendonly with a=file-selector)" : refusal(selector);
            if (problem != null) {
                exchange.refuse(request, problem);
                throw new CliException(ExitCode.REFUSED, "refused the file offer: " + problem);
            }
            String name = selector.name().orElseThrow();
            long size = selector.size().orElseThrow();
            FileSession session = new FileSession(stdout, err, mode, null);
            stream = FileTransferStream.answerer(null, FileTransferSettings.builder().downloadDirectory(out)
                    .sessionSettings(SessionSettings.builder().responseTimeout(endpoint.timeout()).build()).build(),
                    session);
            Path part = FileTransferStream.partialFile(out, selector.hash(FileHash.SHA_1).orElseThrow());
            long held = Files.isRegularFile(part) ? Math.min(Files.size(part), size) : 0;
            if (held > 0) {
                err.println("resuming: " + part + " holds " + Progress.bytes(held) + " of " + name);
            }
            err.println("receiving " + name + " (" + Progress.bytes(size) + ") into " + out);
            err.flush();
            TransferResult r;
            try {
                r = session.answerInBand(stream, transport, exchange, request, offer);
            } catch (CliException e) {
                throw receiverFailure(e, session.done(), size, part);
            }
            stdout.println("received " + r.path() + " (" + r.size() + " bytes), SHA-256 "
                    + HexFormat.of().formatHex(r.sha256().orElseThrow().digest()) + " verified");
            stdout.flush();
            return ExitCode.OK;
        } finally {
            if (stream == null) {
                transport.close();
            }
        }
    }

    /** The receiver's words for a failed transfer: an interruption keeps the partial file, a mismatch deleted it. */
    private static CliException receiverFailure(CliException e, long held, long size, Path part) {
        String why = Main.message(e.getCause() != null ? e.getCause() : e);
        if (e.exitCode() == ExitCode.LOST) {
            return new CliException(ExitCode.LOST, "the transfer was interrupted after " + Progress.bytes(held)
                    + " of " + Progress.bytes(size) + "; " + part + " is kept: send the same file again to resume ("
                    + why + ")", e);
        }
        if (e.exitCode() == ExitCode.CHECKSUM && !Files.exists(part)) {
            return new CliException(ExitCode.CHECKSUM, why + "; the received data was deleted", e);
        }
        return e;
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
                .sessionSettings(SessionSettings.builder().responseTimeout(endpoint.timeout()).build()).build();
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
        return sizeProblem(offer.fileSelector().flatMap(f -> f.size().isPresent() ? Optional.of(f.size().getAsLong())
                : Optional.empty()).orElse(0L));
    }

    /** Why a file of {@code size} bytes is refused: over --max-size, or the free space of --out; or null. */
    private String sizeProblem(long size) throws IOException {
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

    /**
     * Why a pushed file is refused before any byte moves, or null to take it: a name that is no
     * plain file name, a file of that name in {@code --out}, no SHA-1 or size, over --max-size or
     * the free space.
     */
    private String refusal(FileSelector selector) throws IOException {
        String name = selector.name().orElse("");
        String problem = PeerText.fileNameProblem(name);
        if (problem != null) {
            return problem;
        }
        if (Files.exists(out.resolve(name))) {
            return out.resolve(name) + " exists";
        }
        if (selector.hash(FileHash.SHA_1).isEmpty() || selector.size().isEmpty()) {
            return "the offer's a=file-selector needs size and hash:sha-1";
        }
        return sizeProblem(selector.size().getAsLong());
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
