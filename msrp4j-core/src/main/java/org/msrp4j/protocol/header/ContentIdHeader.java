package org.msrp4j.protocol.header;

/** The {@code Content-ID} header: an identifier of the body (RFC 2045). */
public final class ContentIdHeader extends TextHeader {

    /** The header name. */
    public static final String NAME = "Content-ID";

    /**
     * Creates the header; the text may not hold control characters.
     *
     * @param value the decoded value
     */
    public ContentIdHeader(String value) {
        super(NAME, value);
    }

    /**
     * Parses the wire value (the same text as the decoded value).
     *
     * @param value the text to parse
     * @return the content id header
     */
    public static ContentIdHeader parse(String value) {
        return new ContentIdHeader(value);
    }

    @Override
    public String name() {
        return NAME;
    }
}
