package org.msrp4j.sdp;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * The origin line, {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>}
 * (RFC 8866 §5.2). The parts are kept as written.
 *
 * @param username the user name, {@code -} when there is none
 * @param sessionId the session id (digits)
 * @param sessionVersion the session version (digits)
 * @param netType the network type, {@code IN}
 * @param addressType {@code IP4} or {@code IP6}
 * @param address the address of the machine that made the description
 */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addressType,
        String address) {

    /** Checks that each part is a single visible word. */
    public Origin {
        for (String part : new String[] {username, sessionId, sessionVersion, netType, addressType, address}) {
            Objects.requireNonNull(part, "part");
            if (!SdpText.isVisible(part)) {
                throw new IllegalArgumentException("bad o= part: \"" + part + "\"");
            }
        }
    }

    /**
     * A new origin for a session this side starts: user {@code -}, a random session id (RFC 8866 §5.2
     * asks for one unique to the host), version {@code 1}, and {@code address} (IPv6 when it holds a ':').
     *
     * @param address the address written in the origin
     * @return the origin
     */
    public static Origin of(String address) {
        long id = Holder.RANDOM.nextLong() >>> 1;
        return new Origin("-", Long.toString(id), "1", "IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    /**
     * Parses the value of an {@code o=} line.
     *
     * @param value the text after {@code o=}
     * @return the origin
     * @throws SdpException ({@code SYNTAX}) unless it is six words
     */
    public static Origin parse(String value) throws SdpException {
        List<String> w = SdpText.words(value);
        if (w.size() != 6) {
            throw SdpText.syntax("o= must be <username> <sess-id> <sess-version> <nettype> <addrtype> <address>",
                    value);
        }
        return new Origin(w.get(0), w.get(1), w.get(2), w.get(3), w.get(4), w.get(5));
    }

    /**
     * This origin with another session version (for a changed re-offer).
     *
     * @param version the new session version
     * @return a copy with that version
     */
    public Origin withSessionVersion(String version) {
        return new Origin(username, sessionId, version, netType, addressType, address);
    }

    /**
     * The value of the {@code o=} line.
     *
     * @return the text after {@code o=}
     */
    public String encode() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addressType + " " + address;
    }

    @Override
    public String toString() {
        return encode();
    }

    /** The random source for session ids, made on first use. */
    private static final class Holder {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
