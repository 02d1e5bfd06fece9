package org.msrp4j.protocol.header;

import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpGrammar;

/** A header whose decoded value is its text: Content-Type, Content-ID, Content-Description, unknown headers. */
public abstract class TextHeader extends MsrpHeader<String> {

    TextHeader(String name, String value) {
        super(checked(name, value), value);
    }

    private static String checked(String name, String value) {
        if (value == null || !MsrpGrammar.isText(value)) {
            throw new InvalidHeaderException(name, "control characters are not allowed", value);
        }
        if (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(0) == '\t')) {
            // "Name: value" on the wire: leading whitespace could not be told from the separator
            throw new InvalidHeaderException(name, "value may not start with whitespace", value);
        }
        return value;
    }

    /**
     * The header's text.
     *
     * @return the header's text
     */
    public String value() {
        return decode();
    }

    @Override
    final String format(String decoded) {
        return decoded;
    }
}
