package org.msrp4j.relay;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of the HTTP request that opens a connection to a WebSocket listener: the request line
 * and header fields, read up to the blank line within a byte limit. It is read here, before the
 * WebSocket library sees it, so that the limit and the relay's deadlines hold for it, the Origin
 * is judged by the relay's rule and a plain GET can be answered with a page. The bytes read are
 * kept: the library parses the upgrade from them, and whatever came after the head is the first
 * WebSocket input.
 */
final class HttpRequestHead {

    /** Why a head could not be read: the HTTP status to answer with. */
    static final class BadHeadException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        BadHeadException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status to answer with (400 or 431). */
        int status() {
            return status;
        }
    }

    private final String method;
    private final String target;
    private final Map<String, String> fields;
    private final byte[] bytes;
    private final int headLength;

    private HttpRequestHead(String method, String target, Map<String, String> fields, byte[] bytes, int headLength) {
        this.method = method;
        this.target = target;
        this.fields = fields;
        this.bytes = bytes;
        this.headLength = headLength;
    }

    /**
     * Reads a request head from {@code in}.
     *
     * @param in the connection's input (its read timeout applies to each read)
     * @param max the most bytes the head may have
     * @return the head
     * @throws BadHeadException if the head is longer than {@code max} (431) or not an HTTP/1.1 request (400)
     * @throws EOFException if the input ends before the head does
     * @throws IOException if reading fails
     */
    static HttpRequestHead read(InputStream in, int max) throws IOException {
        byte[] buf = new byte[Math.min(max, 2048)];
        int len = 0;
        int scanned = 0;
        while (true) {
            if (len == buf.length) {
                if (len >= max) {
                    throw new BadHeadException(431, "request head longer than " + max + " bytes");
                }
                buf = Arrays.copyOf(buf, Math.min(max, len * 2));
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                throw new EOFException("connection closed inside the request head");
            }
            len += n;
            for (int i = Math.max(3, scanned); i < len; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return parse(Arrays.copyOf(buf, len), i + 1);
                }
            }
            scanned = len;
        }
    }

    private static HttpRequestHead parse(byte[] bytes, int headLength) throws BadHeadException {
        String text = new String(bytes, 0, headLength - 4, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || !request[2].equals("HTTP/1.1") || request[0].isEmpty()
                || !request[1].startsWith("/")) {
            throw new BadHeadException(400, "not an HTTP/1.1 request line");
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new BadHeadException(400, "malformed header field line");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            fields.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new HttpRequestHead(request[0], request[1], fields, bytes, headLength);
    }

    /** The request method, e.g. {@code GET}. */
    String method() {
        return method;
    }

    /** The request target without its query, e.g. {@code /msrp}. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** A header field's value (repeated fields joined with ", "), or null. */
    String field(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the request asks for a WebSocket upgrade (RFC 6455 §4.1: Upgrade: websocket). */
    boolean isUpgrade() {
        String upgrade = field("upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    /** Every byte read: the head and what followed it in the same reads. */
    byte[] bytes() {
        return bytes;
    }

    /** How many of {@link #bytes()} are the head. */
    int headLength() {
        return headLength;
    }
}
