package org.msrp4j.session;

import org.msrp4j.MsrpException;

/**
 * A SEND chunk cannot be part of a message: it has no Message-ID, its data does not fill its
 * Byte-Range, or its bytes contradict the message's size as other chunks gave it. The chunk is
 * ignored and the message is left as it was; answer the chunk 400 (RFC 4975 §7.3).
 */
public class InvalidChunkException extends MsrpException {

    /** The chunk's Message-ID, or null. */
    private final String messageId;

    /**
     * Creates the exception.
     *
     * @param messageId the chunk's Message-ID, or null when it has none
     * @param message what is wrong
     */
    public InvalidChunkException(String messageId, String message) {
        super(message);
        this.messageId = messageId;
    }

    /**
     * The chunk's Message-ID, or null when it has none.
     *
     * @return the chunk's Message-ID, or null when it has none
     */
    public String messageId() {
        return messageId;
    }

    /**
     * The MSRP status to answer the chunk with: 400.
     *
     * @return the MSRP status to answer the chunk with: 400
     */
    public int statusCode() {
        return 400;
    }
}
