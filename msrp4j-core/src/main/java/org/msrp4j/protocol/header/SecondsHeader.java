package org.msrp4j.protocol.header;

import org.msrp4j.protocol.InvalidHeaderException;

/** A header whose value is a number of seconds: Expires, Min-Expires, Max-Expires (RFC 4976). */
public abstract class SecondsHeader extends MsrpHeader<Long> {

    /** The largest value accepted: 2^32 - 1 seconds. */
    public static final long MAX_SECONDS = 0xFFFF_FFFFL;

    SecondsHeader(String name, long seconds, String encoded) {
        super(checked(name, seconds), encoded);
    }

    private static Long checked(String name, long seconds) {
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw new InvalidHeaderException(name, "seconds out of range 0.." + MAX_SECONDS, Long.toString(seconds));
        }
        return seconds;
    }

    static long parseSeconds(String name, String value) {
        if (value.isEmpty() || value.length() > 10) {
            throw new InvalidHeaderException(name, "expected 1 to 10 digits", value);
        }
        long v = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidHeaderException(name, "expected digits", value);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * The number of seconds.
     *
     * @return the number of seconds
     */
    public long seconds() {
        return decode();
    }

    @Override
    final String format(Long decoded) {
        return decoded.toString();
    }
}
