package org.msrp4j.cpim;

import java.util.Objects;

/**
 * A namespace declaration, the value of a CPIM {@code NS} header (RFC 3862 §4.6):
 * {@code NS: imdn <urn:ietf:params:imdn>} binds the prefix {@code imdn} to a namespace URI, so
 * {@code imdn.Message-ID} names the header {@code Message-ID} of that namespace.
 *
 * @param prefix the prefix, an RFC 3862 Name; null declares the default namespace
 * @param uri the namespace URI
 */
public record CpimNamespace(String prefix, String uri) {

    /** The namespace of the headers RFC 3862 defines, used for unprefixed names by default. */
    public static final String CPIM_HEADERS = "urn:ietf:params:cpim-headers:";

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the prefix is not an RFC 3862 Name or the URI is
     *     malformed
     */
    public CpimNamespace {
        Objects.requireNonNull(uri, "uri");
        if (prefix != null && !CpimGrammar.isName(prefix)) {
            throw new IllegalArgumentException("not a CPIM namespace prefix: " + prefix);
        }
        if (!CpimAddress.isUri(uri)) {
            throw new IllegalArgumentException("not a namespace URI: " + uri);
        }
    }

    /**
     * Parses an {@code NS} header value.
     *
     * @param wire the header value as received
     * @return the declaration
     * @throws CpimException if it is not {@code [prefix] <uri>}
     */
    public static CpimNamespace parse(String wire) throws CpimException {
        String value = wire.strip();
        int open = value.indexOf('<');
        if (open < 0 || !value.endsWith(">") || open + 2 > value.length() - 1) {
            throw new CpimException("NS header value is not [prefix] <uri>: " + CpimGrammar.shorten(wire));
        }
        String prefix = value.substring(0, open).strip();
        String uri = value.substring(open + 1, value.length() - 1);
        if (!prefix.isEmpty() && !CpimGrammar.isName(prefix) || !CpimAddress.isUri(uri)) {
            throw new CpimException("NS header value is not [prefix] <uri>: " + CpimGrammar.shorten(wire));
        }
        return new CpimNamespace(prefix.isEmpty() ? null : prefix, uri);
    }

    /**
     * The header value: {@code prefix <uri>}, or {@code <uri>} for the default namespace.
     *
     * @return the value to write after {@code NS:}
     */
    public String encode() {
        return prefix == null ? '<' + uri + '>' : prefix + " <" + uri + '>';
    }

    @Override
    public String toString() {
        return encode();
    }
}
