package org.msrp4j.chat;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.msrp4j.chat.payload.DispositionNotification;

/**
 * A message given to {@link ChatStream#sendMessage}: its Message-ID (the MSRP one, and the {@code
 * imdn.Message-ID} when it asks for notifications), what was sent, and {@link #delivery()}, the
 * future of its fate. The future never fails: it completes with {@link DeliveryStatus#DELIVERED} or with
 * the code and reason it was not delivered.
 */
public final class OutgoingChatMessage {

    private final String messageId;
    private final byte[] content;
    private final String contentType;
    private final String toUri;
    private final OffsetDateTime dateTime;
    private final Set<DispositionNotification> notifications;
    private final CompletableFuture<DeliveryStatus> delivery = new CompletableFuture<>();

    /** A message of {@code content}, which it keeps: nobody may change it after. */
    OutgoingChatMessage(String messageId, byte[] content, String contentType, String toUri, OffsetDateTime dateTime,
            Set<DispositionNotification> notifications) {
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.content = content;
        this.contentType = contentType;
        this.toUri = toUri;
        this.dateTime = dateTime;
        this.notifications = Set.copyOf(notifications);
    }

    /**
     * The Message-ID.
     *
     * @return the MSRP Message-ID the message is sent with
     */
    public String messageId() {
        return messageId;
    }

    /**
     * The content, a copy.
     *
     * @return a new array holding the content
     */
    public byte[] content() {
        return content.clone();
    }

    int size() {
        return content.length;
    }

    byte[] contentRef() {
        return content;
    }

    /**
     * The content's MIME type (of the wrapped part when sent in CPIM).
     *
     * @return a MIME type, e.g. {@code text/plain}
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The CPIM To, or null for the remote identity.
     *
     * @return the private recipient's URI, or null
     */
    public String toUri() {
        return toUri;
    }

    /**
     * The CPIM DateTime, or null for the time of sending.
     *
     * @return the date-time set by the application, or null
     */
    public OffsetDateTime dateTime() {
        return dateTime;
    }

    /**
     * The disposition notifications asked of the recipient (RFC 5438); empty for none.
     *
     * @return an unmodifiable set
     */
    public Set<DispositionNotification> notifications() {
        return notifications;
    }

    /**
     * Completes with the message's fate, once; never exceptionally.
     *
     * @return a future completed with the delivery status
     */
    public CompletableFuture<DeliveryStatus> delivery() {
        return delivery;
    }

    @Override
    public String toString() {
        return "OutgoingChatMessage[" + messageId + ", " + contentType + ", " + content.length + " bytes"
                + (toUri == null ? "" : ", to " + toUri) + "]";
    }
}
