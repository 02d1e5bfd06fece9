package org.msrp4j.sdp;

import java.util.Locale;

/** The m-line protocol of an MSRP media description (RFC 4975 §8.1). */
public enum MsrpProtocol {
    /** {@code TCP/MSRP}: MSRP over TCP, {@code msrp:} URIs. */
    TCP_MSRP("TCP/MSRP"),
    /** {@code TCP/TLS/MSRP}: MSRP over TLS, {@code msrps:} URIs. */
    TCP_TLS_MSRP("TCP/TLS/MSRP");

    private final String token;

    MsrpProtocol(String token) {
        this.token = token;
    }

    /**
     * The m-line token, e.g. {@code TCP/TLS/MSRP}.
     *
     * @return the token
     */
    public String token() {
        return token;
    }

    /**
     * Whether this protocol runs over TLS.
     *
     * @return true for {@code TCP/TLS/MSRP}
     */
    public boolean useTls() {
        return this == TCP_TLS_MSRP;
    }

    /**
     * The protocol for {@code msrps:} (true) or {@code msrp:} (false).
     *
     * @param useTls whether the URI is {@code msrps:}
     * @return {@code TCP/TLS/MSRP} or {@code TCP/MSRP}
     */
    public static MsrpProtocol of(boolean useTls) {
        return useTls ? TCP_TLS_MSRP : TCP_MSRP;
    }

    /** The protocol an m-line token names (case-insensitive), or null if it is not an MSRP one. */
    static MsrpProtocol fromToken(String token) {
        String upper = token.toUpperCase(Locale.ROOT);
        for (MsrpProtocol p : values()) {
            if (p.token.equals(upper)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return token;
    }
}
