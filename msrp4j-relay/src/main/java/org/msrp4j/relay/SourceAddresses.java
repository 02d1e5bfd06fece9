package org.msrp4j.relay;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What counts as one source for the per-address limits: an IPv4 address, or the /64 prefix of an
 * IPv6 address (a subscriber usually gets a whole /64). An IPv4-mapped IPv6 address counts as its
 * IPv4 address.
 */
final class SourceAddresses {

    private SourceAddresses() {
    }

    /** The key of {@code address}'s source, e.g. {@code 192.0.2.7} or {@code 2001:db8:0:1::/64}. */
    static String key(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        if (isV4Mapped(b)) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        if (address.isLoopbackAddress()) {
            return "::1";
        }
        Arrays.fill(b, 8, 16, (byte) 0);
        try {
            return MsrpRelay.hostText(InetAddress.getByAddress(b)) + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
