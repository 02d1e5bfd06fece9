package org.msrp4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.file.FileInfo;
import org.msrp4j.file.FileProvider;
import org.msrp4j.file.FileTransferSettings;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.file.TransferResult;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code msrp send FILE --to PATH…}: sends one file to {@code msrp receive}, verified and resumable. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends a file to a peer running 'msrp receive', with a progress bar, SHA-256 "
                + "verification and resumption of an interrupted transfer.",
            "",
            "How it goes: this side connects to the receiver's path (--to) and binds; it computes the file's "
                    + "SHA-1 and SHA-256 and offers the file in RFC 5547 SDP, in-band: a SEND of Content-Type "
                    + "application/sdp holding its media description (a=sendonly, a=file-selector with name, "
                    + "type, size and hash:sha-1, a=file-range, the SHA-256 as a=x-msrp4j-sha-256). The receiver "
                    + "answers 200 and SENDs its answer the same way (a=recvonly, and a=file-range N+1-SIZE when "
                    + "it kept N bytes of this same file from an interrupted attempt), or refuses with 413 and "
                    + "the reason. Then the RFC 5547 stream sends the bytes from N+1 as one MSRP message "
                    + "(Success-Report: yes); the receiver hashes as they arrive and checks both hashes before "
                    + "it answers the last chunk, 400 'mismatch sha-256=HEX' when they differ.",
            "",
            "So sending the same file again after an interruption (a lost connection, a killed process "
                    + "on either side) continues where the receiver stopped instead of starting over. "
                    + "Progress goes to stderr: a bar on a terminal, a line a second otherwise. It counts the bytes "
                    + "the receiver confirmed with success REPORTs, which relays pass on from the receiver, and "
                    + "exit 0 comes only once they confirm every byte, the hashes checked. If the connection "
                    + "is lost midway, or a relay answers 481 (the receiver's session is gone), the exit code "
                    + "is 8: send the same file again to resume. The receiver waits --timeout for the offer, "
                    + "which goes once the file is hashed.",
            "",
            "Without --to, the file goes as RFC 5547 says, so the receiver may be any RFC 5547 client: this "
                    + "side prints its SDP offer (a=sendonly, a=file-selector with name, type, size and "
                    + "hash:sha-1, a=file-range, and the SHA-256 as a=x-msrp4j-sha-256), ended by an empty line; "
                    + "give it to the receiver ('msrp receive \"$(cat offer.sdp)\"'), paste its answer and an "
                    + "empty line on stdin, and this side connects and sends from the byte the answer's "
                    + "a=file-range (or, for sipsimple's a=x-file-offset, its FILE_OFFSET answer) names. Exit "
                    + "0 then means, with an msrp4j receiver (its answer echoes a=x-msrp4j-sha-256), that it "
                    + "confirmed every byte after checking the hashes; with another, that the next hop "
                    + "acknowledged every byte. With "
                    + "--serve DIR this side answers a pull instead ('msrp receive --pull NAME|SHA-1')."},
        footer = {"", "Examples:", "  msrp send photo.jpg --to msrp://192.0.2.7:2855/kx8h2ja9;tcp",
            "  msrp send --progress=lines backup.tar --to msrps://192.0.2.7:2855/kx8h2ja9;tcp",
            "  msrp send photo.jpg > offer.sdp          # RFC 5547: then paste the receiver's answer",
            "  msrp send --serve ~/shared --remote-sdp pull.sdp", "",
            "Exit codes: see 'msrp --help' (0 only once the receiver has verified the SHA-256)."})
final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The file to send.")
    private Path file;

    @Option(names = "--to", paramLabel = "PATH", split = "\\s+", converter = Converters.Uri.class,
            description = {"The receiver's path (its a=path, as 'msrp receive' prints it); several URIs "
                    + "separated by spaces in one argument, or --to given once per URI. Without it, the file "
                    + "is offered in RFC 5547 SDP (see above)."})
    private List<MsrpUri> to;

    @Option(names = "--serve", paramLabel = "DIR",
            description = {"Instead of FILE: answer an RFC 5547 pull ('msrp receive --pull NAME|SHA-1', its offer "
                    + "given with --remote-sdp) with the file of DIR it selects."})
    private Path serve;

    @Option(names = "--remote-sdp", paramLabel = "FILE|-",
            description = {"With --serve: the puller's offer, from FILE or, with '-', from stdin up to an empty "
                    + "line."})
    private String remoteSdp;

    @Option(names = "--tls", description = "Without --to: offer MSRP over TLS (msrps:).")
    private boolean tls;

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/octet-stream",
            description = "Content-Type of the file's message (default: ${DEFAULT-VALUE}).")
    private String contentType;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "How progress is shown: auto, bar, lines or none (default: ${DEFAULT-VALUE}).")
    private String progress;

    @Mixin
    private EndpointOptions endpoint;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress.Mode mode = ReceiveCommand.progressMode(progress);
        if (serve != null) {
            return serve(out, err, mode);
        }
        if (file == null) {
            throw new CliException(ExitCode.USAGE, "give the FILE to send, or --serve DIR");
        }
        if (remoteSdp != null) {
            throw new CliException(ExitCode.USAGE, "--remote-sdp goes with --serve: a pushed file's offer is this "
                    + "side's");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + file + ": not a readable file");
        }
        return to == null || to.isEmpty() ? push(out, err, mode) : sendTo(out, err, mode);
    }

    /** The RFC 5547 push: this side offers the file in SDP, reads the answer and sends from where it says. */
    private int push(PrintWriter out, PrintWriter err, Progress.Mode mode) throws Exception {
        FileTransferSettings settings = settings();
        err.println("computing the SHA-1 and SHA-256 of " + file + " (" + Progress.bytes(Files.size(file))
                + ") ...");
        err.flush();
        FileSession session = new FileSession(out, err, mode, "msrp receive --remote-sdp -");
        return sent(out, session, FileTransferStream.push(file, contentType, null, null, settings, session), null);
    }

    /** The answer to an RFC 5547 pull: the file of {@code --serve} that the puller's offer selects. */
    private int serve(PrintWriter out, PrintWriter err, Progress.Mode mode) throws Exception {
        if (file != null || to != null) {
            throw new CliException(ExitCode.USAGE, "--serve takes neither FILE nor --to");
        }
        if (remoteSdp == null) {
            throw new CliException(ExitCode.USAGE, "--serve answers a pull: give its offer with --remote-sdp FILE|-");
        }
        if (!Files.isDirectory(serve)) {
            throw new CliException(ExitCode.FAILURE, "cannot serve " + serve + ": not a directory");
        }
        MsrpMedia offer = StreamMedia.read(remoteSdp, System.in, FileSession.MEDIA);
        FileSession session = new FileSession(out, err, mode, null);
        return sent(out, session, FileTransferStream.answerer(FileProvider.directory(serve), settings(), session),
                offer);
    }

    private int sent(PrintWriter out, FileSession session, FileTransferStream stream, MsrpMedia offer)
            throws Exception {
        TransferResult r = session.run(stream, offer, endpoint.timeout().toSeconds());
        out.println("sent " + r.path().getFileName() + " (" + r.size() + " bytes), " + r.sha1().encode()
                + ": every byte acknowledged; the receiver checks the hash");
        out.flush();
        return ExitCode.OK;
    }

    private FileTransferSettings settings() throws CliException {
        return FileTransferSettings.builder()
                .connection(endpoint.streamConnection(new WireTrace(System.err), tls))
                .sessionSettings(SessionSettings.builder().responseTimeout(endpoint.timeout()).build()).build();
    }

    /**
     * The two-step form: connects to the receiver's path, offers the file in-band ({@link
     * InBandSdp}) and sends it with the RFC 5547 stream from where the answer's file-range starts.
     */
    private int sendTo(PrintWriter out, PrintWriter err, Progress.Mode mode) throws Exception {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        MsrpTransport transport = new Connections(endpoint, out, err).connect(to);
        err.println("computing the SHA-1 and SHA-256 of " + file + " (" + Progress.bytes(size) + ") ...");
        err.flush();
        FileSession session = new FileSession(out, err, mode, null);
        FileTransferStream stream = FileTransferStream.push(file, contentType, null, null, settings(), session);
        TransferResult r;
        try {
            r = session.offerInBand(stream, transport, new InBandSdp(transport, endpoint.timeout()));
        } catch (CliException e) {
            throw senderFailure(e, session.done(), size, stream.info().flatMap(FileInfo::sha256));
        }
        String hash = HexFormat.of().formatHex(r.sha256().orElseThrow().digest());
        out.println("sent " + name + " (" + size + " bytes), SHA-256 " + hash + " verified by the receiver");
        out.flush();
        return ExitCode.OK;
    }

    /** The sender's words for a failed transfer: a lost connection resumes, a mismatch names both hashes. */
    private static CliException senderFailure(CliException e, long done, long size, Optional<FileHash> sha256) {
        if (e.exitCode() == ExitCode.LOST) {
            return new CliException(ExitCode.LOST, "connection lost after " + Progress.bytes(done) + " of "
                    + Progress.bytes(size) + " had arrived (" + Main.message(e.getCause() != null ? e.getCause() : e)
                    + "); send the same file again to resume", e);
        }
        if (e.exitCode() == ExitCode.CHECKSUM) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof MsrpTransactionException)) {
                cause = cause.getCause();
            }
            String verdict = cause instanceof MsrpTransactionException t ? PeerText.display(String.valueOf(
                    t.comment())) : Main.message(e);
            return new CliException(ExitCode.CHECKSUM, "the receiver's SHA-256 differs: " + verdict
                    + sha256.map(h -> ", sent " + HexFormat.of().formatHex(h.digest())).orElse(""), e);
        }
        return e;
    }
}
