package org.msrp4j.chat;

import org.msrp4j.MsrpException;

/**
 * The peer sent chat content the stream cannot use: a malformed CPIM wrapper, isComposing or IMDN
 * document, a wrapped type it does not accept, or a message over the size limit. The message is
 * refused (the chunk is answered with an error, so the sender hears of it) and the stream goes on;
 * the application is told through {@link ChatListener#gotInvalidMessage}.
 */
public class ChatInputException extends MsrpException {

    /** The Message-ID of the refused message, or null. */
    private final String messageId;
    /** The MSRP status the refusal stands for. */
    private final int statusCode;

    /**
     * Creates the exception.
     *
     * @param messageId the refused message's Message-ID, or null
     * @param statusCode the MSRP status the refusal stands for (400, 413 or 415)
     * @param message what was wrong
     * @param cause the parser's error, or null
     */
    public ChatInputException(String messageId, int statusCode, String message, Throwable cause) {
        super(message, cause);
        this.messageId = messageId;
        this.statusCode = statusCode;
    }

    /**
     * The refused message's Message-ID, or null.
     *
     * @return the Message-ID of the refused message, or null when it had none
     */
    public String messageId() {
        return messageId;
    }

    /**
     * The MSRP status the refusal stands for: 400 malformed, 413 too large, 415 type not accepted.
     *
     * @return 400, 413 or 415
     */
    public int statusCode() {
        return statusCode;
    }
}
