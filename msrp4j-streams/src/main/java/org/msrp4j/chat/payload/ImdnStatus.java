package org.msrp4j.chat.payload;

import java.util.Locale;

/** The status an IMDN reports (RFC 5438 §7.2.1), each valid for some kinds of notification. */
public enum ImdnStatus {
    /** Delivery notification: the message was delivered. */
    DELIVERED,
    /** Delivery notification: the message could not be delivered. */
    FAILED,
    /** Any notification: the recipient refuses to tell (or policy forbids it). */
    FORBIDDEN,
    /** Any notification: an error occurred while producing the notification. */
    ERROR,
    /** Display notification: the message was shown to the user. */
    DISPLAYED,
    /** Processing notification: an intermediary processed the message. */
    PROCESSED,
    /** Processing notification: an intermediary stored the message for later delivery. */
    STORED;

    /**
     * The element name in the document, e.g. {@code delivered}.
     *
     * @return the XML element's local name
     */
    public String elementName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a notification of this kind may carry this status.
     *
     * @param kind delivery or display
     * @return true if RFC 5438's schema lets a notification of that kind carry this status
     */
    public boolean isValidFor(ImdnNotification kind) {
        return switch (this) {
            case FORBIDDEN, ERROR -> true;
            case DELIVERED, FAILED -> kind == ImdnNotification.DELIVERY;
            case DISPLAYED -> kind == ImdnNotification.DISPLAY;
            case PROCESSED, STORED -> kind == ImdnNotification.PROCESSING;
        };
    }
}
