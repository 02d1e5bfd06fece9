package org.msrp4j.protocol.header;

import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpGrammar;

/** The {@code Message-ID} header: the ident of the message a chunk belongs to. */
public final class MessageIdHeader extends MsrpHeader<String> {

    /** The header name. */
    public static final String NAME = "Message-ID";

    /**
     * Creates the header.
     *
     * @param messageId the Message-ID
     * @throws InvalidHeaderException if {@code messageId} is not an ident (4..32 characters)
     */
    public MessageIdHeader(String messageId) {
        super(checked(messageId), messageId);
    }

    private static String checked(String messageId) {
        if (!MsrpGrammar.isIdent(messageId)) {
            throw new InvalidHeaderException(NAME, "not an ident of 4..32 characters", messageId);
        }
        return messageId;
    }

    /**
     * Parses the wire value (the same text as the decoded value).
     *
     * @param value the text to parse
     * @return the message id header
     */
    public static MessageIdHeader parse(String value) {
        return new MessageIdHeader(value);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String format(String decoded) {
        return decoded;
    }
}
