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
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ContentDispositionHeader;
import org.msrp4j.protocol.header.GenericHeader;
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
                    + "Progress goes to stderr: a bar on a terminal, a line a second otherwise."},
        footer = {"", "Examples:", "  msrp send photo.jpg --to msrp://192.0.2.7:2855/kx8h2ja9;tcp",
            "  msrp send --progress=lines backup.tar --to msrps://192.0.2.7:2855/kx8h2ja9;tcp", "",
            "Exit codes: see 'msrp --help' (0 only once the receiver has verified the SHA-256)."})
final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to send.")
    private Path file;

    @Option(names = "--to", required = true, paramLabel = "PATH", split = "\\s+", converter = Converters.Uri.class,
            description = {"The receiver's path (its a=path, as 'msrp receive' prints it); several URIs "
                    + "separated by spaces in one argument, or --to given once per URI."})
    private List<MsrpUri> to;

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
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + file + ": not a readable file");
        }
        String name = file.getFileName().toString();
        long size = Files.size(file);
        err.println("computing the SHA-256 of " + file + " (" + Progress.bytes(size) + ") ...");
        String hash = Transfer.sha256(file, size, new Progress(err, name + " (hashing)", size, 0, mode));
        Transfer.Offer offer = new Transfer.Offer(name, size, hash);

        MsrpTransport transport = new Connections(endpoint, out, err).connect(to);
        MsrpSession session = MsrpSession.startQueued(transport,
                SessionOptions.builder().responseTimeout(endpoint.timeout()).build());
        try {
            String answer = Transfer.request(session, transport, offer.encode(), endpoint.timeout());
            if (answer.startsWith("refused")) {
                throw new CliException(ExitCode.REFUSED, "the receiver refused the file: " + answer.substring(7).strip());
            }
            long have = parseHave(answer, size);
            if (have > 0) {
                err.println("the receiver has " + Progress.bytes(have) + " of this file already: resuming at byte "
                        + (have + 1));
            }
            if (have < size) {
                sendData(session, offer, have, new Progress(err, name, size, have, mode));
            }
            String verdict = Transfer.receive(session, endpoint.timeout());
            if (verdict.equals("verified sha-256=" + hash)) {
                out.println("sent " + name + " (" + size + " bytes), SHA-256 " + hash + " verified by the receiver");
                out.flush();
                return ExitCode.OK;
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

    private void sendData(MsrpSession session, Transfer.Offer offer, long have, Progress bar) throws Exception {
        Map<String, String> disposition = new LinkedHashMap<>();
        disposition.put("filename", offer.name());
        disposition.put("size", Long.toString(offer.size()));
        OutgoingFile outgoing = OutgoingFile.of(file, contentType, have, null)
                .addHeader(new ContentDispositionHeader("attachment", disposition))
                .addHeader(new GenericHeader("Content-Description", "sha-256=" + offer.sha256()));
        session.sendFile(outgoing);
        while (true) {
            try {
                outgoing.completion().get(100, TimeUnit.MILLISECONDS);
                bar.finish(have + outgoing.bytesAcknowledged());
                return;
            } catch (TimeoutException e) {
                bar.update(have + outgoing.bytesAcknowledged());
            } catch (ExecutionException e) {
                bar.finish(have + outgoing.bytesAcknowledged());
                Throwable cause = e.getCause();
                if (cause instanceof IOException io && ExitCode.of(io) == ExitCode.LOST
                        || cause instanceof MsrpSessionException) {
                    throw new CliException(ExitCode.LOST, "the connection ended after " + Progress.bytes(have
                            + outgoing.bytesAcknowledged()) + " of " + Progress.bytes(offer.size())
                            + "; send the same file again to resume", cause);
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
