package org.msrp4j.cpim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Rfc3339} writes and reads by hand the shapes a chat uses: these check it against the JDK's
 * formatter and ISO parser (what it used before), which must give the same text, the same value, or
 * both refuse.
 */
class Rfc3339Test {

    private static final DateTimeFormatter REFERENCE_WRITE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT);

    /** The reading before the hand-written one: the JDK's ISO parser on the normalised text. */
    private static OffsetDateTime referenceParse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.length() < 11 || s.charAt(10) != 'T' && s.charAt(10) != ' ') {
            throw new DateTimeException("not an RFC 3339 date-time");
        }
        return OffsetDateTime.parse(s.substring(0, 10) + 'T' + s.substring(11), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    @Property(tries = 3000)
    void writesWhatTheFormatterWrites(@ForAll("dateTimes") OffsetDateTime dateTime) {
        assertThat(Rfc3339.format(dateTime)).isEqualTo(REFERENCE_WRITE.format(dateTime));
    }

    /** Within RFC 3339: years 0 to 9999, offsets in whole minutes (the writing drops offset seconds). */
    @Property(tries = 3000)
    void readsWhatItWrites(@ForAll("dateTimes") OffsetDateTime dateTime) {
        Assume.that(dateTime.getYear() >= 0 && dateTime.getYear() <= 9999
                && dateTime.getOffset().getTotalSeconds() % 60 == 0);
        assertThat(Rfc3339.parse(Rfc3339.format(dateTime))).isEqualTo(dateTime);
    }

    @Property(tries = 5000)
    void readsAsTheIsoParserReads(@ForAll("texts") String text) {
        OffsetDateTime expected;
        try {
            expected = referenceParse(text);
        } catch (DateTimeException e) {
            assertThatThrownBy(() -> Rfc3339.parse(text)).as(text).isInstanceOf(DateTimeException.class);
            return;
        }
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
    }

    @Example
    void readsTheRfcExamplesAndRefusesOutOfRangeFields() {
        assertThat(Rfc3339.parse("1985-04-12T23:20:50.52Z"))
                .isEqualTo(OffsetDateTime.of(1985, 4, 12, 23, 20, 50, 520_000_000, ZoneOffset.UTC));
        assertThat(Rfc3339.parse("1996-12-19t16:39:57-08:00"))
                .isEqualTo(OffsetDateTime.of(1996, 12, 19, 16, 39, 57, 0, ZoneOffset.ofHours(-8)));
        assertThat(Rfc3339.parse(" 1937-01-01 12:00:27.87+00:20 "))
                .isEqualTo(OffsetDateTime.of(1937, 1, 1, 12, 0, 27, 870_000_000, ZoneOffset.ofHoursMinutes(0, 20)));
        for (String bad : new String[] {"2001-02-29T00:00:00Z", "2001-01-01T24:00:00Z", "2001-01-01T00:60:00Z",
            "2001-01-01T00:00:60Z", "2001-13-01T00:00:00Z", "2001-01-01T00:00:00+19:00", "2001-01-01T00:00:00+01:60",
            "2001-01-01T00:00:00.1234567890Z", "2001-01-01T00:00:00", "2001-01-01T00:00:00.Z5"}) {
            assertThatThrownBy(() -> Rfc3339.parse(bad)).as(bad).isInstanceOf(DateTimeException.class);
        }
    }

    @Provide
    Arbitrary<OffsetDateTime> dateTimes() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L),
                Arbitraries.longs().between(-400_000_000_000L, 400_000_000_000L));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.of(500_000_000, 120_000, 7),
                Arbitraries.integers().between(0, 999_999_999));
        Arbitrary<Integer> offsets = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(-18 * 60, 18 * 60).map(m -> m * 60),
                Arbitraries.integers().between(-18 * 3600, 18 * 3600));
        return Combinators.combine(seconds, nanos, offsets).as((s, n, o) ->
                OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n), ZoneOffset.ofTotalSeconds(o)));
    }

    /** Date-times written every way the parser may meet, then perhaps with one character changed. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> written = Combinators.combine(dateTimes(),
                Arbitraries.of("T", "t", " ", "x"), Arbitraries.of("Z", "z", "+00:00", "-00:00", "", "+05:30:15"),
                Arbitraries.of(true, false)).as((d, sep, zone, keepOffset) -> {
                    String s = REFERENCE_WRITE.format(d);
                    if (s.length() > 10) {
                        s = s.substring(0, 10) + sep + s.substring(11);
                    }
                    return keepOffset || !s.endsWith("Z") ? s : s.substring(0, s.length() - 1) + zone;
                });
        Arbitrary<Character> noise = Arbitraries.chars().with("0123456789:+-.TZ tz\u0663a");
        return Combinators.combine(written, Arbitraries.integers().between(-1, 40), noise)
                .as((s, at, c) -> at < 0 || at >= s.length() ? s : s.substring(0, at) + c + s.substring(at + 1));
    }
}
