package org.msrp4j.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * Builds a chunk addressed along a transport's paths, with every parameter of msrplib's {@code
 * make_chunk}; get one from {@link MsrpTransport#newChunk()}. Defaults: a SEND with a random
 * transaction id and Message-ID, no data, Byte-Range {@code start-end/total} with start 1, end
 * computed from the data and total as if this chunk ended the message, and the flag {@code $} when
 * it does, {@code +} when not (a REPORT always {@code $}). SEND and REPORT requests get Message-ID
 * and Byte-Range; responses and other methods only when set explicitly.
 */
public final class ChunkBuilder {

    private final ToPathHeader toPath;
    private final FromPathHeader fromPath;
    private String transactionId;
    private String method = "SEND";
    private int code;
    private String comment;
    private byte[] data = new byte[0];
    private String contentType;
    private Continuation continuation;
    private long start = 1;
    private long end = Long.MIN_VALUE;
    private long total = Long.MIN_VALUE;
    private boolean rangeSet;
    private String messageId;
    private final List<MsrpHeader<?>> extra = new ArrayList<>();

    ChunkBuilder(ToPathHeader toPath, FromPathHeader fromPath) {
        this.toPath = toPath;
        this.fromPath = fromPath;
    }

    /**
     * The transaction id; a random one when not set.
     *
     * @param value the transaction id; a random one when not set
     * @return this builder
     */
    public ChunkBuilder transactionId(String value) {
        this.transactionId = value;
        return this;
    }

    /**
     * A request with this method (upper-case letters).
     *
     * @param value a request with this method (upper-case letters)
     * @return this builder
     */
    public ChunkBuilder method(String value) {
        this.method = Objects.requireNonNull(value, "method");
        this.code = 0;
        this.comment = null;
        return this;
    }

    /**
     * A response with this code and comment (null for none) instead of a request.
     *
     * @param statusCode the status code
     * @param statusComment the status comment
     * @return this builder
     */
    public ChunkBuilder response(int statusCode, String statusComment) {
        this.method = null;
        this.code = statusCode;
        this.comment = statusComment;
        return this;
    }

    /**
     * The body (kept, not copied).
     *
     * @param value the body (kept, not copied)
     * @return this builder
     */
    public ChunkBuilder data(byte[] value) {
        this.data = Objects.requireNonNull(value, "data");
        return this;
    }

    /**
     * The body as UTF-8 text, with Content-Type {@code text/plain} unless another is set.
     *
     * @param text the body as UTF-8 text, with Content-Type {@code text/plain} unless another is set
     * @return this builder
     */
    public ChunkBuilder data(String text) {
        if (contentType == null) {
            contentType = "text/plain";
        }
        return data(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The Content-Type; a request that carries data and has none gets {@code text/plain} (RFC 4975
     * requires one on every body; msrplib leaves it to the caller).
     *
     * @param value the Content-Type; a request that carries data and has none gets {@code text/plain} (RFC 4975
     *     requires one on every body; msrplib leaves it to the caller)
     * @return this builder
     */
    public ChunkBuilder contentType(String value) {
        this.contentType = value;
        return this;
    }

    /**
     * The continuation flag; by default {@code $} when the chunk ends the message, else {@code +}.
     *
     * @param value the continuation flag; by default {@code $} when the chunk ends the message, else {@code +}
     * @return this builder
     */
    public ChunkBuilder continuation(Continuation value) {
        this.continuation = value;
        return this;
    }

    /**
     * The position of this chunk's first byte in the message, from 1 (the default).
     *
     * @param value the position of this chunk's first byte in the message, from 1 (the default)
     * @return this builder
     */
    public ChunkBuilder start(long value) {
        this.start = value;
        this.rangeSet = true;
        return this;
    }

    /**
     * The position of this chunk's last byte, inclusive, or {@link ByteRange#UNKNOWN}; by default
     * {@code start - 1 + data.length}.
     *
     * @param value the position of this chunk's last byte, inclusive, or {@link ByteRange#UNKNOWN}; by default {@code
     *     start - 1 + data.length}
     * @return this builder
     */
    public ChunkBuilder end(long value) {
        this.end = value;
        this.rangeSet = true;
        return this;
    }

    /**
     * The size of the whole message, or {@link ByteRange#UNKNOWN} for a stream of unknown length
     * ({@code *}); by default the end, as if this chunk carried the last part (msrplib's {@code length}).
     *
     * @param value the size of the whole message, or {@link ByteRange#UNKNOWN} for a stream of unknown length ({@code
     *     *}); by default the end, as if this chunk carried the last part (msrplib's {@code length})
     * @return this builder
     */
    public ChunkBuilder total(long value) {
        this.total = value;
        this.rangeSet = true;
        return this;
    }

    /**
     * The Message-ID; a random one (16 characters) when not set.
     *
     * @param value the Message-ID; a random one (16 characters) when not set
     * @return this builder
     */
    public ChunkBuilder messageId(String value) {
        this.messageId = value;
        return this;
    }

    /**
     * Adds another header (Success-Report, Failure-Report, Content-Disposition, …).
     *
     * @param header adds another header (Success-Report, Failure-Report, Content-Disposition, …)
     * @return this builder
     */
    public ChunkBuilder header(MsrpHeader<?> header) {
        extra.add(Objects.requireNonNull(header, "header"));
        return this;
    }

    /**
     * Builds the chunk.
     *
     * @return the MSRP chunk
     * @throws org.msrp4j.protocol.MsrpSyntaxException if an id, method or header value breaks the grammar
     * @throws IllegalStateException if a response was given data
     */
    public MsrpChunk build() {
        String tid = transactionId != null ? transactionId : MsrpGrammar.randomIdent(12);
        MsrpChunk chunk = method != null ? MsrpChunk.request(tid, method) : MsrpChunk.response(tid, code, comment);
        chunk.addHeader(toPath);
        chunk.addHeader(fromPath);
        if (method == null) {
            if (data.length > 0) {
                throw new IllegalStateException("a response carries no data");
            }
            extra.forEach(chunk::addHeader);
            return chunk;
        }
        boolean messageHeaders = "SEND".equals(method) || "REPORT".equals(method);
        if (messageHeaders || messageId != null) {
            chunk.addHeader(new MessageIdHeader(messageId != null ? messageId : MsrpGrammar.randomIdent(16)));
        }
        Continuation flag = continuation;
        if (messageHeaders || rangeSet) {
            long last = end != Long.MIN_VALUE ? end : start - 1 + data.length;
            long size = total != Long.MIN_VALUE ? total : last;
            chunk.addHeader(new ByteRangeHeader(new ByteRange(start, last, size)));
            if (flag == null) {
                // REPORTs are never interrupted, so always end in '$' (RFC 4975 §7.1.2)
                flag = "REPORT".equals(method) || last != ByteRange.UNKNOWN && last == size
                        ? Continuation.END : Continuation.MORE;
            }
        }
        extra.forEach(chunk::addHeader);
        if (data.length > 0 || contentType != null) {
            chunk.addHeader(new ContentTypeHeader(contentType != null ? contentType : "text/plain"));
        }
        return chunk.setData(data).setContinuation(flag != null ? flag : Continuation.END);
    }
}
