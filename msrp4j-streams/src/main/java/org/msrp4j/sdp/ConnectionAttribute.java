package org.msrp4j.sdp;

import java.util.Locale;

/**
 * The {@code a=connection} value (RFC 4145 §5). RFC 6135 §4.4: MSRP endpoints must not send it and
 * must ignore it; it is modelled so a received one parses and re-emits, and takes no part in
 * {@link OfferAnswer}'s decisions.
 */
public enum ConnectionAttribute {
    /** A new connection. */
    NEW,
    /** Reuse the existing connection. */
    EXISTING;

    /**
     * The attribute value, e.g. {@code new}.
     *
     * @return the token as SDP writes it
     */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ConnectionAttribute fromToken(String token) {
        for (ConnectionAttribute c : values()) {
            if (c.token().equalsIgnoreCase(token)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return token();
    }
}
