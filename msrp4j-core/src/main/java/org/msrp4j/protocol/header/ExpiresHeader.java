package org.msrp4j.protocol.header;

/** The {@code Expires} header (RFC 4976): how long a relay reservation lasts, in seconds. */
public final class ExpiresHeader extends SecondsHeader {

    /** The header name. */
    public static final String NAME = "Expires";

    /**
     * Creates the header; {@code seconds} must be 0..{@link #MAX_SECONDS}.
     *
     * @param seconds the number of seconds
     */
    public ExpiresHeader(long seconds) {
        super(NAME, seconds, null);
    }

    private ExpiresHeader(long seconds, String encoded) {
        super(NAME, seconds, encoded);
    }

    /**
     * Parses a decimal number of seconds.
     *
     * @param value the text to parse
     * @return the expires header
     */
    public static ExpiresHeader parse(String value) {
        return new ExpiresHeader(parseSeconds(NAME, value), value);
    }

    @Override
    public String name() {
        return NAME;
    }
}
