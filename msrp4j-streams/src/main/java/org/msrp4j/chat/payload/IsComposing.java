package org.msrp4j.chat.payload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.msrp4j.cpim.Rfc3339;
import org.w3c.dom.Element;

/**
 * A message composition indication, the {@code application/im-iscomposing+xml} document of
 * RFC 3994: whether the sender is composing a message ({@link State#ACTIVE}) or has stopped
 * ({@link State#IDLE}), and optionally when it was last active, what kind of content it composes,
 * and within how many seconds it will refresh an active state.
 *
 * <p>{@link #encode()} writes the elements in the order of the RFC 3994 schema (state, lastactive,
 * contenttype, refresh), which sipsimple validates. {@link #parse(byte[])} accepts them in any order,
 * ignores elements it does not know (the schema's extension point), and reads a state other than
 * {@code active} as {@link State#IDLE}, as RFC 3994 §3.4 requires.
 *
 * @param state active or idle
 * @param lastActive when the composer was last active, or null
 * @param contentType the type of the content being composed (e.g. {@code text/plain},
 *     {@code audio}), or null
 * @param refresh within how long the sender will send another active indication (whole seconds,
 *     at least one), or null
 */
public record IsComposing(State state, OffsetDateTime lastActive, String contentType, Duration refresh) {

    /** The MIME type of the document. */
    public static final String CONTENT_TYPE = "application/im-iscomposing+xml";

    /** The XML namespace of the document. */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:im-iscomposing";

    /** The composition state. */
    public enum State {
        /** The sender is composing a message. */
        ACTIVE,
        /** The sender is not composing. */
        IDLE;

        /**
         * The state as the document writes it: {@code active} or {@code idle}.
         *
         * @return {@code active} or {@code idle}
         */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the refresh is not a positive whole number of seconds,
     *     or the content type is empty or cannot be written in XML
     */
    public IsComposing {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        if (contentType != null) {
            SafeXml.checkText(contentType, "contenttype", true);
        }
        if (refresh != null && (refresh.getNano() != 0 || refresh.getSeconds() < 1)) {
            throw new IllegalArgumentException("refresh must be a positive whole number of seconds: " + refresh);
        }
    }

    /**
     * An active indication: composing {@code contentType} (may be null), refreshed within {@code refresh}.
     *
     * @param contentType the type being composed, or null
     * @param refresh when the next active indication will come at the latest, or null
     * @return the indication
     */
    public static IsComposing active(String contentType, Duration refresh) {
        return new IsComposing(State.ACTIVE, null, contentType, refresh);
    }

    /**
     * An idle indication: last active at {@code lastActive} (may be null).
     *
     * @param contentType the type that was being composed, or null
     * @param lastActive when the user last typed, or null
     * @return the indication
     */
    public static IsComposing idle(String contentType, OffsetDateTime lastActive) {
        return new IsComposing(State.IDLE, lastActive, contentType, null);
    }

    /**
     * The document as UTF-8 bytes, elements in schema order.
     *
     * @return a new array holding the XML document
     */
    public byte[] encode() {
        StringBuilder xml = new StringBuilder(256)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<isComposing xmlns=\"").append(NAMESPACE).append("\">\n");
        SafeXml.element(xml, "  ", "state", state.value());
        if (lastActive != null) {
            SafeXml.element(xml, "  ", "lastactive", Rfc3339.format(lastActive));
        }
        if (contentType != null) {
            SafeXml.element(xml, "  ", "contenttype", contentType);
        }
        if (refresh != null) {
            SafeXml.element(xml, "  ", "refresh", Long.toString(refresh.getSeconds()));
        }
        xml.append("</isComposing>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a document.
     *
     * @param bytes an {@code application/im-iscomposing+xml} body
     * @return the indication it holds
     * @throws PayloadException if it is not well-formed XML, holds a DOCTYPE, is not an
     *     {@code isComposing} document, has no state, or its lastactive or refresh is malformed
     */
    public static IsComposing parse(byte[] bytes) throws PayloadException {
        Element root = SafeXml.parseRoot(bytes, NAMESPACE, "isComposing");
        List<Element> children = SafeXml.children(root, NAMESPACE);
        // RFC 3994 §3.4: states other than "active" are read as "idle".
        State state = "active".equals(SafeXml.requiredText(children, "state")) ? State.ACTIVE : State.IDLE;
        String lastActive = SafeXml.optionalText(children, "lastactive");
        String refresh = SafeXml.optionalText(children, "refresh");
        return new IsComposing(state, lastActive == null ? null : SafeXml.dateTime(lastActive, "lastactive"),
                SafeXml.optionalText(children, "contenttype"), refresh == null ? null : refresh(refresh));
    }

    private static Duration refresh(String text) throws PayloadException {
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            throw new PayloadException("isComposing refresh is not a positive integer below 2^63: "
                    + SafeXml.shorten(text), e);
        }
        throw new PayloadException("isComposing refresh is not a positive integer: " + SafeXml.shorten(text));
    }
}
