package org.msrp4j.protocol.header;

import java.util.Locale;
import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpGrammar;

/** The {@code Content-Type} header: the MIME type of a chunk's body, e.g. {@code text/plain; charset=utf-8}. */
public final class ContentTypeHeader extends TextHeader {

    /** The header name. */
    public static final String NAME = "Content-Type";

    private final int mediaTypeEnd;

    /**
     * Creates the header.
     *
     * @param contentType the content type
     * @throws InvalidHeaderException unless the value starts with {@code type/subtype}
     */
    public ContentTypeHeader(String contentType) {
        super(NAME, contentType);
        int semi = contentType.indexOf(';');
        int end = semi < 0 ? contentType.length() : semi;
        while (end > 0 && contentType.charAt(end - 1) == ' ') {
            end--;
        }
        int slash = contentType.indexOf('/');
        if (slash <= 0 || slash >= end || !MsrpGrammar.isToken(contentType, 0, slash)
                || !MsrpGrammar.isToken(contentType, slash + 1, end)) {
            throw new InvalidHeaderException(NAME, "expected type/subtype", contentType);
        }
        this.mediaTypeEnd = end;
    }

    /**
     * Parses the wire value (the same text as the decoded value).
     *
     * @param value the text to parse
     * @return the content type header
     */
    public static ContentTypeHeader parse(String value) {
        return new ContentTypeHeader(value);
    }

    /**
     * The {@code type/subtype} without parameters, in lower case.
     *
     * @return the {@code type/subtype} without parameters, in lower case
     */
    public String mediaType() {
        return value().substring(0, mediaTypeEnd).toLowerCase(Locale.ROOT);
    }

    @Override
    public String name() {
        return NAME;
    }
}
