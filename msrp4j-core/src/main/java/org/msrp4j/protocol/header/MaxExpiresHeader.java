package org.msrp4j.protocol.header;

/** The {@code Max-Expires} header (RFC 4976): the longest reservation a relay grants, in seconds. */
public final class MaxExpiresHeader extends SecondsHeader {

    /** The header name. */
    public static final String NAME = "Max-Expires";

    /**
     * Creates the header; {@code seconds} must be 0..{@link #MAX_SECONDS}.
     *
     * @param seconds the number of seconds
     */
    public MaxExpiresHeader(long seconds) {
        super(NAME, seconds, null);
    }

    private MaxExpiresHeader(long seconds, String encoded) {
        super(NAME, seconds, encoded);
    }

    /**
     * Parses a decimal number of seconds.
     *
     * @param value the text to parse
     * @return the max expires header
     */
    public static MaxExpiresHeader parse(String value) {
        return new MaxExpiresHeader(parseSeconds(NAME, value), value);
    }

    @Override
    public String name() {
        return NAME;
    }
}
