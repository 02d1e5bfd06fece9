package org.msrp4j.protocol.header;

import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpGrammar;

/**
 * A header msrp4j has no type for (an extension or another MIME header), kept verbatim with its
 * name as written.
 */
public final class GenericHeader extends TextHeader {

    private final String name;

    /**
     * Creates the header.
     *
     * @param value the decoded value
     * @param name the name
     * @throws InvalidHeaderException if the name is not a token starting with a letter, or the
     *     value holds control characters
     */
    public GenericHeader(String name, String value) {
        super(checkedName(name), value);
        this.name = name;
    }

    private static String checkedName(String name) {
        if (name == null || name.isEmpty() || !Character.isLetter(name.charAt(0)) || name.charAt(0) > 'z'
                || !MsrpGrammar.isToken(name) || name.indexOf(':') >= 0) {
            throw new InvalidHeaderException(String.valueOf(name), "bad header name", name);
        }
        return name;
    }

    /**
     * Creates the header from its wire form.
     *
     * @param name the name
     * @param value the text to parse
     * @return the generic header
     */
    public static GenericHeader parse(String name, String value) {
        return new GenericHeader(name, value);
    }

    @Override
    public String name() {
        return name;
    }
}
