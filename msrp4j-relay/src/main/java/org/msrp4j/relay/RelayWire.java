package org.msrp4j.relay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * The wire forms the relay writes for every forwarded chunk, made straight as bytes in a buffer
 * that is reused: a forwarded piece's start line and headers, its end-line, and the 200 to its
 * sender. Each is byte for byte what {@link MsrpChunk#encodeStart()}, {@link
 * MsrpChunk#encodeEnd(Continuation)} and {@link MsrpChunk#encode()} write for the chunk {@link
 * RelayChunks} would make, without making it. State of one reader thread only.
 */
final class RelayWire {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] MSRP_SP = ascii("MSRP ");
    private static final byte[] OK = ascii(" 200 OK\r\n");
    private static final byte[] DASHES = ascii("-------");
    private static final byte[] BYTE_RANGE = ascii(ByteRangeHeader.NAME + ": ");

    private static final byte[] NONE = {};
    /** The buffer is made when first needed and dropped by {@link #release()}: an idle connection keeps none. */
    private static final int INITIAL = 512;
    /** A buffer grown past this is dropped after its write. */
    private static final int KEPT = 64 * 1024;

    private byte[] buf = NONE;
    private int len;

    /** The bytes made last: {@code array()[0, length())}. */
    byte[] array() {
        return buf;
    }

    /** How many bytes were made last. */
    int length() {
        return len;
    }

    /** The header line {@code header} as the wire has it, CRLF included. */
    static byte[] line(MsrpHeader<?> header) {
        return (header + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The To-Path line for {@code path}, CRLF included. */
    static byte[] toPathLine(List<MsrpUri> path) {
        return line(new ToPathHeader(path));
    }

    /** The From-Path line for {@code path}, CRLF included. */
    static byte[] fromPathLine(List<MsrpUri> path) {
        return line(new FromPathHeader(path));
    }

    /**
     * The paths of a response to {@code request} (RFC 4975 §7.2: back to the previous hop, from the
     * first To-Path URI): its To-Path and From-Path lines, CRLFs included.
     */
    static byte[] responsePaths(MsrpChunk request) {
        byte[] to = toPathLine(List.of(request.fromPath().get(0)));
        byte[] from = fromPathLine(List.of(request.toPath().get(0)));
        byte[] both = Arrays.copyOf(to, to.length + from.length);
        System.arraycopy(from, 0, both, to.length, from.length);
        return both;
    }

    /**
     * Whether {@link #head} can write {@code request}'s head with Byte-Range {@code range}: the
     * request has a Byte-Range to replace, or none is to be put in.
     */
    static boolean headFits(MsrpChunk request, ByteRange range) {
        return range == null || request.headers().get(ByteRangeHeader.class) != null;
    }

    /** Whether a chunk with {@code request}'s headers and no data has a body section (a Content-Type). */
    static boolean hasBody(MsrpChunk request) {
        return request.headers().get(ContentTypeHeader.class) != null;
    }

    /**
     * Makes the start line and headers of {@code request} forwarded as transaction {@code tid}:
     * its To-Path and From-Path lines replaced by {@code toLine} and {@code fromLine}, its
     * Byte-Range by {@code range} unless that is null (see {@link #headFits}), every other header
     * as it came, and the empty line that opens a body section.
     */
    void head(MsrpChunk request, String tid, byte[] toLine, byte[] fromLine, ByteRange range) {
        len = 0;
        put(MSRP_SP);
        text(tid);
        put((byte) ' ');
        text(request.method());
        put(CRLF);
        boolean body = false;
        List<MsrpHeader<?>> headers = request.headers().asList();
        for (int i = 0, n = headers.size(); i < n; i++) {
            MsrpHeader<?> h = headers.get(i);
            if (h instanceof ToPathHeader) {
                put(toLine);
            } else if (h instanceof FromPathHeader) {
                put(fromLine);
            } else if (range != null && h instanceof ByteRangeHeader) {
                put(BYTE_RANGE);
                text(range.encode());
                put(CRLF);
            } else {
                text(h.name());
                put((byte) ':');
                put((byte) ' ');
                text(h.encode());
                put(CRLF);
                body |= h instanceof ContentTypeHeader;
            }
        }
        if (body) {
            put(CRLF);
        }
    }

    /** Makes the end of a chunk {@code tid} without data: CRLF if it has a body section, the end-line. */
    void end(String tid, boolean body, Continuation continuation) {
        len = 0;
        if (body) {
            put(CRLF);
        }
        put(DASHES);
        text(tid);
        put((byte) continuation.flag());
        put(CRLF);
    }

    /** Appends the 200 OK to request {@code tid}, whose response paths are {@code paths} ({@link #responsePaths}). */
    void appendOk(String tid, byte[] paths) {
        put(MSRP_SP);
        text(tid);
        put(OK);
        put(paths);
        put(DASHES);
        text(tid);
        put((byte) Continuation.END.flag());
        put(CRLF);
    }

    /** Appends {@code b}. */
    void append(byte[] b) {
        put(b);
    }

    /** Forgets what was made: {@link #appendOk} and {@link #append} start afresh. */
    void clear() {
        len = 0;
    }

    /** Forgets what was made, and drops the buffer if it grew large for it. */
    void trim() {
        if (buf.length > KEPT) {
            buf = NONE;
        }
        len = 0;
    }

    /** Whether there is a buffer (none before the first use or after {@link #release()}). */
    boolean hasBuffer() {
        return buf != NONE;
    }

    /** Drops the buffer (the connection is idle); it is made again when next needed. */
    void release() {
        buf = NONE;
        len = 0;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    /** {@code s} in UTF-8 (a plain copy while it is ASCII). */
    private void text(String s) {
        int n = s.length();
        ensure(n);
        int start = len;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                len = start;
                put(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            buf[len++] = (byte) ch;
        }
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(Math.max(INITIAL, buf.length * 2), len + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
