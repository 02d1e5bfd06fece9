package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.file.FileProvider;
import org.msrp4j.file.FileTransferSettings;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.file.TransferResult;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ContentDispositionHeader;
import org.msrp4j.protocol.header.GenericHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.MsrpSessionException;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionOptions;
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
            "How it goes: the file's SHA-256 is computed; this side connects to the receiver's path (--to) "
                    + "and binds; it offers the file with a control message "
                    + "'offer size=BYTES sha-256=HEX name=NAME' (Content-Type application/x-msrp4j-transfer); "
                    + "the receiver answers 'have N', the number of leading bytes of this same file (same name, "
                    + "size and hash) it kept from an earlier, interrupted attempt, 0 for none; the bytes from "
                    + "N+1 to the end go as one MSRP message (Byte-Range N+1-.../SIZE, Content-Disposition "
                    + "attachment with the file name and size, Content-Description sha-256=HEX); the receiver "
                    + "hashes the whole file and answers 'verified sha-256=HEX' or 'mismatch sha-256=HEX'.",
            "",
            "So sending the same file again after an interruption (a lost connection, a killed process "
                    + "on either side) continues where the receiver stopped instead of starting over. "
                    + "Progress goes to stderr: a bar on a terminal, a line a second otherwise. It counts the bytes "
                    + "the receiver confirmed with Success-Reports (the file's chunks ask for them), which relays "
                    + "pass on from the receiver; should none come, it counts the next hop's 200 responses and "
                    + "says \"" + SendCommand.NEXT_HOP_NOTE + "\": through a relay, those only say the relay has "
                    + "the bytes. If the connection is lost midway, or a relay answers 481 (the receiver's "
                    + "session is gone), the exit code is 8: send the same file again to resume.",
            "",
            "Without --to, the file goes as RFC 5547 says, so the receiver may be any RFC 5547 client: this "
                    + "side prints its SDP offer (a=sendonly, a=file-selector with name, type, size and "
                    + "hash:sha-1, a=file-range, and the SHA-256 as a=x-msrp4j-sha-256), ended by an empty line; "
                    + "give it to the receiver ('msrp receive \"$(cat offer.sdp)\"'), paste its answer and an "
                    + "empty line on stdin, and this side connects and sends from the byte the answer's "
                    + "a=file-range (or, for sipsimple's a=x-file-offset, its FILE_OFFSET answer) names. Exit "
                    + "0 then means the next hop acknowledged every byte; the receiver checks the hashes. With "
                    + "--serve DIR this side answers a pull instead ('msrp receive --pull NAME|SHA-1')."},
        footer = {"", "Examples:", "  msrp send photo.jpg --to msrp://192.0.2.7:2855/kx8h2ja9;tcp",
            "  msrp send --progress=lines backup.tar --to msrps://192.0.2.7:2855/kx8h2ja9;tcp",
            "  msrp send photo.jpg > offer.sdp          # RFC 5547: then paste the receiver's answer",
            "  msrp send --serve ~/shared --remote-sdp pull.sdp", "",
            "Exit codes: see 'msrp --help' (0 only once the receiver has verified the SHA-256)."})
final class SendCommand implements Callable<Integer> {

    /** Said by the progress display while it counts the next hop's 200s, no Success-Report having come. */
    static final String NEXT_HOP_NOTE = "(next hop's 200s)";

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
                .sessionOptions(SessionOptions.builder().responseTimeout(endpoint.timeout()).build()).build();
    }

    /** Today's form: connects to the receiver's path and offers, sends and verifies over the session. */
    private int sendTo(PrintWriter out, PrintWriter err, Progress.Mode mode) throws Exception {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        err.println("computing the SHA-256 of " + file + " (" + Progress.bytes(size) + ") ...");
        String hash = Transfer.sha256(file, new Progress(err, name + " (hashing)", size, 0, mode));
        Transfer.Offer offer = new Transfer.Offer(name, size, hash);

        MsrpTransport transport = new Connections(endpoint, out, err).connect(to);
        TransferInbox inbox = new TransferInbox();
        MsrpSession session = MsrpSession.start(transport,
                SessionOptions.builder().responseTimeout(endpoint.timeout()).build(), inbox);
        try {
            String answer = Transfer.request(session, inbox, offer.encode(), endpoint.timeout());
            if (answer.startsWith("refused")) {
                throw new CliException(ExitCode.REFUSED, "the receiver refused the file: "
                        + answer.substring(7).strip());
            }
            long have = parseHave(answer, size);
            if (have > 0) {
                err.println("the receiver has " + Progress.bytes(have) + " of this file already: resuming at byte "
                        + (have + 1));
            }
            Progress bar = new Progress(err, name, size, have, mode);
            Delivered delivered = () -> have;
            if (have < size) {
                delivered = sendData(session, inbox, offer, have, bar);
            }
            String verdict;
            try {
                verdict = inbox.next(endpoint.timeout());
            } catch (IOException | TimeoutException e) {
                bar.finish(delivered.bytes());
                throw e;
            }
            boolean verified = verdict.equals("verified sha-256=" + hash);
            bar.finish(verified ? size : delivered.bytes());
            if (verified) {
                out.println("sent " + name + " (" + size + " bytes), SHA-256 " + hash + " verified by the receiver");
                out.flush();
                return ExitCode.OK;
            }
            if (verdict.startsWith("refused")) {
                throw new CliException(ExitCode.REFUSED, "the receiver refused the data: "
                        + verdict.substring(7).strip());
            }
            if (verdict.startsWith("mismatch")) {
                throw new CliException(ExitCode.CHECKSUM, "the receiver's SHA-256 differs: " + verdict
                        + ", sent " + hash);
            }
            throw new CliException(ExitCode.FAILURE, "unexpected answer from the receiver: " + verdict);
        } finally {
            session.shutdown(true);
        }
    }

    /** How many bytes the receiver holds, as far as this side knows. */
    private interface Delivered {
        long bytes();
    }

    /**
     * Sends the file from byte {@code have + 1} and waits until every chunk is answered. Progress
     * counts the bytes the receiver confirmed with Success-Reports; while none has come (a peer
     * or relay that sends none), the 200 responses of the next hop, and says so.
     *
     * @return what the receiver holds: confirmed bytes once a Success-Report came, else acknowledged ones
     */
    private Delivered sendData(MsrpSession session, TransferInbox inbox, Transfer.Offer offer, long have, Progress bar)
            throws Exception {
        Map<String, String> disposition = new LinkedHashMap<>();
        disposition.put("filename", offer.name());
        disposition.put("size", Long.toString(offer.size()));
        OutgoingFile outgoing = OutgoingFile.of(file, contentType, have, null)
                .addHeader(new ContentDispositionHeader("attachment", disposition))
                .addHeader(new GenericHeader("Content-Description", "sha-256=" + offer.sha256()))
                .addHeader(new SuccessReportHeader(ReportMode.YES));
        SuccessReports reports = new SuccessReports(outgoing.messageId(), offer.size());
        inbox.listen(chunk -> {
            if ("SEND".equals(chunk.method())) {
                inbox.refuse(chunk); // a receiver sends this side nothing but control lines
            } else {
                reports.accept(chunk);
            }
        }, error -> { });
        Delivered delivered = () -> have + (reports.any() ? reports.bytes() : outgoing.bytesAcknowledged());
        session.sendFile(outgoing);
        while (true) {
            try {
                outgoing.completion().get(100, TimeUnit.MILLISECONDS);
                return delivered;
            } catch (TimeoutException e) {
                bar.note(reports.any() ? null : NEXT_HOP_NOTE);
                bar.update(delivered.bytes());
            } catch (ExecutionException e) {
                bar.finish(delivered.bytes());
                Throwable cause = e.getCause();
                if (cause instanceof IOException io && ExitCode.of(io) == ExitCode.LOST
                        || cause instanceof MsrpSessionException
                        || cause instanceof MsrpTransactionException t && t.code() == Status.NO_SESSION) {
                    throw new CliException(ExitCode.LOST, "connection lost after " + Progress.bytes(delivered.bytes())
                            + " of " + Progress.bytes(offer.size()) + " had arrived (" + Main.message(cause)
                            + "); send the same file again to resume", cause);
                }
                throw cause instanceof Exception ex ? ex : e;
            }
        }
    }

    private static long parseHave(String answer, long size) throws CliException {
        if (answer.startsWith("have ")) {
            try {
                long have = Long.parseLong(answer.substring(5).strip());
                if (have >= 0 && have <= size) {
                    return have;
                }
            } catch (NumberFormatException e) {
                // reported below with the whole answer
            }
        }
        throw new CliException(ExitCode.FAILURE, "unexpected answer to the offer: " + answer);
    }
}
