package org.msrp4j.protocol.header;

import java.util.Map;
import java.util.Set;
import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpGrammar;

/**
 * A header of HTTP digest authentication (RFC 4976 §5, RFC 2617): an optional scheme such as
 * {@code Digest} followed by comma-separated parameters. The decoded value is the parameter map,
 * quotes removed, in wire order.
 */
public abstract class AuthHeader extends MsrpHeader<Map<String, String>> {

    private final String scheme;

    AuthHeader(String name, String scheme, Map<String, String> params, String encoded) {
        super(params, encoded);
        if (scheme != null && !MsrpGrammar.isToken(scheme)) {
            throw new InvalidHeaderException(name, "bad scheme", scheme);
        }
        this.scheme = scheme;
    }

    /**
     * The authentication scheme, e.g. {@code Digest}, or null for Authentication-Info.
     *
     * @return the authentication scheme, e.g. {@code Digest}, or null for Authentication-Info
     */
    public String scheme() {
        return scheme;
    }

    /**
     * The value of parameter {@code name}, or null.
     *
     * @param name the name
     * @return the value of parameter {@code name}, or null
     */
    public String get(String name) {
        return decode().get(name);
    }

    /** Names whose values are written without quotes when they are tokens. */
    abstract Set<String> bareParameters();

    @Override
    final String format(Map<String, String> params) {
        String list = Params.format(params, ", ", bareParameters());
        return scheme == null ? list : scheme + " " + list;
    }

    /** Splits {@code Scheme p=v, ...} into the scheme and the offset of the parameters. */
    static int schemeEnd(String name, String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0 || !MsrpGrammar.isToken(value.substring(0, sp))) {
            throw new InvalidHeaderException(name, "expected a scheme such as Digest", value);
        }
        return sp;
    }
}
