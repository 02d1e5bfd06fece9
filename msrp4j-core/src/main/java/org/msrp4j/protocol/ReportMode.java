package org.msrp4j.protocol;

import java.util.Locale;

/**
 * The values of the Success-Report and Failure-Report headers (RFC 4975 §7.1.1):
 * Success-Report takes {@link #YES} or {@link #NO}, Failure-Report also {@link #PARTIAL}.
 */
public enum ReportMode {
    /** Report. */
    YES("yes"),
    /** Do not report. */
    NO("no"),
    /** Failure-Report only: report failures, but send no 200 responses. */
    PARTIAL("partial");

    private final String token;

    ReportMode(String token) {
        this.token = token;
    }

    /**
     * The header value, e.g. {@code yes}.
     *
     * @return the header value, e.g. {@code yes}
     */
    public String token() {
        return token;
    }

    /**
     * The mode named by {@code text}, case-insensitively.
     *
     * @param text the text
     * @return the mode named by {@code text}, case-insensitively
     * @throws IllegalArgumentException if it names none
     */
    public static ReportMode of(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "yes":
                return YES;
            case "no":
                return NO;
            case "partial":
                return PARTIAL;
            default:
                throw new IllegalArgumentException("not yes, no or partial: " + text);
        }
    }

    @Override
    public String toString() {
        return token;
    }
}
