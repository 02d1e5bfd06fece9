package org.msrp4j.cpim;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Date-times as RFC 3339 §5.6 writes them, used by the CPIM {@code DateTime} header and by the
 * isComposing and IMDN documents: {@code 2000-12-13T13:40:00-08:00},
 * {@code 2003-01-27T10:43:00.25Z}.
 *
 * <p>A chat stream writes and reads one per message, so the usual shapes (years 0 to 9999, offsets
 * in whole minutes; on reading, seconds present) are written and read by hand; the JDK's formatters,
 * which give the same results, handle the rest.
 */
public final class Rfc3339 {

    private static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT);
    /** The length of {@code uuuu-MM-ddTHH:mm:ss}. */
    private static final int SECONDS_END = 19;

    private Rfc3339() {
    }

    /**
     * Writes a date-time: always with seconds, with a fraction only when there is one, UTC as Z.
     *
     * @param dateTime the date-time, with its offset
     * @return the RFC 3339 text
     */
    public static String format(OffsetDateTime dateTime) {
        int year = dateTime.getYear();
        int offset = dateTime.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offset % 60 != 0) {
            return WRITE.format(dateTime);
        }
        StringBuilder s = new StringBuilder(35);
        digits(s, year, 4).append('-');
        digits(s, dateTime.getMonthValue(), 2).append('-');
        digits(s, dateTime.getDayOfMonth(), 2).append('T');
        digits(s, dateTime.getHour(), 2).append(':');
        digits(s, dateTime.getMinute(), 2).append(':');
        digits(s, dateTime.getSecond(), 2);
        int nano = dateTime.getNano();
        if (nano != 0) {
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            digits(s.append('.'), nano, width);
        }
        if (offset == 0) {
            return s.append('Z').toString();
        }
        int minutes = Math.abs(offset) / 60;
        s.append(offset < 0 ? '-' : '+');
        digits(s, minutes / 60, 2).append(':');
        return digits(s, minutes % 60, 2).toString();
    }

    /** Appends {@code value} (not negative) in {@code width} digits, zeros in front. */
    private static StringBuilder digits(StringBuilder s, int value, int width) {
        int at = s.length();
        s.setLength(at + width);
        for (int i = at + width - 1; i >= at; i--) {
            s.setCharAt(i, (char) ('0' + value % 10));
            value /= 10;
        }
        return s;
    }

    /**
     * Reads a date-time with its offset. Lower-case {@code t} and {@code z}, which RFC 3339 allows,
     * are accepted, and so is a space between date and time (RFC 3339 §5.6 lets applications use
     * one).
     *
     * @param text the RFC 3339 text
     * @return the date-time with the offset written
     * @throws DateTimeException if the text is not an RFC 3339 date-time with an offset
     */
    public static OffsetDateTime parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.length() < 11 || s.charAt(10) != 'T' && s.charAt(10) != ' ') {
            throw new DateTimeParseException("not an RFC 3339 date-time: " + CpimGrammar.shorten(text), text, 0);
        }
        OffsetDateTime usual = parseUsual(s);
        if (usual != null) {
            return usual;
        }
        return OffsetDateTime.parse(s.substring(0, 10) + 'T' + s.substring(11), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /**
     * Reads {@code yyyy-MM-dd?HH:mm:ss[.f{1,9}](Z|±HH:MM)} (upper case, any character at index 10),
     * or returns null for any other shape. Field ranges are checked as the JDK's ISO parser checks
     * them (a DateTimeException when out of range).
     */
    private static OffsetDateTime parseUsual(String s) {
        int n = s.length();
        if (n < SECONDS_END + 1 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = SECONDS_END;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
                nano = nano * 10 + s.charAt(i) - '0';
                i++;
            }
            int width = i - start;
            if (width == 0 || width > 9) {
                return null;
            }
            for (; width < 9; width++) {
                nano *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = number(s, i + 1, 2);
            int minutes = number(s, i + 4, 2);
            if ((hours | minutes) < 0) {
                return null;
            }
            offset = s.charAt(i) == '-' ? ZoneOffset.ofHoursMinutes(-hours, -minutes)
                    : ZoneOffset.ofHoursMinutes(hours, minutes);
        } else {
            return null;
        }
        return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
    }

    /** The decimal number of {@code length} ASCII digits at {@code start}, or -1. */
    private static int number(String s, int start, int length) {
        int value = 0;
        for (int i = start; i < start + length; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + c - '0';
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
