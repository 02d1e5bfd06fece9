package org.msrp4j.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The connection data line, {@code c=<nettype> <addrtype> <connection-address>} (RFC 8866 §5.7), e.g.
 * {@code c=IN IP4 192.0.2.1}.
 *
 * @param netType the network type, {@code IN}
 * @param addressType the address type, {@code IP4} or {@code IP6}
 * @param address the address: an IP address or a host name, as written
 */
public record ConnectionData(String netType, String addressType, String address) {

    /** Checks that each part is a single visible word. */
    public ConnectionData {
        for (String part : new String[] {netType, addressType, address}) {
            Objects.requireNonNull(part, "part");
            if (!SdpText.isVisible(part)) {
                throw new IllegalArgumentException("bad c= part: \"" + part + "\"");
            }
        }
    }

    /**
     * {@code IN IP4 address} or {@code IN IP6 address}, by whether {@code address} holds a ':'.
     *
     * @param address an IPv4 or IPv6 address, or a host name
     * @return the connection data
     */
    public static ConnectionData of(String address) {
        return new ConnectionData("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    /**
     * Parses the value of a {@code c=} line.
     *
     * @param value the text after {@code c=}
     * @return the network type, address type and address
     * @throws SdpException ({@code SYNTAX}) unless it is three words
     */
    public static ConnectionData parse(String value) throws SdpException {
        List<String> w = SdpText.words(value);
        if (w.size() != 3) {
            throw SdpText.syntax("c= must be <nettype> <addrtype> <address>", value);
        }
        return new ConnectionData(w.get(0), w.get(1), w.get(2));
    }

    /**
     * The value of the {@code c=} line.
     *
     * @return {@code IN IP4 address} or {@code IN IP6 address}
     */
    public String encode() {
        return netType + " " + addressType + " " + address;
    }

    @Override
    public String toString() {
        return encode();
    }
}
