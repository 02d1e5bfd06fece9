package org.msrp4j.protocol;

/**
 * The value of a Byte-Range header: which bytes of the whole message a chunk carries
 * (RFC 4975 §7.1.1). Positions count bytes from 1; {@code end} is inclusive.
 *
 * @param start the position of the chunk's first byte, at least 1
 * @param end the position of its last byte, or {@link #UNKNOWN} ({@code *})
 * @param total the size of the whole message, or {@link #UNKNOWN} ({@code *})
 */
public record ByteRange(long start, long end, long total) {

    /** Stands for {@code *}: an end or total not known yet. */
    public static final long UNKNOWN = -1;

    /**
     * Validates the components.
     *
     * @throws InvalidHeaderException if start is below 1, end is before start - 1, or end exceeds total
     */
    public ByteRange {
        if (start < 1) {
            throw new InvalidHeaderException("Byte-Range", "start must be at least 1", format(start, end, total));
        }
        if (end != UNKNOWN && end < start - 1) {
            throw new InvalidHeaderException("Byte-Range", "end before start", format(start, end, total));
        }
        if (end < UNKNOWN || total < UNKNOWN) {
            throw new InvalidHeaderException("Byte-Range", "negative value", format(start, end, total));
        }
        if (total != UNKNOWN && end != UNKNOWN && end > total) {
            throw new InvalidHeaderException("Byte-Range", "end beyond total", format(start, end, total));
        }
    }

    /**
     * Parses {@code start-end/total}, where end and total may be {@code *}.
     *
     * @param text the text
     * @return the byte range
     * @throws InvalidHeaderException if the text does not match
     */
    public static ByteRange parse(String text) {
        int dash = text.indexOf('-');
        int slash = text.indexOf('/', dash + 1);
        if (dash <= 0 || slash < 0) {
            throw new InvalidHeaderException("Byte-Range", "expected start-end/total", text);
        }
        long start = number(text, 0, dash, false);
        long end = number(text, dash + 1, slash, true);
        long total = number(text, slash + 1, text.length(), true);
        return new ByteRange(start, end, total);
    }

    private static long number(String text, int from, int to, boolean starAllowed) {
        if (starAllowed && to - from == 1 && text.charAt(from) == '*') {
            return UNKNOWN;
        }
        if (to == from || to - from > 18) {
            throw new InvalidHeaderException("Byte-Range", "bad number", text);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidHeaderException("Byte-Range", "bad number", text);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Whether the end is known.
     *
     * @return whether the end is known
     */
    public boolean hasEnd() {
        return end != UNKNOWN;
    }

    /**
     * Whether the total is known.
     *
     * @return whether the total is known
     */
    public boolean hasTotal() {
        return total != UNKNOWN;
    }

    /**
     * The encoded form, e.g. {@code 1-25/25} or {@code 1-*}{@code /*}.
     *
     * @return the encoded form, e.g. {@code 1-25/25} or {@code 1-*}{@code /*}
     */
    public String encode() {
        return format(start, end, total);
    }

    @Override
    public String toString() {
        return encode();
    }

    private static String format(long start, long end, long total) {
        return start + "-" + (end == UNKNOWN ? "*" : Long.toString(end)) + "/"
                + (total == UNKNOWN ? "*" : Long.toString(total));
    }
}
