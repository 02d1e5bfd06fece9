package org.msrp4j.sdp;

import java.util.Locale;

/**
 * The {@code a=setup} value (RFC 4145 §4, used for MSRP by RFC 6135): which side opens the TCP
 * connection. RFC 6135 §4.2.1: an MSRP endpoint never sends {@code holdconn} and treats a received one
 * as no {@code a=setup} at all.
 */
public enum Setup {
    /** This side opens the connection. */
    ACTIVE,
    /** This side waits for the other to connect. */
    PASSIVE,
    /** Either; the answer decides (offers only). */
    ACTPASS,
    /** Not now (never sent by MSRP endpoints). */
    HOLDCONN;

    /**
     * The attribute value, e.g. {@code actpass}.
     *
     * @return the token
     */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Setup fromToken(String token) {
        for (Setup s : values()) {
            if (s.token().equalsIgnoreCase(token)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return token();
    }
}
