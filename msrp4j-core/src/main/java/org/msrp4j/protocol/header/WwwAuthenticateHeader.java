package org.msrp4j.protocol.header;

import java.util.Map;
import java.util.Set;

/** The {@code WWW-Authenticate} header of a relay's 401 response: a digest challenge. */
public final class WwwAuthenticateHeader extends AuthHeader {

    /** The header name. */
    public static final String NAME = "WWW-Authenticate";

    private static final Set<String> BARE = Set.of("algorithm", "stale");

    /**
     * Creates a {@code Digest} challenge from its parameters (realm, nonce, qop, ...).
     *
     * @param params the parameters
     */
    public WwwAuthenticateHeader(Map<String, String> params) {
        this("Digest", params);
    }

    /**
     * Creates a challenge of another scheme.
     *
     * @param scheme the scheme
     * @param params the parameters
     */
    public WwwAuthenticateHeader(String scheme, Map<String, String> params) {
        super(NAME, scheme, Params.copy(NAME, params), null);
    }

    private WwwAuthenticateHeader(String scheme, Map<String, String> params, String encoded) {
        super(NAME, scheme, params, encoded);
    }

    /**
     * Parses {@code Digest realm="...", nonce="...", ...}.
     *
     * @param value the text to parse
     * @return the www authenticate header
     */
    public static WwwAuthenticateHeader parse(String value) {
        int sp = schemeEnd(NAME, value);
        return new WwwAuthenticateHeader(value.substring(0, sp), Params.parse(NAME, value, sp + 1, ','), value);
    }

    @Override
    Set<String> bareParameters() {
        return BARE;
    }

    @Override
    public String name() {
        return NAME;
    }
}
