package org.msrp4j.protocol.header;

import java.util.Map;
import java.util.Set;

/** The {@code Authorization} header of an AUTH request: digest credentials. */
public final class AuthorizationHeader extends AuthHeader {

    /** The header name. */
    public static final String NAME = "Authorization";

    private static final Set<String> BARE = Set.of("algorithm", "qop", "nc");

    /**
     * Creates {@code Digest} credentials from their parameters (username, realm, nonce, ...).
     *
     * @param params the parameters
     */
    public AuthorizationHeader(Map<String, String> params) {
        this("Digest", params);
    }

    /**
     * Creates credentials of another scheme.
     *
     * @param scheme the scheme
     * @param params the parameters
     */
    public AuthorizationHeader(String scheme, Map<String, String> params) {
        super(NAME, scheme, Params.copy(NAME, params), null);
    }

    private AuthorizationHeader(String scheme, Map<String, String> params, String encoded) {
        super(NAME, scheme, params, encoded);
    }

    /**
     * Parses {@code Digest username="...", ...}.
     *
     * @param value the text to parse
     * @return the authorization header
     */
    public static AuthorizationHeader parse(String value) {
        int sp = schemeEnd(NAME, value);
        return new AuthorizationHeader(value.substring(0, sp), Params.parse(NAME, value, sp + 1, ','), value);
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
