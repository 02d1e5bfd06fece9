package org.msrp4j.protocol.header;

import java.util.Map;
import java.util.Set;

/** The {@code Authentication-Info} header of a relay's 200 response to AUTH (no scheme). */
public final class AuthenticationInfoHeader extends AuthHeader {

    /** The header name. */
    public static final String NAME = "Authentication-Info";

    private static final Set<String> BARE = Set.of("qop", "nc");

    /**
     * Creates the header from its parameters (nextnonce, qop, rspauth, cnonce, nc).
     *
     * @param params the parameters
     */
    public AuthenticationInfoHeader(Map<String, String> params) {
        super(NAME, null, Params.copy(NAME, params), null);
    }

    private AuthenticationInfoHeader(Map<String, String> params, String encoded) {
        super(NAME, null, params, encoded);
    }

    /**
     * Parses {@code nextnonce="...", qop=auth, ...}.
     *
     * @param value the text to parse
     * @return the authentication info header
     */
    public static AuthenticationInfoHeader parse(String value) {
        return new AuthenticationInfoHeader(Params.parse(NAME, value, 0, ','), value);
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
