package org.msrp4j.sdp;

/**
 * The RFC 5547 {@code a=file-range} value, {@code <start>-<stop>}: the 1-based, inclusive octet range
 * of the file the transfer covers; the stop may be {@code *} (to the end).
 *
 * @param start the first octet, from 1
 * @param stop the last octet (at least {@code start}), or {@link #TO_END} for {@code *}
 */
public record FileRange(long start, long stop) {

    /** The {@code stop} value written {@code *}: to the end of the file. */
    public static final long TO_END = -1;

    /** Checks {@code 1 <= start} and {@code stop >= start} or {@code stop == TO_END}. */
    public FileRange {
        if (start < 1) {
            throw new IllegalArgumentException("file-range start must be at least 1: " + start);
        }
        if (stop != TO_END && stop < start) {
            throw new IllegalArgumentException("file-range stop " + stop + " before start " + start);
        }
    }

    /**
     * The range from {@code start} to the end of the file.
     *
     * @param start the first octet, counted from 1
     * @return the range
     */
    public static FileRange from(long start) {
        return new FileRange(start, TO_END);
    }

    /**
     * Parses an {@code a=file-range} value.
     *
     * @param value the text after {@code a=file-range:}
     * @return the range
     * @throws SdpException ({@code SYNTAX}) if it is not {@code <digits>-<digits or *>} in order
     */
    public static FileRange parse(String value) throws SdpException {
        int dash = value.indexOf('-');
        if (dash < 0) {
            throw SdpText.syntax("file-range must be <start>-<stop>", value);
        }
        long start = SdpText.parseCount(value.substring(0, dash));
        String stopText = value.substring(dash + 1);
        long stop = stopText.equals("*") ? TO_END : SdpText.parseCount(stopText);
        if (start < 1 || (stop != TO_END && stop < start)) {
            throw SdpText.syntax("file-range must be <start>-<stop> with 1 <= start <= stop", value);
        }
        return new FileRange(start, stop);
    }

    /**
     * Whether the stop is {@code *}.
     *
     * @return true when the range runs to the end of the file
     */
    public boolean toEnd() {
        return stop == TO_END;
    }

    /**
     * The attribute value, e.g. {@code 1-*}.
     *
     * @return the text after {@code a=file-range:}
     */
    public String encode() {
        return start + "-" + (stop == TO_END ? "*" : Long.toString(stop));
    }

    @Override
    public String toString() {
        return encode();
    }
}
