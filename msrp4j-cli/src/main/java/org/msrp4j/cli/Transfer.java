package org.msrp4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.transport.MsrpTransport;

/**
 * The small protocol {@code msrp send} and {@code msrp receive} speak on top of an MSRP session, so
 * a transfer is verified and can resume. Control messages are SENDs with Content-Type {@value
 * #CONTROL_TYPE} and a one-line UTF-8 body:
 *
 * <ol>
 *   <li>sender: {@code offer size=BYTES sha-256=HEX name=NAME} (the name is the rest of the line);
 *   <li>receiver: {@code have BYTES} (how many leading bytes of this very file, same name, size and
 *       hash, it already holds, 0 for none), or {@code refused REASON};
 *   <li>sender: the file's bytes from BYTES + 1 to the end as one message (Byte-Range starting at
 *       BYTES + 1, Content-Disposition {@code attachment; filename="NAME"; size=BYTES}, Content-Description
 *       {@code sha-256=HEX}, Success-Report {@code yes} so that the receiver's REPORTs, which relays
 *       pass on end to end, say how much has really arrived); nothing when BYTES is the whole size.
 *       The receiver stores only the offered bytes and refuses (413) a chunk outside them;
 *   <li>receiver, once it holds every byte and has hashed the file (all it stored, exactly the
 *       offered size): {@code verified sha-256=HEX} or {@code mismatch sha-256=HEX} (the hash it
 *       computed), or {@code refused REASON} when it refused the data.
 * </ol>
 */
final class Transfer {

    /** The Content-Type of control messages. */
    static final String CONTROL_TYPE = "application/x-msrp4j-transfer";

    /** How long to look for an answer that came just before the connection ended. */
    private static final Duration ANSWER_ALREADY_THERE = Duration.ofMillis(200);

    private Transfer() {
    }

    /** What the sender offers. */
    record Offer(String name, long size, String sha256) {

        /** The offer's one-line body. */
        String encode() {
            return "offer size=" + size + " sha-256=" + sha256 + " name=" + name;
        }

        /** Parses an offer line; null when the line is not one. */
        static Offer parse(String line) {
            String[] parts = line.split(" ", 4);
            if (parts.length != 4 || !parts[0].equals("offer") || !parts[1].startsWith("size=")
                    || !parts[2].startsWith("sha-256=") || !parts[3].startsWith("name=")) {
                return null;
            }
            try {
                long size = Long.parseLong(parts[1].substring(5));
                String hash = parts[2].substring(8);
                String name = parts[3].substring(5);
                if (size < 0 || hash.length() != 64 || !hash.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return null;
                }
                return new Offer(name, size, hash.toLowerCase(Locale.ROOT));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * Sends a control line and returns the peer's answering control line. The answer counts, not
     * the 200 for the line: a peer that answers and closes at once (a refusal) may close before that
     * 200 is out, so when the line's delivery fails an answer already received is still returned.
     */
    static String request(MsrpSession session, TransferInbox inbox, String line, Duration timeout)
            throws IOException, CliException, TimeoutException {
        MsrpChunk response;
        try {
            response = session.deliverChunk(control(session.transport(), line));
        } catch (IOException e) {
            try {
                return inbox.next(ANSWER_ALREADY_THERE);
            } catch (IOException | TimeoutException none) {
                e.addSuppressed(none);
                throw e;
            }
        }
        if (response.code() != 200) {
            throw new CliException(ExitCode.REFUSED, "the peer answered " + response.code() + " "
                    + response.comment() + " to \"" + line + "\"");
        }
        return inbox.next(timeout);
    }

    /**
     * Queues a control line without waiting for its 200; {@link MsrpSession#shutdown(boolean)
     * shutdown(true)} sends what is queued. For lines whose answer is the peer's next step (or none).
     */
    static void tell(MsrpSession session, String line) throws IOException {
        session.sendChunk(control(session.transport(), line));
    }

    private static MsrpChunk control(MsrpTransport transport, String line) {
        return transport.newChunk().data(line.getBytes(StandardCharsets.UTF_8)).contentType(CONTROL_TYPE).build();
    }

    /** Whether a chunk is (part of) a control message. */
    static boolean isControl(MsrpChunk chunk) {
        String type = chunk.contentType();
        return "SEND".equals(chunk.method()) && type != null && type.startsWith(CONTROL_TYPE);
    }

    /** The SHA-256 of a file, all of it, in lower-case hex. */
    static String sha256(Path file, Progress progress) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                done += n;
                progress.update(done);
            }
        }
        progress.finish(done);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A SHA-256 digest. */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
