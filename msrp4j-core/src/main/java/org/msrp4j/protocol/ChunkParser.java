package org.msrp4j.protocol;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * An incremental MSRP chunk parser: feed it bytes as they arrive, in pieces of any size, and it
 * reports start / data / end events to a {@link ChunkListener} (msrplib's data_start /
 * data_write / data_end). Any split of the same input gives the same events' content. Bodies are
 * streamed, never held: memory use is bounded by the {@link Limits} on the start line and header
 * block, whatever the body size.
 *
 * <p>The end of a body is the first {@code CRLF "-------" transaction-id} followed by a
 * continuation flag and CRLF (RFC 4975 §7.1); bodies may contain dashes, other end-lines and
 * partial matches, also split across reads.
 *
 * <p>Errors: a chunk that is framed but malformed is reported to
 * {@link ChunkListener#chunkMalformed} and skipped. Input that loses the framing (not a start
 * line, a bad transaction id, a wrong end-line, a limit exceeded) makes {@link #feed} throw a
 * fatal {@link ChunkParseException}; the parser then stays failed. Not thread-safe: one reader
 * feeds it.
 */
public final class ChunkParser {

    /**
     * Bounds on what a parser holds in memory.
     *
     * @param maxStartLine bytes in the start line, without CRLF
     * @param maxHeaderBlock bytes in all header lines of one chunk, CRLFs included
     * @param maxHeaders header lines in one chunk
     * @param maxUriLength characters in one URI of a path header
     */
    public record Limits(int maxStartLine, int maxHeaderBlock, int maxHeaders, int maxUriLength) {

        /** 1 KiB start line, 16 KiB header block, 64 headers, 2 KiB URIs. */
        public static final Limits DEFAULT = new Limits(1024, 16 * 1024, 64, MsrpUri.DEFAULT_MAX_LENGTH);

        /** Validates that every limit is positive and the start line can hold a minimal chunk. */
        public Limits {
            if (maxStartLine < 16 || maxHeaderBlock < 16 || maxHeaders < 2 || maxUriLength < 16) {
                throw new IllegalArgumentException("limits too small: " + maxStartLine + ", " + maxHeaderBlock
                        + ", " + maxHeaders + ", " + maxUriLength);
            }
        }
    }

    private enum State { START_LINE, HEADERS, BODY, END_FLAG, END_CR, END_LF, FAILED }

    private static final byte[] MSRP_SP = {'M', 'S', 'R', 'P', ' '};
    private static final String TLS_HINT = ", the start of a TLS record: the peer speaks TLS, so reach it over TLS "
            + "(an msrps URI; for a relay, RelaySettings useTls(true))";
    private static final int DASHES = 7;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Constants METHODS = new Constants(List.of("SEND", "REPORT", "AUTH", "NICKNAME"));
    /** Known header names, so that a canonical name on the wire needs no new String. */
    private static final Constants HEADER_NAMES = new Constants(MsrpHeader.knownNames());

    /** Strings recognised from their ASCII bytes without allocating; each has an id 0..size()-1. */
    private static final class Constants {
        private final List<String> strings;
        /** By length: the ids of the constants of that length. */
        private final int[][] idsByLength = new int[33][];
        private final byte[][] bytes;

        Constants(List<String> values) {
            strings = List.copyOf(values);
            bytes = new byte[strings.size()][];
            for (int id = 0; id < strings.size(); id++) {
                String v = strings.get(id);
                bytes[id] = v.getBytes(StandardCharsets.US_ASCII);
                int[] old = idsByLength[v.length()];
                int[] grown = old == null ? new int[1] : Arrays.copyOf(old, old.length + 1);
                grown[grown.length - 1] = id;
                idsByLength[v.length()] = grown;
            }
        }

        int size() {
            return strings.size();
        }

        String string(int id) {
            return strings.get(id);
        }

        /** The constant equal to the ASCII bytes {@code b[off, off + len)}, or null. */
        String find(byte[] b, int off, int len) {
            int id = id(b, off, len);
            return id < 0 ? null : strings.get(id);
        }

        /** The id of the constant equal to {@code b[off, off + len)}, or -1. */
        int id(byte[] b, int off, int len) {
            if (len >= idsByLength.length || idsByLength[len] == null) {
                return -1;
            }
            for (int id : idsByLength[len]) {
                if (Arrays.equals(bytes[id], 0, len, b, off, off + len)) {
                    return id;
                }
            }
            return -1;
        }
    }

    private final ChunkListener listener;
    private final Limits limits;

    private State state = State.START_LINE;
    private byte[] line = new byte[128];
    private int lineLen;
    private int headerBytes;
    private int headerCount;

    private MsrpChunk chunk;
    /** True while skipping a malformed chunk: body bytes are not reported. */
    private boolean skipping;
    private String transactionId;
    private byte[] endPattern = new byte[2 + DASHES + 32];
    private int endPatternLen;
    private int matched;
    /** How many of the matched bytes are the virtual CRLF assumed before a body or skipped region. */
    private int virtualLen;
    private Continuation flag;
    /** How many bytes of a just-matched end pattern were the virtual CRLF before a body (0 or 2). */
    private int endMatchVirtual;

    private ChunkParseException failure;
    /**
     * The last value bytes and decoded header seen for each known header name. Paths and content
     * types repeat on every chunk of a session, and headers are immutable, so an equal value
     * reuses the decoded header instead of parsing it again.
     */
    private final byte[][] lastValues = new byte[HEADER_NAMES.size()][];
    private final MsrpHeader<?>[] lastHeaders = new MsrpHeader<?>[HEADER_NAMES.size()];

    /**
     * Creates a parser with {@link Limits#DEFAULT} limits.
     *
     * @param listener the listener
     */
    public ChunkParser(ChunkListener listener) {
        this(listener, Limits.DEFAULT);
    }

    /**
     * Creates a parser with the given limits.
     *
     * @param listener the listener
     * @param limits the limits
     */
    public ChunkParser(ChunkListener listener, Limits limits) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * The limits in force.
     *
     * @return the limits in force
     */
    public Limits limits() {
        return limits;
    }

    /**
     * Whether the parser is between chunks (nothing of a next chunk read yet).
     *
     * @return whether the parser is between chunks (nothing of a next chunk read yet)
     */
    public boolean isIdle() {
        return state == State.START_LINE && lineLen == 0;
    }

    /**
     * Whether the parser is inside a reported body and holds back none of its bytes (no partial
     * end-line pending). Body bytes of the next input are then reported in order from the first
     * one, so a reader may place them straight where it collects the body and feed them from there.
     *
     * @return whether the parser is inside a reported body and holds back none of its bytes (no partial end-line
     *     pending)
     */
    public boolean holdsNoBodyBytes() {
        return state == State.BODY && !skipping && matched == virtualLen;
    }

    /**
     * Parses all remaining bytes of {@code buffer}, advancing its position to its limit.
     *
     * @param buffer the buffer
     * @throws ChunkParseException if the framing is lost (always fatal)
     */
    public void feed(ByteBuffer buffer) throws ChunkParseException {
        if (buffer.hasArray()) {
            int pos = buffer.position();
            feed(buffer.array(), buffer.arrayOffset() + pos, buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            byte[] tmp = new byte[Math.min(buffer.remaining(), 16 * 1024)];
            while (buffer.hasRemaining()) {
                int n = Math.min(tmp.length, buffer.remaining());
                buffer.get(tmp, 0, n);
                feed(tmp, 0, n);
            }
        }
    }

    /**
     * Parses {@code len} bytes of {@code buf} from {@code off}.
     *
     * @param len the len
     * @param off the off
     * @param buf the buf
     * @throws ChunkParseException if the framing is lost (always fatal)
     */
    public void feed(byte[] buf, int off, int len) throws ChunkParseException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int end = off + len;
        int i = off;
        while (i < end) {
            switch (state) {
                case START_LINE, HEADERS -> i = readLine(buf, i, end);
                case BODY -> i = scanBody(buf, i, end);
                case END_FLAG -> {
                    flag = Continuation.of(buf[i]);
                    if (flag == null) {
                        // dashes and the transaction id without a flag are body data: RFC 4975
                        // §7.1 keeps only the whole end-line out of bodies
                        data(Arrays.copyOfRange(endPattern, endMatchVirtual, endPatternLen), 0,
                                endPatternLen - endMatchVirtual);
                        state = State.BODY;
                        matched = 0;
                        virtualLen = 0;
                        continue;
                    }
                    state = State.END_CR;
                    i++;
                }
                case END_CR -> {
                    if (buf[i] != '\r') {
                        throw fail("end-line not terminated by CRLF");
                    }
                    state = State.END_LF;
                    i++;
                }
                case END_LF -> {
                    if (buf[i] != '\n') {
                        throw fail("end-line not terminated by CRLF");
                    }
                    i++;
                    finishChunk();
                }
                case FAILED -> throw failure;
                default -> throw new IllegalStateException(state.name());
            }
        }
        if (state == State.FAILED) {
            throw failure;
        }
    }

    /**
     * Declares the end of the input (the connection closed).
     *
     * @throws ChunkParseException if a chunk was only partly received
     */
    public void endOfInput() throws ChunkParseException {
        if (state == State.FAILED) {
            throw failure;
        }
        if (!isIdle()) {
            throw fail("input ended inside a chunk");
        }
    }

    /**
     * Parses {@code wire} as exactly one complete chunk and returns it with its body.
     *
     * @param wire the wire
     * @return the MSRP chunk
     * @throws ChunkParseException if it is malformed, incomplete, or followed by more bytes
     */
    public static MsrpChunk parse(byte[] wire) throws ChunkParseException {
        return parse(wire, Limits.DEFAULT);
    }

    /**
     * As {@link #parse(byte[])} with the given limits.
     *
     * @param wire the wire
     * @param limits the limits
     * @return the chunk
     * @throws ChunkParseException if the bytes are not a valid chunk
     */
    public static MsrpChunk parse(byte[] wire, Limits limits) throws ChunkParseException {
        MsrpChunk[] result = new MsrpChunk[1];
        ChunkParseException[] malformed = new ChunkParseException[1];
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ChunkParser p = new ChunkParser(new ChunkListener() {
            @Override
            public void chunkStarted(MsrpChunk chunk) {
                if (result[0] != null) {
                    throw new SecondChunk();
                }
            }

            @Override
            public void chunkData(MsrpChunk chunk, ByteBuffer data) {
                body.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            }

            @Override
            public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
                chunk.setData(body.toByteArray());
                result[0] = chunk;
            }

            @Override
            public void chunkMalformed(ChunkParseException error) {
                malformed[0] = error;
            }
        }, limits);
        try {
            p.feed(wire, 0, wire.length);
        } catch (SecondChunk e) {
            throw new ChunkParseException("more than one chunk in input", Status.BAD_REQUEST, true,
                    result[0].transactionId(), result[0], null);
        } catch (ChunkParseException e) {
            if (result[0] == null) {
                throw e;
            }
            throw new ChunkParseException("unexpected bytes after the chunk", Status.BAD_REQUEST, true,
                    result[0].transactionId(), result[0], e);
        }
        if (malformed[0] != null) {
            throw malformed[0];
        }
        if (result[0] != null && !p.isIdle()) {
            throw new ChunkParseException("unexpected bytes after the chunk", Status.BAD_REQUEST, true,
                    result[0].transactionId(), result[0], null);
        }
        p.endOfInput();
        if (result[0] == null) {
            throw new ChunkParseException("no chunk in input", Status.BAD_REQUEST, true, null, null, null);
        }
        return result[0];
    }

    /** Raised by {@link #parse}'s listener to stop at a second chunk. */
    private static final class SecondChunk extends RuntimeException {
        SecondChunk() {
            super(null, null, false, false);
        }
    }

    // ---- start line and headers ----

    private int readLine(byte[] buf, int from, int end) throws ChunkParseException {
        int max = state == State.START_LINE ? limits.maxStartLine() + 2 : limits.maxHeaderBlock() - headerBytes;
        int scanEnd = Math.min(end, from + Math.max(0, max - lineLen));
        int lf = indexOfLf(buf, from, scanEnd);
        if (state == State.START_LINE) {
            checkMsrpPrefix(buf, from, lf < 0 ? scanEnd : lf + 1);
        }
        if (lf < 0) {
            append(buf, from, scanEnd - from);
            if (scanEnd < end || lineLen >= max) {
                throw fail(state == State.START_LINE
                        ? "start line longer than " + limits.maxStartLine() + " bytes"
                        : "header block longer than " + limits.maxHeaderBlock() + " bytes");
            }
            return end;
        }
        byte[] l;
        int len;
        if (lineLen == 0) {
            l = buf;
            len = lf + 1 - from;
            from = lf + 1;
            parseLine(l, lf + 1 - len, len);
        } else {
            append(buf, from, lf + 1 - from);
            l = line;
            len = lineLen;
            lineLen = 0;
            parseLine(l, 0, len);
        }
        return lf + 1;
    }

    private void checkMsrpPrefix(byte[] buf, int from, int to) throws ChunkParseException {
        for (int k = from, pos = lineLen; k < to && pos < MSRP_SP.length; k++, pos++) {
            if (buf[k] != MSRP_SP[pos]) {
                throw fail("expected a chunk starting with \"MSRP \", got " + describe(buf[k])
                        + (pos == 0 && isTlsRecordType(buf[k]) ? TLS_HINT : ""));
            }
        }
    }

    private void append(byte[] buf, int from, int n) {
        if (lineLen + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        }
        System.arraycopy(buf, from, line, lineLen, n);
        lineLen += n;
    }

    /** Handles one line, {@code len} bytes from {@code off} including its LF. */
    private void parseLine(byte[] b, int off, int len) throws ChunkParseException {
        if (len < 2 || b[off + len - 2] != '\r') {
            throw fail(state == State.START_LINE ? "start line not terminated by CRLF"
                    : "header line not terminated by CRLF");
        }
        int n = len - 2;
        if (state == State.START_LINE) {
            parseStartLine(b, off, n);
            return;
        }
        headerBytes += len;
        if (n == 0) {
            beginBody();
        } else if (n >= DASHES && b[off] == '-') {
            parseHeaderlessEndLine(b, off, n);
        } else {
            if (++headerCount > limits.maxHeaders()) {
                throw fail("more than " + limits.maxHeaders() + " headers");
            }
            if (!skipping) {
                parseHeader(b, off, n);
            }
        }
    }

    private void parseStartLine(byte[] b, int off, int n) throws ChunkParseException {
        int tidStart = off + MSRP_SP.length;
        int lineEnd = off + n;
        int sp = tidStart;
        while (sp < lineEnd && b[sp] != ' ') {
            sp++;
        }
        String tid = new String(b, tidStart, sp - tidStart, StandardCharsets.ISO_8859_1);
        if (!MsrpGrammar.isIdent(tid)) {
            throw fail("bad transaction id \"" + MsrpSyntaxException.shorten(tid) + "\"");
        }
        transactionId = tid;
        setEndPattern(tid);
        state = State.HEADERS;
        headerBytes = 0;
        headerCount = 0;
        skipping = false;
        chunk = null;
        if (sp >= lineEnd) {
            malformed("start line has no method or status code", null);
            return;
        }
        int rest = sp + 1;
        int restLen = lineEnd - rest;
        if (restLen >= 3 && isDigit(b[rest]) && isDigit(b[rest + 1]) && isDigit(b[rest + 2])
                && (restLen == 3 || b[rest + 3] == ' ')) {
            int code = (b[rest] - '0') * 100 + (b[rest + 1] - '0') * 10 + (b[rest + 2] - '0');
            String comment = restLen > 4 ? new String(b, rest + 4, restLen - 4, StandardCharsets.UTF_8) : null;
            if (code < 100 || (comment != null && !MsrpGrammar.isText(comment))) {
                malformed("bad status in start line", null);
                return;
            }
            chunk = MsrpChunk.trusted(tid, null, code, comment);
        } else {
            String method = METHODS.find(b, rest, restLen);
            if (method == null) {
                method = new String(b, rest, restLen, StandardCharsets.ISO_8859_1);
            }
            if (!MsrpChunk.isMethod(method)) {
                malformed("bad method \"" + MsrpSyntaxException.shorten(method) + "\"", null);
                return;
            }
            chunk = MsrpChunk.trusted(tid, method, 0, null);
        }
    }

    private void parseHeader(byte[] b, int off, int n) throws ChunkParseException {
        int colon = -1;
        for (int k = off; k < off + n; k++) {
            if (b[k] == ':') {
                colon = k;
                break;
            }
        }
        if (colon <= off) {
            malformed("header line without a name and ':'", null);
            return;
        }
        int nameLen = colon - off;
        int id = HEADER_NAMES.id(b, off, nameLen);
        int v = colon + 1;
        while (v < off + n && (b[v] == ' ' || b[v] == '\t')) {
            v++;
        }
        int valueLen = off + n - v;
        byte[] last = id >= 0 ? lastValues[id] : null;
        if (last != null && Arrays.equals(last, 0, last.length, b, v, v + valueLen)) {
            chunk.headers().add(lastHeaders[id]);
            return;
        }
        String name = id >= 0 ? HEADER_NAMES.string(id) : new String(b, off, nameLen, StandardCharsets.ISO_8859_1);
        String value = new String(b, v, valueLen, StandardCharsets.UTF_8);
        try {
            MsrpHeader<?> header = MsrpHeader.of(name, value, limits.maxUriLength());
            chunk.headers().add(header);
            if (id >= 0) {
                lastValues[id] = Arrays.copyOfRange(b, v, v + valueLen);
                lastHeaders[id] = header;
            }
        } catch (IllegalArgumentException e) {
            malformed(e.getMessage(), e);
        }
    }

    private void parseHeaderlessEndLine(byte[] b, int off, int n) throws ChunkParseException {
        int tidLen = endPatternLen - 2 - DASHES;
        boolean ok = n == DASHES + tidLen + 1;
        for (int k = 0; ok && k < DASHES + tidLen; k++) {
            ok = b[off + k] == endPattern[2 + k];
        }
        if (!ok) {
            throw fail("unexpected line \"" + MsrpSyntaxException.shorten(
                    new String(b, off, n, StandardCharsets.ISO_8859_1)) + "\" in header block");
        }
        flag = Continuation.of(b[off + n - 1]);
        if (flag == null) {
            throw fail("bad continuation flag " + describe(b[off + n - 1]) + " in end-line");
        }
        if (!skipping && checkPaths()) {
            listener.chunkStarted(chunk);
        }
        finishChunk();
    }

    private void beginBody() throws ChunkParseException {
        if (!skipping && checkPaths()) {
            listener.chunkStarted(chunk);
        }
        state = State.BODY;
        matched = 2;
        virtualLen = 2;
    }

    /** Reports a malformed chunk when To-Path or From-Path is missing; returns whether both are present. */
    private boolean checkPaths() throws ChunkParseException {
        if (chunk.headers().get(ToPathHeader.class) == null || chunk.headers().get(FromPathHeader.class) == null) {
            malformed("To-Path and From-Path are required", null);
            return false;
        }
        return true;
    }

    private void malformed(String problem, Throwable cause) throws ChunkParseException {
        skipping = true;
        ChunkParseException e = new ChunkParseException("malformed chunk " + transactionId + ": " + problem,
                Status.BAD_REQUEST, false, transactionId, chunk, cause);
        if (state == State.HEADERS) {
            // Find the end-line from here: every header line ends with the CRLF it starts with.
            state = State.BODY;
            matched = 2;
            virtualLen = 2;
        }
        listener.chunkMalformed(e);
    }

    private void finishChunk() {
        MsrpChunk c = chunk;
        boolean report = !skipping;
        chunk = null;
        skipping = false;
        state = State.START_LINE;
        if (report) {
            c.setContinuation(flag);
            listener.chunkEnded(c, flag);
        }
    }

    private void setEndPattern(String tid) {
        endPattern[0] = '\r';
        endPattern[1] = '\n';
        for (int k = 0; k < DASHES; k++) {
            endPattern[2 + k] = '-';
        }
        for (int k = 0; k < tid.length(); k++) {
            endPattern[2 + DASHES + k] = (byte) tid.charAt(k);
        }
        endPatternLen = 2 + DASHES + tid.length();
    }

    // ---- body ----

    /**
     * Scans body bytes for the end pattern (CRLF, seven dashes, transaction id), reporting the
     * bytes before it as data. A partial match at the end of {@code buf} is carried into the next
     * call; if it then fails, the carried pattern bytes are reported as data first.
     */
    private int scanBody(byte[] buf, int from, int end) throws ChunkParseException {
        final byte[] pat = endPattern;
        final int patLen = endPatternLen;
        final int carried = matched;
        boolean fromPrev = matched > 0;
        int runStart = from;
        int matchBegin = -1;
        int i = from;
        int m = matched;
        while (i < end) {
            if (m == 0) {
                int cr = endLineCandidate(buf, i, end);
                if (cr < 0) {
                    i = end;
                    break;
                }
                matchBegin = cr;
                m = 1;
                i = cr + 1;
                continue;
            }
            if (buf[i] == pat[m]) {
                i++;
                if (++m == patLen) {
                    int dataEnd = fromPrev ? runStart : matchBegin;
                    data(buf, runStart, dataEnd - runStart);
                    endMatchVirtual = fromPrev ? virtualLen : 0;
                    matched = 0;
                    virtualLen = 0;
                    state = State.END_FLAG;
                    return i;
                }
            } else {
                if (fromPrev) {
                    // the pattern array is reused: hand out a copy of the carried bytes
                    data(Arrays.copyOfRange(pat, virtualLen, carried), 0, carried - virtualLen);
                    fromPrev = false;
                    virtualLen = 0;
                }
                m = 0;
            }
        }
        matched = m;
        if (m > 0 && !fromPrev) {
            data(buf, runStart, matchBegin - runStart);
        } else if (m == 0) {
            data(buf, runStart, end - runStart);
        }
        return end;
    }

    /**
     * The first index in {@code buf[from, end)} where an end-line may begin: a CR followed by LF
     * and seven dashes, or by as much of them as {@code buf} holds before {@code end}; -1 if none.
     * An end-line may begin at one of the seven positions from {@code p} only if the byte eight
     * after {@code p} is a dash, so one probe per seven bytes rules out most of a body; eight probes
     * are tested at once to keep branches few.
     */
    static int endLineCandidate(byte[] buf, int from, int end) {
        int p = from;
        while (p + 8 < end) {
            if (p + 57 < end && (buf[p + 8] != '-') & (buf[p + 15] != '-') & (buf[p + 22] != '-')
                    & (buf[p + 29] != '-') & (buf[p + 36] != '-') & (buf[p + 43] != '-')
                    & (buf[p + 50] != '-') & (buf[p + 57] != '-')) {
                p += 8 * DASHES;
                continue;
            }
            if (buf[p + 8] == '-') {
                for (int c = p; c < p + DASHES; c++) {
                    if (buf[c] == '\r' && fitsEndLinePrefix(buf, c, end)) {
                        return c;
                    }
                }
            }
            p += DASHES;
        }
        for (; p < end; p++) {
            if (buf[p] == '\r' && fitsEndLinePrefix(buf, p, end)) {
                return p;
            }
        }
        return -1;
    }

    /** Whether the bytes after the CR at {@code cr}, up to {@code end}, begin LF and seven dashes. */
    private static boolean fitsEndLinePrefix(byte[] buf, int cr, int end) {
        int stop = Math.min(end, cr + 2 + DASHES);
        if (cr + 1 < stop && buf[cr + 1] != '\n') {
            return false;
        }
        for (int k = cr + 2; k < stop; k++) {
            if (buf[k] != '-') {
                return false;
            }
        }
        return true;
    }

    /** The index of the first LF in {@code buf[from, end)}, or -1; tests eight bytes per step. */
    static int indexOfLf(byte[] buf, int from, int end) {
        final long lfs = 0x0A0A_0A0A_0A0A_0A0AL;
        int k = from;
        for (; k + 8 <= end; k += 8) {
            long v = (long) LONGS.get(buf, k) ^ lfs;
            // the lowest byte of v that is zero sets the lowest bit here (little-endian: first in memory)
            long zeros = (v - 0x0101_0101_0101_0101L) & ~v & 0x8080_8080_8080_8080L;
            if (zeros != 0) {
                return k + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; k < end; k++) {
            if (buf[k] == '\n') {
                return k;
            }
        }
        return -1;
    }

    private void data(byte[] b, int off, int len) {
        if (len > 0 && !skipping) {
            listener.chunkData(chunk, ByteBuffer.wrap(b, off, len));
        }
    }

    // ---- errors ----

    private ChunkParseException fail(String problem) {
        failure = new ChunkParseException(problem, Status.BAD_REQUEST, true, transactionId, chunk, null);
        state = State.FAILED;
        return failure;
    }

    /** A TLS record's first byte: handshake (0x16, a ClientHello) or alert (0x15, a TLS server's answer). */
    private static boolean isTlsRecordType(byte c) {
        return c == 0x15 || c == 0x16;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static String describe(byte c) {
        return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c & 0xff);
    }
}
