package org.msrp4j.protocol.header;

import org.msrp4j.protocol.InvalidHeaderException;

/**
 * The {@code Keep-Alive} header msrplib puts on the empty SEND it uses to probe an idle
 * connection: {@code yes} or {@code no}.
 */
public final class KeepAliveHeader extends MsrpHeader<Boolean> {

    /** The header name. */
    public static final String NAME = "Keep-Alive";

    /**
     * Creates the header.
     *
     * @param keepAlive the keep alive
     */
    public KeepAliveHeader(boolean keepAlive) {
        super(keepAlive, null);
    }

    private KeepAliveHeader(boolean keepAlive, String encoded) {
        super(keepAlive, encoded);
    }

    /**
     * Parses {@code yes} or {@code no} (any case).
     *
     * @param value the text to parse
     * @return the keep alive header
     */
    public static KeepAliveHeader parse(String value) {
        if (value.equalsIgnoreCase("yes")) {
            return new KeepAliveHeader(true, value);
        }
        if (value.equalsIgnoreCase("no")) {
            return new KeepAliveHeader(false, value);
        }
        throw new InvalidHeaderException(NAME, "must be yes or no", value);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String format(Boolean decoded) {
        return decoded ? "yes" : "no";
    }
}
