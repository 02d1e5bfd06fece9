package org.msrp4j.sdp;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The RFC 5547 {@code a=file-date} value: the file's creation, modification and read dates, each an
 * RFC 5322 date-time in double quotes, e.g. {@code creation:"Mon, 15 May 2006 15:01:31 +0300"}. The
 * date texts are kept as written (any may be null); {@link #creationTime()} and the others read them.
 *
 * @param creation the creation date text, or null
 * @param modification the modification date text, or null
 * @param read the last-read date text, or null
 */
public record FileDate(String creation, String modification, String read) {

    /** Checks that no date text holds a double quote or a line break, and that one is present. */
    public FileDate {
        if (creation == null && modification == null && read == null) {
            throw new IllegalArgumentException("file-date needs at least one date");
        }
        for (String d : new String[] {creation, modification, read}) {
            if (d != null && (d.isEmpty() || d.indexOf('"') >= 0 || d.indexOf('\r') >= 0 || d.indexOf('\n') >= 0)) {
                throw new IllegalArgumentException("bad file-date text: \"" + d + "\"");
            }
        }
    }

    /**
     * Dates from times (null for none), written in the RFC 1123 form RFC 5322 allows.
     *
     * @param creation the creation time, or null
     * @param modification the modification time, or null
     * @param read the last read time, or null
     * @return the dates
     */
    public static FileDate of(ZonedDateTime creation, ZonedDateTime modification, ZonedDateTime read) {
        return new FileDate(format(creation), format(modification), format(read));
    }

    /**
     * Parses an {@code a=file-date} value.
     *
     * @param value the text after {@code a=file-date:}
     * @return the dates, as written
     * @throws SdpException ({@code SYNTAX}) unless it is one or more of {@code creation:"…"},
     *     {@code modification:"…"}, {@code read:"…"}, each at most once
     */
    public static FileDate parse(String value) throws SdpException {
        String[] dates = new String[3];
        int n = value.length();
        int i = 0;
        while (i < n) {
            if (SdpText.isBlank(value.charAt(i))) {
                i++;
                continue;
            }
            int colon = value.indexOf(':', i);
            if (colon < 0 || colon + 1 >= n || value.charAt(colon + 1) != '"') {
                throw SdpText.syntax("file-date parts must be <name>:\"<date-time>\"", value);
            }
            int slot = switch (value.substring(i, colon)) {
                case "creation" -> 0;
                case "modification" -> 1;
                case "read" -> 2;
                default -> throw SdpText.syntax("file-date part must be creation, modification or read", value);
            };
            int close = value.indexOf('"', colon + 2);
            if (close < 0 || close == colon + 2 || dates[slot] != null) {
                throw SdpText.syntax("file-date part unterminated, empty or repeated", value);
            }
            dates[slot] = value.substring(colon + 2, close);
            i = close + 1;
        }
        if (dates[0] == null && dates[1] == null && dates[2] == null) {
            throw SdpText.syntax("file-date has no date", value);
        }
        return new FileDate(dates[0], dates[1], dates[2]);
    }

    /**
     * The creation date read as RFC 1123, if present and in that form.
     *
     * @return the time, or empty
     */
    public Optional<ZonedDateTime> creationTime() {
        return time(creation);
    }

    /**
     * The modification date read as RFC 1123, if present and in that form.
     *
     * @return the time, or empty
     */
    public Optional<ZonedDateTime> modificationTime() {
        return time(modification);
    }

    /**
     * The read date read as RFC 1123, if present and in that form.
     *
     * @return the time, or empty
     */
    public Optional<ZonedDateTime> readTime() {
        return time(read);
    }

    /**
     * The attribute value: the present dates in the order creation, modification, read.
     *
     * @return the text after {@code a=file-date:}
     */
    public String encode() {
        List<String> parts = new ArrayList<>(3);
        if (creation != null) {
            parts.add("creation:\"" + creation + "\"");
        }
        if (modification != null) {
            parts.add("modification:\"" + modification + "\"");
        }
        if (read != null) {
            parts.add("read:\"" + read + "\"");
        }
        return String.join(" ", parts);
    }

    private static String format(ZonedDateTime t) {
        return t == null ? null : DateTimeFormatter.RFC_1123_DATE_TIME.format(t);
    }

    private static Optional<ZonedDateTime> time(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
