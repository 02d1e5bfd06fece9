package org.msrp4j.protocol.header;

/** The {@code Min-Expires} header (RFC 4976): the shortest reservation a relay grants, in seconds. */
public final class MinExpiresHeader extends SecondsHeader {

    /** The header name. */
    public static final String NAME = "Min-Expires";

    /**
     * Creates the header; {@code seconds} must be 0..{@link #MAX_SECONDS}.
     *
     * @param seconds the number of seconds
     */
    public MinExpiresHeader(long seconds) {
        super(NAME, seconds, null);
    }

    private MinExpiresHeader(long seconds, String encoded) {
        super(NAME, seconds, encoded);
    }

    /**
     * Parses a decimal number of seconds.
     *
     * @param value the text to parse
     * @return the min expires header
     */
    public static MinExpiresHeader parse(String value) {
        return new MinExpiresHeader(parseSeconds(NAME, value), value);
    }

    @Override
    public String name() {
        return NAME;
    }
}
