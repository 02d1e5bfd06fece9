package org.msrp4j.sdp;

import java.util.Objects;

/**
 * One SDP line, {@code <type>=<value>}: the type letter and the value exactly as written (without the
 * line end). Lines the model does not interpret travel as these, unchanged.
 *
 * @param type the type letter, e.g. {@code 'a'}, {@code 'c'}, {@code 'b'}
 * @param value the text after {@code '='}
 */
public record SdpLine(char type, String value) {

    /** Checks the letter and that the value holds no line break. */
    public SdpLine {
        Objects.requireNonNull(value, "value");
        if (type < 'a' || type > 'z') {
            throw new IllegalArgumentException("SDP line type must be a lower-case letter: '" + type + "'");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("SDP line value holds a line break: " + value);
        }
    }

    /**
     * The line as written, {@code type=value}, without a line end.
     *
     * @return the SDP line
     */
    public String encode() {
        return type + "=" + value;
    }

    @Override
    public String toString() {
        return encode();
    }
}
