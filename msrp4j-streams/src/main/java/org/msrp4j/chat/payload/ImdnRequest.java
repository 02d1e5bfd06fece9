package org.msrp4j.chat.payload;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.msrp4j.cpim.CpimHeader;
import org.msrp4j.cpim.CpimMessage;

/**
 * The IMDN headers of a CPIM message (RFC 5438 §6): the message's {@code imdn.Message-ID} and the
 * notifications its sender requests with {@code imdn.Disposition-Notification}.
 *
 * <p>{@link #applyTo} writes them into a message being built (declaring the {@code imdn} prefix
 * with {@code NS: imdn <urn:ietf:params:imdn>} if needed); {@link #of(CpimMessage)} reads them from
 * a received message whatever prefix its sender declared for the IMDN namespace. RFC 5438 §6.3 also
 * wants a {@code DateTime} header in such a message: add it with
 * {@link CpimMessage.Builder#dateTime}.
 *
 * @param messageId the message id, unique for the sender (RFC 5438 §6.3: at least 32 bits of
 *     randomness)
 * @param requested the notifications requested; empty for none
 */
public record ImdnRequest(String messageId, Set<DispositionNotification> requested) {

    /** The namespace of the IMDN CPIM headers. */
    public static final String NAMESPACE = "urn:ietf:params:imdn";

    /** The prefix this library declares for {@link #NAMESPACE}. */
    public static final String PREFIX = "imdn";

    /** The local name of the message id header. */
    public static final String MESSAGE_ID = "Message-ID";

    /** The local name of the header requesting notifications. */
    public static final String DISPOSITION_NOTIFICATION = "Disposition-Notification";

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the message id is empty or holds white space or control
     *     characters
     */
    public ImdnRequest {
        Objects.requireNonNull(messageId, "messageId");
        if (messageId.isEmpty() || messageId.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("not an IMDN message id: " + messageId);
        }
        requested = requested.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(requested));
    }

    /**
     * A request for the given notifications.
     *
     * @param messageId the {@code imdn.Message-ID} of the message to send
     * @param requested the notifications wanted, possibly none
     * @return the request
     */
    public static ImdnRequest of(String messageId, DispositionNotification... requested) {
        Set<DispositionNotification> set = EnumSet.noneOf(DispositionNotification.class);
        Collections.addAll(set, requested);
        return new ImdnRequest(messageId, set);
    }

    /**
     * Reads the IMDN headers of a received message.
     *
     * @param message a received CPIM message
     * @return empty if it has no {@code Message-ID} header in the IMDN namespace
     */
    public static Optional<ImdnRequest> of(CpimMessage message) {
        Optional<CpimHeader> id = message.header(NAMESPACE, MESSAGE_ID);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String messageId = id.get().value().strip();
        if (messageId.isEmpty() || messageId.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return Optional.empty();
        }
        Set<DispositionNotification> requested = EnumSet.noneOf(DispositionNotification.class);
        for (CpimHeader h : message.headers(NAMESPACE, DISPOSITION_NOTIFICATION)) {
            requested.addAll(DispositionNotification.parse(h.value()));
        }
        return Optional.of(new ImdnRequest(messageId, requested));
    }

    /**
     * Whether the sender asked for this notification.
     *
     * @param notification delivery (positive or negative) or display
     * @return true if the request lists it
     */
    public boolean wants(DispositionNotification notification) {
        return requested.contains(notification);
    }

    /**
     * Adds {@code NS: imdn <urn:ietf:params:imdn>} (unless declared), {@code imdn.Message-ID} and,
     * if any notification is requested, {@code imdn.Disposition-Notification}.
     *
     * @param builder the CPIM message to send
     * @return {@code builder}
     * @throws IllegalStateException if the builder declares the prefix {@code imdn} for another
     *     namespace
     */
    public CpimMessage.Builder applyTo(CpimMessage.Builder builder) {
        builder.namespace(PREFIX, NAMESPACE).header(PREFIX + "." + MESSAGE_ID, messageId);
        if (!requested.isEmpty()) {
            builder.header(PREFIX + "." + DISPOSITION_NOTIFICATION, DispositionNotification.encode(requested));
        }
        return builder;
    }
}
