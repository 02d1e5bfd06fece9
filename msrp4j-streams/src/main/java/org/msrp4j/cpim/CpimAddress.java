package org.msrp4j.cpim;

import java.util.Objects;

/**
 * The value of a CPIM {@code From}, {@code To} or {@code cc} header (RFC 3862 §4.1 to §4.3): an
 * optional display name (the RFC's Formal-name) and a URI, written {@code Name <uri>}.
 *
 * @param displayName the display name, or null for none (an empty name is taken as none); any text
 *     without unpaired surrogates
 * @param uri the URI, e.g. {@code sip:alice@example.com}; without white space, {@code <}, {@code >}
 *     or control characters
 */
public record CpimAddress(String displayName, String uri) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the URI is empty or holds white space, angle brackets or
     *     control characters, or the display name holds an unpaired surrogate
     */
    public CpimAddress {
        Objects.requireNonNull(uri, "uri");
        if (displayName != null && displayName.isEmpty()) {
            displayName = null;
        }
        if (!isUri(uri)) {
            throw new IllegalArgumentException("not a URI for a CPIM address: " + uri);
        }
        if (displayName != null && CpimGrammar.hasUnpairedSurrogate(displayName)) {
            throw new IllegalArgumentException("unpaired surrogate in a CPIM display name");
        }
    }

    /**
     * An address without a display name.
     *
     * @param uri the address's URI, e.g. {@code im:alice@example.com}
     * @return the address
     */
    public static CpimAddress of(String uri) {
        return new CpimAddress(null, uri);
    }

    /**
     * An address with a display name (null or empty for none).
     *
     * @return the address
     */
    public static CpimAddress of(String displayName, String uri) {
        return new CpimAddress(displayName, uri);
    }

    /**
     * Parses a header value as the RFC writes it ({@code Name <uri>}, {@code "Name" <uri>},
     * {@code <uri>}), and also leniently: no space before {@code <}, or a bare URI.
     *
     * @param wire the header value as received (escapes not yet undone)
     * @return the display name and URI
     * @throws CpimException if the value is not an address
     */
    public static CpimAddress parse(String wire) throws CpimException {
        String value = wire.strip();
        int open = value.lastIndexOf('<');
        if (open < 0) {
            if (isUri(value)) {
                return new CpimAddress(null, value);
            }
            throw new CpimException("not a CPIM address: " + CpimGrammar.shorten(wire));
        }
        if (!value.endsWith(">") || open + 2 > value.length() - 1) {
            throw new CpimException("CPIM address without a URI in <>: " + CpimGrammar.shorten(wire));
        }
        String uri = value.substring(open + 1, value.length() - 1);
        if (!isUri(uri)) {
            throw new CpimException("CPIM address with a malformed URI: " + CpimGrammar.shorten(wire));
        }
        String name = parseName(value.substring(0, open).strip(), wire);
        if (CpimGrammar.hasUnpairedSurrogate(name)) {
            throw new CpimException("CPIM address whose name escapes an unpaired surrogate: "
                    + CpimGrammar.shorten(wire));
        }
        return new CpimAddress(name, uri);
    }

    private static String parseName(String name, String wire) throws CpimException {
        if (name.startsWith("\"")) {
            int end = CpimGrammar.endOfQuoted(name, 0);
            if (end != name.length()) {
                throw new CpimException("CPIM address with a malformed quoted name: " + CpimGrammar.shorten(wire));
            }
            return CpimGrammar.unescape(name.substring(1, end - 1));
        }
        return CpimGrammar.unescape(name);
    }

    /**
     * The header value: {@code <uri>} alone, the name as RFC 3862 Tokens when it is made of them
     * (words of token characters separated by single spaces), else the name as a quoted String.
     *
     * @return the value to write after the header's colon
     */
    public String encode() {
        String bracketed = '<' + uri + '>';
        if (displayName == null) {
            return bracketed;
        }
        return nameAsTokens(displayName) ? displayName + ' ' + bracketed
                : CpimGrammar.quote(displayName) + ' ' + bracketed;
    }

    private static boolean nameAsTokens(String name) {
        for (String word : name.split(" ", -1)) {
            if (!CpimGrammar.isToken(word)) {
                return false;
            }
        }
        return true;
    }

    static boolean isUri(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return encode();
    }
}
