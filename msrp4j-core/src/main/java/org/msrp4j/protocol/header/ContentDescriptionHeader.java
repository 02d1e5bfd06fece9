package org.msrp4j.protocol.header;

/** The {@code Content-Description} header: a human-readable description of the body. */
public final class ContentDescriptionHeader extends TextHeader {

    /** The header name. */
    public static final String NAME = "Content-Description";

    /**
     * Creates the header; the text may not hold control characters.
     *
     * @param value the decoded value
     */
    public ContentDescriptionHeader(String value) {
        super(NAME, value);
    }

    /**
     * Parses the wire value (the same text as the decoded value).
     *
     * @param value the text to parse
     * @return the content description header
     */
    public static ContentDescriptionHeader parse(String value) {
        return new ContentDescriptionHeader(value);
    }

    @Override
    public String name() {
        return NAME;
    }
}
