package org.msrp4j.chat.payload;

/** The kind of an IMDN (RFC 5438 §5): which disposition of a message it reports. */
public enum ImdnNotification {
    /** Delivery to the recipient ({@code <delivery-notification>}). */
    DELIVERY("delivery-notification"),
    /** Display to the user ({@code <display-notification>}). */
    DISPLAY("display-notification"),
    /** Processing by an intermediary ({@code <processing-notification>}). */
    PROCESSING("processing-notification");

    private final String elementName;

    ImdnNotification(String elementName) {
        this.elementName = elementName;
    }

    /**
     * The element name in the document.
     *
     * @return the XML element's local name, e.g. {@code delivery-notification}
     */
    public String elementName() {
        return elementName;
    }
}
