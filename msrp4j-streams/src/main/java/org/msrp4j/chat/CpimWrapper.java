package org.msrp4j.chat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimHeader;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.cpim.MimeHeader;
import org.msrp4j.cpim.Rfc3339;

/**
 * Writes a chat message in its CPIM wrapper ({@code From}, {@code To}, {@code DateTime}, then the
 * wrapped part's {@code Content-Type} and the content) straight into one array of the exact size:
 * the bytes {@code CpimMessage.builder().from(..).to(..).dateTime(..).contentType(..).body(..)
 * .build().encode()} gives, without building and re-reading a {@link CpimMessage} per message. The
 * stream's own {@code From} and {@code To} lines are encoded once. Thread-safe.
 */
final class CpimWrapper {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_YEAR = 9999;
    private static final byte[] DATE_TIME = "DateTime: ".getBytes(StandardCharsets.US_ASCII);

    /** A Content-Type value and its line, with CRLF and the empty line that ends the MIME headers. */
    private record TypeLine(String type, byte[] line) {
    }

    private final byte[] fromLine;
    private final CpimAddress remote;
    private final byte[] toRemoteLine;
    private volatile TypeLine lastType = typeLine("text/plain");

    CpimWrapper(CpimAddress local, CpimAddress remote) {
        this.fromLine = line("From", local);
        this.remote = remote;
        this.toRemoteLine = line("To", remote);
    }

    /**
     * The CPIM message wrapping {@code content} of {@code contentType}, to {@code to} (the remote
     * identity when null or equal to it), dated {@code dateTime}.
     *
     * @throws IllegalArgumentException if the content type cannot be a MIME header value, or the
     *     date-time is outside the years 0 to 9999 that RFC 3339 writes (the builder refuses both)
     */
    byte[] wrap(CpimAddress to, OffsetDateTime dateTime, String contentType, byte[] content) {
        if (dateTime.getYear() < 0 || dateTime.getYear() > MAX_YEAR) {
            throw new IllegalArgumentException("a CPIM DateTime is within the years 0 to 9999 (RFC 3339): "
                    + dateTime);
        }
        byte[] toLine = to == null || to.equals(remote) ? toRemoteLine : line("To", to);
        String date = Rfc3339.format(dateTime);
        TypeLine type = lastType;
        if (!type.type().equals(contentType)) {
            type = typeLine(contentType);
            lastType = type;
        }
        byte[] out = new byte[fromLine.length + toLine.length + DATE_TIME.length + date.length() + 2 * CRLF.length
                + type.line().length + content.length];
        int at = put(out, 0, fromLine);
        at = put(out, at, toLine);
        at = put(out, at, DATE_TIME);
        for (int i = 0; i < date.length(); i++) {
            out[at++] = (byte) date.charAt(i);
        }
        at = put(out, at, CRLF);
        at = put(out, at, CRLF);
        at = put(out, at, type.line());
        put(out, at, content);
        return out;
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** {@code name: address} and CRLF, as the builder writes an address header. */
    private static byte[] line(String name, CpimAddress address) {
        return (new CpimHeader(name, Map.of(), address.encode()).encode() + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static TypeLine typeLine(String contentType) {
        return new TypeLine(contentType, (new MimeHeader("Content-Type", contentType).encode() + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
