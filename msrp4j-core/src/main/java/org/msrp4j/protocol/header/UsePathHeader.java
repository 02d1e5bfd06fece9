package org.msrp4j.protocol.header;

import java.util.List;
import org.msrp4j.protocol.MsrpUri;

/** The {@code Use-Path} header: the path a relay grants a client in its 200 response to AUTH (RFC 4976). */
public final class UsePathHeader extends PathHeader {

    /** The header name. */
    public static final String NAME = "Use-Path";

    /**
     * Creates the header from its URIs, nearest hop first.
     *
     * @param path the path
     */
    public UsePathHeader(List<MsrpUri> path) {
        super(NAME, path, null);
    }

    private UsePathHeader(List<MsrpUri> path, String encoded) {
        super(NAME, path, encoded);
    }

    /**
     * Parses the wire value: URIs separated by spaces.
     *
     * @param value the text to parse
     * @return the use path header
     * @throws org.msrp4j.protocol.InvalidHeaderException if a URI is invalid or the path empty
     */
    public static UsePathHeader parse(String value) {
        return parse(value, MsrpUri.DEFAULT_MAX_LENGTH);
    }

    /**
     * As {@link #parse(String)}, refusing URIs longer than {@code maxUriLength}.
     *
     * @param value the text to parse
     * @param maxUriLength the max URI length
     * @return the parsed header
     */
    public static UsePathHeader parse(String value, int maxUriLength) {
        return new UsePathHeader(parsePath(NAME, value, maxUriLength), value);
    }

    @Override
    public String name() {
        return NAME;
    }
}
