package org.msrp4j.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.internal.ChunkInternals;

/**
 * An MSRP chunk, request or response (the seed's {@code MSRPData}): a start line, headers, a body
 * and the continuation flag of its end-line.
 *
 * <p>The transaction id, method, code and comment are fixed at creation and validated; headers,
 * body and continuation may be changed. Instances are not thread-safe. {@link #data()} returns
 * the body array itself, not a copy.
 *
 * <p>Wire form ({@link #encode()}): {@code encodeStart() + data + encodeEnd(continuation)}, where
 * a chunk has a body section when it carries a Content-Type or data.
 */
public final class MsrpChunk {

    private static final byte[] EMPTY = new byte[0];

    static {
        ChunkInternals.install(MsrpChunk::markSegment);
    }

    private final String transactionId;
    private final String method;
    private final int code;
    private final String comment;
    private final MsrpHeaders headers;
    private byte[] data = EMPTY;
    private Continuation continuation = Continuation.END;
    private int segment;
    private boolean moreSegments;

    private MsrpChunk(String transactionId, String method, int code, String comment, MsrpHeaders headers) {
        this.transactionId = transactionId;
        this.method = method;
        this.code = code;
        this.comment = comment;
        this.headers = headers;
    }

    /**
     * Creates a request without headers or body.
     *
     * @param transactionId an ident of 4..32 characters
     * @param method upper-case letters, e.g. {@code SEND} (underscores after the first, as in
     *     sipsimple's {@code FILE_OFFSET})
     * @return the MSRP chunk
     * @throws MsrpSyntaxException if either breaks the grammar
     */
    public static MsrpChunk request(String transactionId, String method) {
        checkTransactionId(transactionId);
        if (!isMethod(method)) {
            throw new MsrpSyntaxException("method must be upper-case letters", method);
        }
        return new MsrpChunk(transactionId, method, 0, null, new MsrpHeaders());
    }

    /**
     * Creates a response without headers.
     *
     * @param transactionId the transaction id of the request answered
     * @param code three digits
     * @param comment free text without control characters; null or empty for none
     * @return the MSRP chunk
     * @throws MsrpSyntaxException if a component breaks the grammar
     */
    public static MsrpChunk response(String transactionId, int code, String comment) {
        checkTransactionId(transactionId);
        if (comment != null && comment.isEmpty()) {
            comment = null;
        }
        Objects.requireNonNull(new Status(code, comment));
        return new MsrpChunk(transactionId, null, code, comment, new MsrpHeaders());
    }

    /** For the parser, which has validated the start line already. */
    static MsrpChunk trusted(String transactionId, String method, int code, String comment) {
        return new MsrpChunk(transactionId, method, code, comment, new MsrpHeaders());
    }

    static void checkTransactionId(String transactionId) {
        if (transactionId == null || !MsrpGrammar.isIdent(transactionId)) {
            throw new MsrpSyntaxException("transaction id must be an ident of 4..32 characters", transactionId);
        }
    }

    /**
     * RFC 4975's {@code 1*UPALPHA}, and underscores after the first letter: sipsimple's resume
     * request is {@code FILE_OFFSET}, and refusing its start line would end the connection.
     */
    static boolean isMethod(String method) {
        if (method == null || method.isEmpty() || method.charAt(0) == '_') {
            return false;
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if ((c < 'A' || c > 'Z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * A deep copy: same start line, a copy of the header list, a copy of the body.
     *
     * @return a deep copy: same start line, a copy of the header list, a copy of the body
     */
    public MsrpChunk copy() {
        MsrpChunk c = new MsrpChunk(transactionId, method, code, comment, headers.copy());
        c.data = data.length == 0 ? EMPTY : data.clone();
        c.continuation = continuation;
        c.segment = segment;
        c.moreSegments = moreSegments;
        return c;
    }

    /**
     * The transaction id.
     *
     * @return the transaction id
     */
    public String transactionId() {
        return transactionId;
    }

    /**
     * Whether this is a request.
     *
     * @return whether this is a request
     */
    public boolean isRequest() {
        return method != null;
    }

    /**
     * Whether this is a response.
     *
     * @return whether this is a response
     */
    public boolean isResponse() {
        return method == null;
    }

    /**
     * The method of a request, or null for a response.
     *
     * @return the method of a request, or null for a response
     */
    public String method() {
        return method;
    }

    /**
     * The status code of a response, or 0 for a request.
     *
     * @return the status code of a response, or 0 for a request
     */
    public int code() {
        return code;
    }

    /**
     * The comment of a response, or null.
     *
     * @return the comment of a response, or null
     */
    public String comment() {
        return comment;
    }

    /**
     * The headers, in wire order; changes to the returned object change this chunk.
     *
     * @return the headers, in wire order; changes to the returned object change this chunk
     */
    public MsrpHeaders headers() {
        return headers;
    }

    /**
     * Sets a header, replacing one of the same name (the seed's {@code add_header}).
     *
     * @param header a header, replacing one of the same name (the seed's {@code add_header})
     * @return the MSRP chunk
     */
    public MsrpChunk addHeader(MsrpHeader<?> header) {
        headers.set(header);
        return this;
    }

    /**
     * The first header called {@code name}, or null.
     *
     * @param name the name
     * @return the first header called {@code name}, or null
     */
    public MsrpHeader<?> header(String name) {
        return headers.get(name);
    }

    /**
     * The body; the array itself, not a copy, so that large bodies are not copied on every read:
     * writing into it changes this chunk (and what a later write of it sends). Copy it to keep or
     * change it apart from the chunk.
     *
     * @return the body; the array itself, not a copy
     */
    public byte[] data() {
        return data;
    }

    /**
     * Sets the body (kept, not copied).
     *
     * @param body the body (kept, not copied)
     * @return the MSRP chunk
     */
    public MsrpChunk setData(byte[] body) {
        this.data = Objects.requireNonNull(body, "body");
        return this;
    }

    /**
     * The continuation flag of the end-line.
     *
     * @return the continuation flag of the end-line
     */
    public Continuation continuation() {
        return continuation;
    }

    /**
     * Sets the continuation flag.
     *
     * @param value the continuation flag
     * @return the MSRP chunk
     */
    public MsrpChunk setContinuation(Continuation value) {
        this.continuation = Objects.requireNonNull(value, "continuation");
        return this;
    }

    /**
     * 0 for a chunk as it was on the wire; n &ge; 1 for the n-th "virtual chunk" into which a
     * transport's {@code readChunk(size)} cut a longer chunk (its Byte-Range then covers just this
     * segment's bytes, and every segment but the last has the {@code +} flag).
     *
     * @return 0 for a chunk as it was on the wire; n &ge; 1 for the n-th "virtual chunk" into which a transport's
     *     {@code readChunk(size)} cut a longer chunk (its Byte-Range then covers just this segment's bytes, and every
     *     segment but the last has the {@code +} flag)
     */
    public int segment() {
        return segment;
    }

    /**
     * Whether more segments of the same wire chunk follow this one: true for every segment but
     * the last (whose flag, the chunk's own, may itself be {@code +}); false for whole chunks.
     *
     * @return whether more segments of the same wire chunk follow this one: true for every segment but the last (whose
     *     flag, the chunk's own, may itself be {@code +}); false for whole chunks
     */
    public boolean hasMoreSegments() {
        return moreSegments;
    }

    private static void markSegment(MsrpChunk chunk, int number, boolean more) {
        if (number < 0) {
            throw new IllegalArgumentException("segment must be >= 0: " + number);
        }
        chunk.segment = number;
        chunk.moreSegments = more;
    }

    /**
     * The body size in bytes.
     *
     * @return the body size in bytes
     */
    public int size() {
        return data.length;
    }

    /**
     * The To-Path URIs, or null when absent.
     *
     * @return the To-Path URIs, or null when absent
     */
    public List<MsrpUri> toPath() {
        ToPathHeader h = headers.get(ToPathHeader.class);
        return h == null ? null : h.decode();
    }

    /**
     * The From-Path URIs, or null when absent.
     *
     * @return the From-Path URIs, or null when absent
     */
    public List<MsrpUri> fromPath() {
        FromPathHeader h = headers.get(FromPathHeader.class);
        return h == null ? null : h.decode();
    }

    /**
     * The Content-Type value, or null.
     *
     * @return the Content-Type value, or null
     */
    public String contentType() {
        ContentTypeHeader h = headers.get(ContentTypeHeader.class);
        return h == null ? null : h.decode();
    }

    /**
     * The Message-ID, or null.
     *
     * @return the Message-ID, or null
     */
    public String messageId() {
        MessageIdHeader h = headers.get(MessageIdHeader.class);
        return h == null ? null : h.decode();
    }

    /**
     * The Byte-Range, or null when absent.
     *
     * @return the Byte-Range, or null when absent
     */
    public ByteRange byteRange() {
        ByteRangeHeader h = headers.get(ByteRangeHeader.class);
        return h == null ? null : h.decode();
    }

    /**
     * The Status header's value (REPORT requests), or null.
     *
     * @return the Status header's value (REPORT requests), or null
     */
    public Status status() {
        StatusHeader h = headers.get(StatusHeader.class);
        return h == null ? null : h.decode();
    }

    /**
     * The Failure-Report mode, {@link ReportMode#YES} when absent.
     *
     * @return the Failure-Report mode, {@link ReportMode#YES} when absent
     */
    public ReportMode failureReport() {
        FailureReportHeader h = headers.get(FailureReportHeader.class);
        return h == null ? ReportMode.YES : h.decode();
    }

    /**
     * The Success-Report mode, {@link ReportMode#NO} when absent.
     *
     * @return the Success-Report mode, {@link ReportMode#NO} when absent
     */
    public ReportMode successReport() {
        SuccessReportHeader h = headers.get(SuccessReportHeader.class);
        return h == null ? ReportMode.NO : h.decode();
    }

    /**
     * Whether the wire form has a body section (a Content-Type header or data).
     *
     * @return whether the wire form has a body section (a Content-Type header or data)
     */
    public boolean hasBody() {
        return data.length > 0 || headers.contains(ContentTypeHeader.NAME);
    }

    /**
     * Checks what every chunk needs: To-Path and From-Path; a Content-Type when there is data;
     * a Byte-Range, when present, that spans exactly the data of a complete chunk.
     *
     * @throws InvalidHeaderException naming the missing or inconsistent header
     */
    public void verifyHeaders() {
        if (!headers.contains(ToPathHeader.NAME)) {
            throw new InvalidHeaderException(ToPathHeader.NAME, "missing", null);
        }
        if (!headers.contains(FromPathHeader.NAME)) {
            throw new InvalidHeaderException(FromPathHeader.NAME, "missing", null);
        }
        if (data.length > 0 && !headers.contains(ContentTypeHeader.NAME)) {
            throw new InvalidHeaderException(ContentTypeHeader.NAME, "missing on a chunk with data", null);
        }
        ByteRange r = byteRange();
        if (r != null && r.hasEnd() && r.end() - r.start() + 1 != data.length) {
            throw new InvalidHeaderException(ByteRangeHeader.NAME,
                    "spans " + (r.end() - r.start() + 1) + " bytes but the chunk carries " + data.length, r.encode());
        }
    }

    /**
     * The start line and headers, followed by the empty line that opens the body section when
     * the chunk has one.
     *
     * @return the start line and headers, followed by the empty line that opens the body section when the chunk has one
     */
    public byte[] encodeStart() {
        StringBuilder b = new StringBuilder(256);
        appendStart(b);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void appendStart(StringBuilder b) {
        b.append("MSRP ").append(transactionId).append(' ');
        if (method != null) {
            b.append(method);
        } else {
            b.append(code);
            if (comment != null) {
                b.append(' ').append(comment);
            }
        }
        b.append("\r\n");
        for (MsrpHeader<?> h : headers.asList()) {
            b.append(h.name()).append(": ").append(h.encode()).append("\r\n");
        }
        if (hasBody()) {
            b.append("\r\n");
        }
    }

    /**
     * The end of the chunk: the CRLF closing the body when there is one, then the end-line,
     * seven dashes, the transaction id and {@code continuation}'s flag.
     *
     * @param continuation the continuation
     * @return the end of the chunk: the CRLF closing the body when there is one, then the end-line, seven dashes, the
     *     transaction id and {@code continuation}'s flag
     */
    public byte[] encodeEnd(Continuation continuation) {
        return endLine(hasBody(), continuation).getBytes(StandardCharsets.US_ASCII);
    }

    private String endLine(boolean body, Continuation c) {
        return (body ? "\r\n-------" : "-------") + transactionId + c.flag() + "\r\n";
    }

    /**
     * The whole chunk: start, body and end-line with this chunk's continuation flag.
     *
     * @return the whole chunk: start, body and end-line with this chunk's continuation flag
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + data.length);
        out.writeBytes(encodeStart());
        out.writeBytes(data);
        out.writeBytes(encodeEnd(continuation));
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MsrpChunk c && transactionId.equals(c.transactionId) && Objects.equals(method, c.method)
                && code == c.code && Objects.equals(comment, c.comment) && headers.equals(c.headers)
                && Arrays.equals(data, c.data) && continuation == c.continuation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactionId, method, code, headers, continuation) * 31 + Arrays.hashCode(data);
    }

    /** A one-line summary, e.g. {@code MSRP a786hjs2 SEND (25 bytes, $)}. */
    @Override
    public String toString() {
        String what = method != null ? method : (comment == null ? Integer.toString(code) : code + " " + comment);
        return "MSRP " + transactionId + " " + what + " (" + data.length + " bytes, " + continuation.flag() + ")";
    }
}
