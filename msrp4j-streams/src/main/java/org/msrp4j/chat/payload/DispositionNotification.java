package org.msrp4j.chat.payload;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A notification a sender can request with the CPIM header {@code imdn.Disposition-Notification}
 * (RFC 5438 §6.2).
 */
public enum DispositionNotification {
    /** Tell me when the message is delivered. */
    POSITIVE_DELIVERY("positive-delivery"),
    /** Tell me when the message cannot be delivered. */
    NEGATIVE_DELIVERY("negative-delivery"),
    /** Tell me when the message is displayed. */
    DISPLAY("display"),
    /** Tell me when an intermediary processes the message. */
    PROCESSING("processing");

    private final String value;

    DispositionNotification(String value) {
        this.value = value;
    }

    /**
     * The value as the header writes it, e.g. {@code positive-delivery}.
     *
     * @return the token, in lower case
     */
    public String value() {
        return value;
    }

    /**
     * Writes a set as the header value: {@code positive-delivery, negative-delivery, display}.
     *
     * @param requested the notifications asked for
     * @return the comma-separated tokens
     */
    public static String encode(Set<DispositionNotification> requested) {
        StringJoiner joined = new StringJoiner(", ");
        for (DispositionNotification d : values()) {
            if (requested.contains(d)) {
                joined.add(d.value);
            }
        }
        return joined.toString();
    }

    /**
     * Reads the header value: comma-separated, case and white space ignored. Values this library
     * does not know are skipped, as RFC 5438 §6.2 lets new ones be defined.
     *
     * @param headerValue a {@code Disposition-Notification} header value
     * @return the notifications it names, unknown ones left out
     */
    public static Set<DispositionNotification> parse(String headerValue) {
        Set<DispositionNotification> found = EnumSet.noneOf(DispositionNotification.class);
        for (String item : headerValue.split(",")) {
            String v = item.strip().toLowerCase(Locale.ROOT);
            for (DispositionNotification d : values()) {
                if (d.value.equals(v)) {
                    found.add(d);
                }
            }
        }
        return found;
    }
}
