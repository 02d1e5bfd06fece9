package org.msrp4j.sdp;

import java.util.Locale;

/**
 * The media direction attribute (RFC 3264 §5.1, RFC 8866 §6.7): {@code sendrecv}, {@code sendonly},
 * {@code recvonly} or {@code inactive}, from the point of view of the side that wrote it.
 */
public enum Direction {
    /** Both ways (the default when none is written). */
    SENDRECV,
    /** The writer only sends. */
    SENDONLY,
    /** The writer only receives. */
    RECVONLY,
    /** Neither way. */
    INACTIVE;

    /**
     * The attribute name, e.g. {@code sendonly}.
     *
     * @return the SDP attribute name
     */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the side that wrote this direction may send.
     *
     * @return true for {@code sendrecv} and {@code sendonly}
     */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /**
     * Whether the side that wrote this direction may receive.
     *
     * @return true for {@code sendrecv} and {@code recvonly}
     */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /**
     * The direction seen from the other side: {@code sendonly} and {@code recvonly} swap.
     *
     * @return the same direction from the peer's point of view
     */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /**
     * The direction that both {@code this} and {@code other} allow, on the same side's terms.
     *
     * @param other another direction, on the same side's terms
     * @return the direction allowing only what both allow
     */
    public Direction intersect(Direction other) {
        boolean send = sends() && other.sends();
        boolean receive = receives() && other.receives();
        return send ? (receive ? SENDRECV : SENDONLY) : (receive ? RECVONLY : INACTIVE);
    }

    static Direction fromToken(String token) {
        for (Direction d : values()) {
            if (d.token().equals(token)) {
                return d;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return token();
    }
}
