package org.msrp4j.cpim;

import java.util.Objects;

/**
 * A header of the MIME part a CPIM message wraps, such as {@code Content-Type} (RFC 3862 §2).
 * Names compare without regard to case, as in MIME.
 *
 * @param name the header name: printable US-ASCII without ':'
 * @param value the value, unfolded and without surrounding white space; no CR, LF, NUL or unpaired
 *     surrogate
 */
public record MimeHeader(String name, String value) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the name is empty or not printable US-ASCII without ':',
     *     or the value holds CR, LF, NUL or an unpaired surrogate, or begins or ends with white space
     */
    public MimeHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!CpimGrammar.isLiberalHeaderName(name)) {
            throw new IllegalArgumentException("not a MIME header name: " + name);
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("CR, LF or NUL in the value of MIME header " + name);
        }
        if (CpimGrammar.hasUnpairedSurrogate(value)) {
            throw new IllegalArgumentException("unpaired surrogate in the value of MIME header " + name);
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException("white space around the value of MIME header " + name);
        }
    }

    /**
     * Whether this header has the given name, ignoring case.
     *
     * @param headerName the name to compare
     * @return true if the names are equal ignoring case
     */
    public boolean is(String headerName) {
        return name.equalsIgnoreCase(headerName);
    }

    /**
     * The header line without its line end: {@code Name: value}.
     *
     * @return the encoded line
     */
    public String encode() {
        return name + ": " + value;
    }

    @Override
    public String toString() {
        return encode();
    }
}
