package org.msrp4j.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpHeaders;
import org.msrp4j.protocol.header.MsrpHeader;

/**
 * A file (or any stream of bytes) to send with {@link MsrpSession#sendFile} (msrplib's
 * OutgoingFile): the data source, its size ({@link ByteRange#UNKNOWN} for a stream whose length is
 * not known), the Content-Type, the position to start from (the source must already be there),
 * the Message-ID, and further headers for every chunk (Content-Disposition, Success-Report, …).
 *
 * <p>Data is read as it is sent, one chunk at a time; the source is closed when the transfer ends.
 * {@link #completion()} tells how it ended; {@link #bytesSent()} and {@link #bytesAcknowledged()}
 * give progress.
 */
public final class OutgoingFile {

    private final ReadableByteChannel source;
    private final long size;
    private final String contentType;
    private final long position;
    private final String messageId;
    private final MsrpHeaders headers = new MsrpHeaders();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile boolean abortRequested;
    private volatile Runnable abortListener;

    /**
     * A file to send.
     *
     * @param source where the data comes from, positioned at {@code position}
     * @param size the whole file's size in bytes, or {@link ByteRange#UNKNOWN}
     * @param contentType the MIME type, or null for {@code application/octet-stream}
     * @param position the offset of the first byte to send (0 for the start; more to resume)
     * @param messageId the Message-ID, or null for a random one
     */
    public OutgoingFile(ReadableByteChannel source, long size, String contentType, long position, String messageId) {
        this.source = Objects.requireNonNull(source, "source");
        if (size < ByteRange.UNKNOWN) {
            throw new IllegalArgumentException("size must be >= 0 or ByteRange.UNKNOWN: " + size);
        }
        if (position < 0 || size != ByteRange.UNKNOWN && position > size) {
            throw new IllegalArgumentException("position must be within 0.." + size + ": " + position);
        }
        this.size = size;
        this.contentType = contentType != null ? contentType : "application/octet-stream";
        this.position = position;
        this.messageId = messageId != null ? messageId : MsrpGrammar.randomIdent(20);
    }

    /**
     * A file to send from an input stream (as the seed's file object).
     *
     * @param source the source
     * @param size the size in bytes
     * @param contentType the content type
     * @param position the position in the file, from 0
     * @param messageId the Message-ID
     */
    public OutgoingFile(InputStream source, long size, String contentType, long position, String messageId) {
        this(Channels.newChannel(source), size, contentType, position, messageId);
    }

    /**
     * The whole of a file on disk, from its start.
     *
     * @param path the path
     * @param contentType the content type
     * @return the whole of a file on disk, from its start
     * @throws IOException if an I/O error occurs
     */
    public static OutgoingFile of(Path path, String contentType) throws IOException {
        return of(path, contentType, 0, null);
    }

    /**
     * A file on disk from {@code position} (to resume a transfer), with the given Message-ID.
     *
     * @param path the path
     * @param contentType the content type
     * @param position the position in the file, from 0
     * @param messageId the Message-ID
     * @return a file on disk from {@code position} (to resume a transfer), with the given Message-ID
     * @throws IOException if an I/O error occurs
     */
    public static OutgoingFile of(Path path, String contentType, long position, String messageId) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            channel.position(position);
            return new OutgoingFile(channel, size, contentType, position, messageId);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Adds a header sent with every chunk (e.g. Content-Disposition); returns this.
     *
     * @param header the header
     * @return the outgoing file
     */
    public OutgoingFile addHeader(MsrpHeader<?> header) {
        headers.add(header);
        return this;
    }

    /**
     * The headers added with {@link #addHeader}, for the session's file sender, which copies them into
     * every chunk; the live set, not a copy.
     *
     * @return the headers added with {@link #addHeader}
     */
    MsrpHeaders headers() {
        return headers;
    }

    /**
     * The data source.
     *
     * @return the data source
     */
    public ReadableByteChannel source() {
        return source;
    }

    /**
     * The whole size, or {@link ByteRange#UNKNOWN}.
     *
     * @return the whole size, or {@link ByteRange#UNKNOWN}
     */
    public long size() {
        return size;
    }

    /**
     * The Content-Type.
     *
     * @return the Content-Type
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The offset the transfer starts at.
     *
     * @return the offset the transfer starts at
     */
    public long position() {
        return position;
    }

    /**
     * The Message-ID.
     *
     * @return the Message-ID
     */
    public String messageId() {
        return messageId;
    }

    /**
     * Completes when every chunk has been sent and acknowledged (or just sent, for chunks whose
     * Failure-Report asks for no success responses); fails with {@link
     * org.msrp4j.MsrpTransactionException} when the peer refuses a chunk (e.g. 413) or a response
     * times out (408), with {@link MsrpSessionException} when the session ends first, with the read
     * error when the source fails, and with {@link java.util.concurrent.CancellationException} after
     * {@link #abort()}.
     *
     * @return completes when every chunk has been sent and acknowledged (or just sent, for chunks whose Failure-Report
     *     asks for no success responses); fails with {@link org.msrp4j.MsrpTransactionException} when the peer refuses
     *     a chunk (e.g. 413) or a response times out (408), with {@link MsrpSessionException} when the session ends
     *     first, with the read error when the source fails, and with {@link java.util.concurrent.CancellationException}
     *     after {@link #abort()}
     */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Body bytes written to the connection so far.
     *
     * @return body bytes written to the connection so far
     */
    public long bytesSent() {
        return sent.get();
    }

    /**
     * Body bytes the peer has answered 200 for so far.
     *
     * @return body bytes the peer has answered 200 for so far
     */
    public long bytesAcknowledged() {
        return acknowledged.get();
    }

    /**
     * Stops the transfer: no more data is read, and a final chunk with the {@code #} flag tells the
     * peer the message is aborted. {@link #completion()} is cancelled.
     */
    public void abort() {
        abortRequested = true;
        Runnable listener = abortListener;
        if (listener != null) {
            listener.run();
        }
    }

    boolean abortRequested() {
        return abortRequested;
    }

    /** Set by the session sending this file, so an abort takes effect at once. */
    void setAbortListener(Runnable listener) {
        this.abortListener = listener;
    }

    void addSent(long n) {
        sent.addAndGet(n);
    }

    void addAcknowledged(long n) {
        acknowledged.addAndGet(n);
    }

    @Override
    public String toString() {
        return "OutgoingFile[" + messageId + ", " + contentType + ", " + (size == ByteRange.UNKNOWN ? "*" : size)
                + " bytes from " + position + "]";
    }
}
