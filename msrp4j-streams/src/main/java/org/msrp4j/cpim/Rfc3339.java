package org.msrp4j.cpim;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Date-times as RFC 3339 §5.6 writes them, used by the CPIM {@code DateTime} header and by the
 * isComposing and IMDN documents: {@code 2000-12-13T13:40:00-08:00},
 * {@code 2003-01-27T10:43:00.25Z}.
 */
public final class Rfc3339 {

    private static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT);

    private Rfc3339() {
    }

    /** Writes a date-time: always with seconds, with a fraction only when there is one, UTC as Z. */
    public static String format(OffsetDateTime dateTime) {
        return WRITE.format(dateTime);
    }

    /**
     * Reads a date-time with its offset. Lower-case {@code t} and {@code z}, which RFC 3339 allows,
     * are accepted, and so is a space between date and time (RFC 3339 §5.6 lets applications use
     * one).
     *
     * @throws DateTimeException if the text is not an RFC 3339 date-time with an offset
     */
    public static OffsetDateTime parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.length() < 11 || s.charAt(10) != 'T' && s.charAt(10) != ' ') {
            throw new DateTimeParseException("not an RFC 3339 date-time: " + CpimGrammar.shorten(text), text, 0);
        }
        return OffsetDateTime.parse(s.substring(0, 10) + 'T' + s.substring(11), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
