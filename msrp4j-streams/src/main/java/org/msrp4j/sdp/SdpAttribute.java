package org.msrp4j.sdp;

import java.util.Objects;

/**
 * One SDP attribute, {@code a=name:value} or the flag form {@code a=name}. The value is kept exactly
 * as written.
 *
 * @param name the attribute name (case kept; names compare case-sensitively, as RFC 8866 says)
 * @param value the text after the first {@code ':'}, or null for a flag attribute
 */
public record SdpAttribute(String name, String value) {

    /** Checks that the name is non-empty, has no {@code ':'} or white space, and nothing holds a line break. */
    public SdpAttribute {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty attribute name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':' || c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("bad character in attribute name: \"" + name + "\"");
            }
        }
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("attribute value holds a line break: " + value);
        }
    }

    /**
     * A flag attribute, {@code a=name}.
     *
     * @param name the attribute's name
     * @return the attribute
     */
    public static SdpAttribute flag(String name) {
        return new SdpAttribute(name, null);
    }

    /**
     * Whether this is a flag attribute (no value).
     *
     * @return true if the attribute has no value
     */
    public boolean isFlag() {
        return value == null;
    }

    /**
     * The attribute from the value of an {@code a=} line: the name up to the first {@code ':'}, the
     * value after it. Blanks around a flag's name are dropped (some stacks write {@code a=sendrecv }).
     *
     * @throws SdpException ({@code SYNTAX}) if the name is empty or holds white space
     */
    static SdpAttribute parseLine(String lineValue) throws SdpException {
        int colon = lineValue.indexOf(':');
        String name = colon < 0 ? lineValue.strip() : lineValue.substring(0, colon);
        if (name.isEmpty() || !SdpText.isVisible(name)) {
            throw SdpText.syntax("an attribute name must be a non-empty word", "a=" + lineValue);
        }
        return new SdpAttribute(name, colon < 0 ? null : lineValue.substring(colon + 1));
    }

    /** {@link #parseLine} of a line already checked by {@link SdpReader}. */
    static SdpAttribute fromLine(String lineValue) {
        try {
            return parseLine(lineValue);
        } catch (SdpException e) {
            throw new IllegalStateException("attribute line not checked: " + lineValue, e);
        }
    }

    /** The value of the {@code a=} line: {@code name} or {@code name:value}. */
    String lineValue() {
        return value == null ? name : name + ":" + value;
    }

    /**
     * The line as written, {@code a=name[:value]}, without a line end.
     *
     * @return the SDP line
     */
    public String encode() {
        return "a=" + lineValue();
    }

    @Override
    public String toString() {
        return encode();
    }
}
