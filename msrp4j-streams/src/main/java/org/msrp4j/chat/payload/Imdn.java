package org.msrp4j.chat.payload;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.cpim.Rfc3339;
import org.w3c.dom.Element;

/**
 * An instant message disposition notification, the {@code message/imdn+xml} document of RFC 5438
 * §7.2: which message it is about (its {@code imdn.Message-ID} and {@code DateTime}), who reports,
 * and what happened to it ({@link ImdnNotification kind} and {@link ImdnStatus status}).
 *
 * <p>{@link #encode()} writes the elements in the order of the RFC 5438 schema.
 * {@link #parse(byte[])} accepts them in any order and ignores elements of other namespaces.
 * {@link #toCpim} wraps the document in the CPIM message that carries it (RFC 5438 §7.1.2).
 *
 * @param messageId the {@code imdn.Message-ID} of the message this notification is about
 * @param dateTime the {@code DateTime} of the message this notification is about
 * @param recipientUri the URI of the recipient reporting, or null
 * @param originalRecipientUri the URI the message was first sent to, or null
 * @param subject the {@code Subject} of the message, or null
 * @param kind delivery, display or processing
 * @param status what happened; must be {@link ImdnStatus#isValidFor valid} for the kind
 */
public record Imdn(String messageId, OffsetDateTime dateTime, String recipientUri, String originalRecipientUri,
        String subject, ImdnNotification kind, ImdnStatus status) {

    /** The MIME type of the document. */
    public static final String CONTENT_TYPE = "message/imdn+xml";

    /** The XML namespace of the document. */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:imdn";

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a required component is missing, the status is not
     *     valid for the kind, or a text cannot be written in XML
     * @throws NullPointerException if messageId, dateTime, kind or status is null
     */
    public Imdn {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(dateTime, "dateTime");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        SafeXml.checkText(messageId, "message-id", true);
        if (recipientUri != null) {
            SafeXml.checkText(recipientUri, "recipient-uri", true);
        }
        if (originalRecipientUri != null) {
            SafeXml.checkText(originalRecipientUri, "original-recipient-uri", true);
        }
        if (subject != null) {
            SafeXml.checkText(subject, "subject", false);
        }
        if (!status.isValidFor(kind)) {
            throw new IllegalArgumentException("status " + status.elementName() + " is not valid in a "
                    + kind.elementName());
        }
    }

    /**
     * A notification about a received message, addressed from its recipient: the message id and
     * date-time are the message's own ({@link ImdnRequest#messageId()}, {@link CpimMessage#dateTime()}).
     *
     * @param messageId the Message-ID of the message this notification is about
     * @param dateTime the DateTime of that message
     * @param recipientUri the URI of the recipient that reports
     * @param kind delivery or display
     * @param status what happened, valid for {@code kind}
     * @return the notification
     */
    public static Imdn of(String messageId, OffsetDateTime dateTime, String recipientUri, ImdnNotification kind,
            ImdnStatus status) {
        return new Imdn(messageId, dateTime, recipientUri, null, null, kind, status);
    }

    /**
     * The document as UTF-8 bytes, elements in schema order.
     *
     * @return a new array holding the XML document
     */
    public byte[] encode() {
        StringBuilder xml = new StringBuilder(384)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<imdn xmlns=\"").append(NAMESPACE).append("\">\n");
        SafeXml.element(xml, "  ", "message-id", messageId);
        SafeXml.element(xml, "  ", "datetime", Rfc3339.format(dateTime));
        if (recipientUri != null) {
            SafeXml.element(xml, "  ", "recipient-uri", recipientUri);
        }
        if (originalRecipientUri != null) {
            SafeXml.element(xml, "  ", "original-recipient-uri", originalRecipientUri);
        }
        if (subject != null) {
            SafeXml.element(xml, "  ", "subject", subject);
        }
        xml.append("  <").append(kind.elementName()).append(">\n")
                .append("    <status>\n")
                .append("      <").append(status.elementName()).append("/>\n")
                .append("    </status>\n")
                .append("  </").append(kind.elementName()).append(">\n")
                .append("</imdn>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a document.
     *
     * @param bytes a {@code message/imdn+xml} body
     * @return the notification it holds
     * @throws PayloadException if it is not well-formed XML, holds a DOCTYPE, is not an
     *     {@code imdn} document, lacks its message-id, datetime or notification, or the status is
     *     missing, unknown or not valid for the notification
     */
    public static Imdn parse(byte[] bytes) throws PayloadException {
        Element root = SafeXml.parseRoot(bytes, NAMESPACE, "imdn");
        List<Element> children = SafeXml.children(root, NAMESPACE);
        String messageId = SafeXml.requiredText(children, "message-id");
        OffsetDateTime dateTime = SafeXml.dateTime(SafeXml.requiredText(children, "datetime"), "datetime");
        String recipient = SafeXml.optionalText(children, "recipient-uri");
        String original = SafeXml.optionalText(children, "original-recipient-uri");
        Element subjectElement = SafeXml.child(children, "subject");
        ImdnNotification kind = null;
        Element notification = null;
        for (ImdnNotification k : ImdnNotification.values()) {
            Element e = SafeXml.child(children, k.elementName());
            if (e != null) {
                if (notification != null) {
                    throw new PayloadException("imdn holds both <" + kind.elementName() + "> and <"
                            + k.elementName() + ">");
                }
                kind = k;
                notification = e;
            }
        }
        if (notification == null) {
            throw new PayloadException("imdn holds no delivery, display or processing notification");
        }
        ImdnStatus status = status(notification, kind);
        return new Imdn(messageId, dateTime, recipient, original,
                subjectElement == null ? null : subjectElement.getTextContent(), kind, status);
    }

    private static ImdnStatus status(Element notification, ImdnNotification kind) throws PayloadException {
        Element statusElement = SafeXml.child(SafeXml.children(notification, NAMESPACE), "status");
        if (statusElement == null) {
            throw new PayloadException("<" + kind.elementName() + "> has no <status>");
        }
        for (Element e : SafeXml.children(statusElement, NAMESPACE)) {
            for (ImdnStatus s : ImdnStatus.values()) {
                if (s.elementName().equals(e.getLocalName()) && s.isValidFor(kind)) {
                    return s;
                }
            }
        }
        throw new PayloadException("<" + kind.elementName() + "> has no status valid for it");
    }

    /**
     * The CPIM message that carries this notification (RFC 5438 §7.1.2): {@code From} the
     * reporting recipient, {@code To} the sender of the original message, a fresh
     * {@code imdn.Message-ID} of its own, {@code DateTime}, and the document as a
     * {@code message/imdn+xml} part with {@code Content-Disposition: notification}.
     *
     * @param from who reports (the recipient of the original message)
     * @param to the sender of the original message
     * @param notificationMessageId a new message id for the notification itself
     * @param now the notification's own date-time
     * @return a message ready to send with {@code message/cpim}
     */
    public CpimMessage toCpim(CpimAddress from, CpimAddress to, String notificationMessageId, OffsetDateTime now) {
        return CpimMessage.builder()
                .from(from)
                .to(to)
                .namespace(ImdnRequest.PREFIX, ImdnRequest.NAMESPACE)
                .header(ImdnRequest.PREFIX + "." + ImdnRequest.MESSAGE_ID, notificationMessageId)
                .dateTime(now)
                .contentType(CONTENT_TYPE)
                .mimeHeader("Content-Disposition", "notification")
                .body(encode())
                .build();
    }
}
