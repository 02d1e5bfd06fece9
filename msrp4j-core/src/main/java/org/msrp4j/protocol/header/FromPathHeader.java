package org.msrp4j.protocol.header;

import java.util.List;
import org.msrp4j.protocol.MsrpUri;

/** The {@code From-Path} header: the URIs the chunk came from, previous hop first. */
public final class FromPathHeader extends PathHeader {

    /** The header name. */
    public static final String NAME = "From-Path";

    /**
     * Creates the header from its URIs, nearest hop first.
     *
     * @param path the path
     */
    public FromPathHeader(List<MsrpUri> path) {
        super(NAME, path, null);
    }

    private FromPathHeader(List<MsrpUri> path, String encoded) {
        super(NAME, path, encoded);
    }

    /**
     * Parses the wire value: URIs separated by spaces.
     *
     * @param value the text to parse
     * @return the from path header
     * @throws org.msrp4j.protocol.InvalidHeaderException if a URI is invalid or the path empty
     */
    public static FromPathHeader parse(String value) {
        return parse(value, MsrpUri.DEFAULT_MAX_LENGTH);
    }

    /**
     * As {@link #parse(String)}, refusing URIs longer than {@code maxUriLength}.
     *
     * @param value the text to parse
     * @param maxUriLength the max URI length
     * @return the parsed header
     */
    public static FromPathHeader parse(String value, int maxUriLength) {
        return new FromPathHeader(parsePath(NAME, value, maxUriLength), value);
    }

    @Override
    public String name() {
        return NAME;
    }
}
