package org.msrp4j.chat;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;
import org.msrp4j.chat.payload.DispositionNotification;
import org.msrp4j.cpim.CpimAddress;

/**
 * A message being put together, from {@link ChatStream#message(byte[], String)}; {@link #send()}
 * sends it as {@link ChatStream#sendMessage(String, String, String, OffsetDateTime)} does, with what
 * that method does not offer: content as bytes, disposition notifications (RFC 5438).
 */
public final class ChatMessageBuilder {

    private final ChatStream stream;
    private final byte[] content;
    private final String contentType;
    private String toUri;
    private OffsetDateTime dateTime;
    private Set<DispositionNotification> notifications = Set.of();

    /** A builder for {@code content}, which the builder keeps: the caller passes a copy of its own. */
    ChatMessageBuilder(ChatStream stream, byte[] content, String contentType) {
        this.stream = stream;
        this.content = content;
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        if (content.length == 0) {
            throw new IllegalArgumentException("a chat message must not be empty");
        }
    }

    /**
     * The CPIM To when not the remote identity: a private message.
     *
     * @param uri the recipient's URI in the chat room
     * @return this builder
     */
    public ChatMessageBuilder to(String uri) {
        CpimAddress.of(uri);
        this.toUri = uri;
        return this;
    }

    /**
     * The CPIM DateTime; now by default.
     *
     * @param value the date and time to send in CPIM
     * @return this builder
     */
    public ChatMessageBuilder dateTime(OffsetDateTime value) {
        this.dateTime = value;
        return this;
    }

    /**
     * Asks the recipient for disposition notifications (RFC 5438), which arrive as {@link
     * ChatListener#gotNotification}; the message then goes in CPIM.
     *
     * @param requested the notifications wanted, e.g. positive delivery and display
     * @return this builder
     */
    public ChatMessageBuilder requestNotifications(DispositionNotification... requested) {
        this.notifications = Set.of(requested);
        return this;
    }

    /**
     * Sends the message, or queues it until the stream has started; each call sends a new message.
     *
     * @return the message, whose {@link OutgoingChatMessage#delivery()} tells whether it arrived
     * @throws ChatException as {@link ChatStream#sendMessage(String, String, String, OffsetDateTime)}
     */
    public OutgoingChatMessage send() throws ChatException {
        return stream.submit(new OutgoingChatMessage(MessageIds.next(), content, contentType, toUri,
                dateTime, notifications));
    }
}
