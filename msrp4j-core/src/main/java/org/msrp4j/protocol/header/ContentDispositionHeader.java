package org.msrp4j.protocol.header;

import java.util.Map;
import java.util.Set;
import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpGrammar;

/**
 * The {@code Content-Disposition} header (RFC 2183): a disposition type and its parameters,
 * e.g. {@code attachment; filename="photo.jpg"}.
 */
public final class ContentDispositionHeader extends MsrpHeader<ContentDispositionHeader.Disposition> {

    /** The header name. */
    public static final String NAME = "Content-Disposition";

    private static final Set<String> BARE = Set.of("size");

    /**
     * The decoded value.
     *
     * @param type the disposition type, e.g. {@code inline} or {@code attachment}
     * @param parameters its parameters in order, quotes removed
     */
    public record Disposition(String type, Map<String, String> parameters) {

        /** Validates the type and copies the parameters. */
        public Disposition {
            if (type == null || !MsrpGrammar.isToken(type)) {
                throw new InvalidHeaderException(NAME, "bad disposition type", type);
            }
            parameters = Params.copy(NAME, parameters);
        }
    }

    /**
     * Creates the header.
     *
     * @param disposition the disposition
     */
    public ContentDispositionHeader(Disposition disposition) {
        super(disposition, null);
    }

    /**
     * Creates the header from a type and parameters.
     *
     * @param type the type
     * @param parameters the parameters
     */
    public ContentDispositionHeader(String type, Map<String, String> parameters) {
        this(new Disposition(type, parameters));
    }

    private ContentDispositionHeader(Disposition disposition, String encoded) {
        super(disposition, encoded);
    }

    /**
     * Parses {@code type *(; name=value)}.
     *
     * @param value the text to parse
     * @return the content disposition header
     */
    public static ContentDispositionHeader parse(String value) {
        int semi = value.indexOf(';');
        String type = (semi < 0 ? value : value.substring(0, semi)).trim();
        Map<String, String> params = semi < 0 ? Map.of() : Params.parse(NAME, value, semi + 1, ';');
        return new ContentDispositionHeader(new Disposition(type, params), value);
    }

    /**
     * The disposition type.
     *
     * @return the disposition type
     */
    public String type() {
        return decode().type();
    }

    /**
     * The value of parameter {@code name}, or null.
     *
     * @param name the name
     * @return the value of parameter {@code name}, or null
     */
    public String get(String name) {
        return decode().parameters().get(name);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String format(Disposition decoded) {
        return decoded.parameters().isEmpty() ? decoded.type()
                : decoded.type() + "; " + Params.format(decoded.parameters(), "; ", BARE);
    }
}
