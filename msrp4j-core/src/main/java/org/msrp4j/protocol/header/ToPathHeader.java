package org.msrp4j.protocol.header;

import java.util.List;
import org.msrp4j.protocol.MsrpUri;

/** The {@code To-Path} header: the URIs the chunk travels to, next hop first. */
public final class ToPathHeader extends PathHeader {

    /** The header name. */
    public static final String NAME = "To-Path";

    /**
     * Creates the header from its URIs, nearest hop first.
     *
     * @param path the path
     */
    public ToPathHeader(List<MsrpUri> path) {
        super(NAME, path, null);
    }

    private ToPathHeader(List<MsrpUri> path, String encoded) {
        super(NAME, path, encoded);
    }

    /**
     * Parses the wire value: URIs separated by spaces.
     *
     * @param value the text to parse
     * @return the to path header
     * @throws org.msrp4j.protocol.InvalidHeaderException if a URI is invalid or the path empty
     */
    public static ToPathHeader parse(String value) {
        return parse(value, MsrpUri.DEFAULT_MAX_LENGTH);
    }

    /**
     * As {@link #parse(String)}, refusing URIs longer than {@code maxUriLength}.
     *
     * @param value the text to parse
     * @param maxUriLength the max URI length
     * @return the parsed header
     */
    public static ToPathHeader parse(String value, int maxUriLength) {
        return new ToPathHeader(parsePath(NAME, value, maxUriLength), value);
    }

    @Override
    public String name() {
        return NAME;
    }
}
