package org.msrp4j.session;

import org.msrp4j.MsrpException;

/**
 * A {@link MessageAssembler} will not take (more of) a message: it is too large, too many messages
 * are open, its sink failed, or the application discarded it. Every later chunk of the message is
 * refused the same way. A receiver answers the chunk 413, which asks the sender to stop sending the
 * message (RFC 4975 §7.3), e.g. with {@link MsrpSession#refuseMessage}.
 */
public class MessageRefusedException extends MsrpException {

    /** The Message-ID of the refused message, or null. */
    private final String messageId;

    /**
     * Creates the exception.
     *
     * @param messageId the Message-ID of the refused message, or null when not known here
     * @param message what happened
     */
    public MessageRefusedException(String messageId, String message) {
        super(message);
        this.messageId = messageId;
    }

    /**
     * Creates the exception with its cause.
     *
     * @param messageId the Message-ID
     * @param message the detail message
     * @param cause the cause, or null
     */
    public MessageRefusedException(String messageId, String message, Throwable cause) {
        super(message, cause);
        this.messageId = messageId;
    }

    /**
     * The Message-ID of the refused message, or null when the thrower did not know it.
     *
     * @return the Message-ID of the refused message, or null when the thrower did not know it
     */
    public String messageId() {
        return messageId;
    }

    /**
     * The MSRP status to answer the chunk with: 413.
     *
     * @return the MSRP status to answer the chunk with: 413
     */
    public int statusCode() {
        return 413;
    }
}
