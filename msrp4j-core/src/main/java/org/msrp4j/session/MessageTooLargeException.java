package org.msrp4j.session;

/**
 * A message is larger than its {@link MessageSink} accepts: its announced size, or the end of a
 * chunk, exceeds the limit. Answer 413 (RFC 4975 §7.3). Thrown by sinks with no Message-ID, and by
 * {@link MessageAssembler#accept} with it.
 */
public class MessageTooLargeException extends MessageRefusedException {

    /** The largest message size allowed. */
    private final long limit;
    /** The message's size, as far as known. */
    private final long size;

    /**
     * Creates the exception.
     *
     * @param messageId the Message-ID, or null when not known (inside a sink)
     * @param limit the most bytes accepted
     * @param size the size that was asked for: the announced total or the end of a chunk
     */
    public MessageTooLargeException(String messageId, long limit, long size) {
        super(messageId, (messageId == null ? "the message" : "message " + messageId) + " needs " + size
                + " bytes, more than the limit of " + limit);
        this.limit = limit;
        this.size = size;
    }

    /**
     * The most bytes accepted for a message.
     *
     * @return the most bytes accepted for a message
     */
    public long limit() {
        return limit;
    }

    /**
     * The size that exceeded the limit: the announced total or the end of a chunk.
     *
     * @return the size that exceeded the limit: the announced total or the end of a chunk
     */
    public long size() {
        return size;
    }
}
