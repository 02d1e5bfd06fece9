package org.msrp4j.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.chat.payload.ImdnRequest;
import org.msrp4j.chat.payload.IsComposing;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.protocol.header.UseNicknameHeader;
import org.msrp4j.session.MessageOutcome;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.MsrpSessionException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The sending half of a started chat stream: decides how each message goes (plain or in CPIM, by
 * what the peer's media description allows), cuts it into chunks within the chunk size and the
 * relay's limit, and hands it to the session. Messages carry {@code Failure-Report: partial} and
 * {@code Success-Report: yes} (the seed's headers); composing indications and notifications carry
 * {@code Success-Report: no}. Thread-safe as the session is (its one mutable field is a cache).
 */
final class ChatSender {

    /** Headers are immutable (their wire text is cached once), so every chunk can share these. */
    private static final FailureReportHeader FAILURE_PARTIAL = new FailureReportHeader(ReportMode.PARTIAL);
    private static final SuccessReportHeader SUCCESS_YES = new SuccessReportHeader(ReportMode.YES);
    private static final SuccessReportHeader SUCCESS_NO = new SuccessReportHeader(ReportMode.NO);

    /** Whether messages of {@code type} go in CPIM when neither private nor asking for an IMDN. */
    private record WrapDecision(String type, boolean wrap) {
    }

    private final CpimAddress localIdentity;
    private final CpimAddress remoteIdentity;
    private final ChatSettings settings;
    private final MsrpTransport transport;
    private final MsrpSession session;
    private final Negotiated remote;
    private final CpimWrapper wrapper;
    /**
     * The DateTime clock, in the time zone the JVM had when the stream started (what {@link
     * OffsetDateTime#now()} gives, without looking the zone up for every message).
     */
    private final Clock clock = Clock.systemDefaultZone();
    /** The last type's decision: applications send one type or a few, and the decision never changes. */
    private volatile WrapDecision lastDecision;

    ChatSender(CpimAddress localIdentity, CpimAddress remoteIdentity, ChatSettings settings, MsrpTransport transport,
            MsrpSession session, Negotiated remote) {
        this.localIdentity = localIdentity;
        this.remoteIdentity = remoteIdentity;
        this.settings = settings;
        this.transport = transport;
        this.session = session;
        this.remote = remote;
        this.wrapper = new CpimWrapper(localIdentity, remoteIdentity);
    }

    /**
     * Sends a message and returns its outcome to come.
     *
     * @throws ChatException at once if the peer cannot take it: a private message without {@code
     *     a=chatroom:private-messages} ({@link PrivateMessageException}), a type it does not accept,
     *     a size over its max-size
     * @throws MsrpSessionException if the session cannot send
     */
    CompletableFuture<MessageOutcome> send(OutgoingChatMessage m) throws ChatException, MsrpSessionException {
        boolean isPrivate = m.toUri() != null && !m.toUri().equals(remoteIdentity.uri());
        if (isPrivate && !remote.chatroomOffers(ChatStream.PRIVATE_MESSAGES)) {
            throw new PrivateMessageException("the peer does not offer private messages (a=chatroom:"
                    + ChatStream.PRIVATE_MESSAGES + "), so the message cannot go to " + m.toUri());
        }
        boolean imdn = !m.notifications().isEmpty();
        byte[] body = m.contentRef();
        String type = m.contentType();
        if (isPrivate || imdn ? remote.wrap(type, true, settings.preferCpim()) : wrapPlain(type)) {
            CpimAddress to = isPrivate ? CpimAddress.of(m.toUri()) : remoteIdentity;
            OffsetDateTime dateTime = m.dateTime() != null ? m.dateTime() : OffsetDateTime.now(clock);
            if (imdn) {
                CpimMessage.Builder cpim = CpimMessage.builder().from(localIdentity).to(to).dateTime(dateTime);
                new ImdnRequest(m.messageId(), m.notifications()).applyTo(cpim);
                body = cpim.contentType(m.contentType()).body(body).build().encode();
            } else {
                body = wrapper.wrap(to, dateTime, m.contentType(), body);
            }
            type = CpimMessage.CONTENT_TYPE;
        }
        if (remote.maxSize() >= 0 && body.length > remote.maxSize()) {
            throw new ChatException("the message takes " + body.length + " bytes, more than the peer's max-size of "
                    + remote.maxSize());
        }
        return session.sendMessage(chunks(m.messageId(), body, type, true));
    }

    /**
     * {@link Negotiated#wrap} for a message that needs no CPIM of its own, remembered for the last
     * type (a type the peer cannot take is not remembered: it throws each time).
     */
    private boolean wrapPlain(String type) throws ChatException {
        WrapDecision d = lastDecision;
        if (d == null || !d.type().equals(type)) {
            d = new WrapDecision(type, remote.wrap(type, false, settings.preferCpim()));
            lastDecision = d;
        }
        return d.wrap();
    }

    /**
     * Sends a composing indication (RFC 3994), its refresh in whole seconds, in CPIM when messages
     * would be; nothing when the peer does not accept {@code application/im-iscomposing+xml}.
     */
    void composing(boolean active, Duration refresh) throws MsrpSessionException {
        boolean wrap;
        try {
            wrap = remote.wrap(Negotiated.COMPOSING, false, settings.preferCpim());
        } catch (ChatException e) {
            return;
        }
        long seconds = refresh == null ? 1 : Math.max(1, (refresh.toMillis() + 999) / 1000);
        byte[] body = (active ? IsComposing.active("text/plain", Duration.ofSeconds(seconds))
                : IsComposing.idle("text/plain", null)).encode();
        String type = Negotiated.COMPOSING;
        if (wrap) {
            body = wrapper.wrap(null, OffsetDateTime.now(clock), Negotiated.COMPOSING, body);
            type = CpimMessage.CONTENT_TYPE;
        }
        sendUntracked(body, type);
    }

    /**
     * Sends a disposition notification to {@code to} (RFC 5438 §7.1.2: in CPIM).
     *
     * @throws ChatException if the peer does not accept {@code message/imdn+xml} in CPIM, or the
     *     session cannot send
     */
    void notification(Imdn imdn, CpimAddress to) throws ChatException {
        remote.wrap(Imdn.CONTENT_TYPE, true, settings.preferCpim());
        byte[] body = imdn.toCpim(localIdentity, to, MessageIds.next(), OffsetDateTime.now(clock)).encode();
        try {
            sendUntracked(body, CpimMessage.CONTENT_TYPE);
        } catch (MsrpSessionException e) {
            throw new ChatException("the session cannot send: " + e.getMessage(), e);
        }
    }

    /**
     * Sends NICKNAME with Use-Nickname (RFC 7701); the future gives 200 or the peer's code, or 408.
     *
     * @throws ChatException if the peer does not offer {@code a=chatroom:nickname}, or the session
     *     cannot send
     */
    CompletableFuture<DeliveryStatus> nickname(String nickname) throws ChatException {
        UseNicknameHeader header = new UseNicknameHeader(nickname);
        if (!remote.chatroomOffers(ChatStream.NICKNAME)) {
            throw new ChatException("the peer does not offer nicknames (a=chatroom:" + ChatStream.NICKNAME + ")");
        }
        MsrpChunk request = transport.newChunk().method("NICKNAME").header(header).build();
        try {
            return session.deliverChunkAsync(request).handle((response, error) -> {
                if (error == null) {
                    return DeliveryStatus.DELIVERED;
                }
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                if (cause instanceof MsrpTransactionException tx) {
                    return new DeliveryStatus(tx.code(), tx.comment());
                }
                return new DeliveryStatus(408, cause.getMessage());
            });
        } catch (MsrpSessionException e) {
            throw new ChatException("the session cannot send: " + e.getMessage(), e);
        }
    }

    /** Sends a message whose fate nobody follows (a composing indication, a notification). */
    private void sendUntracked(byte[] body, String type) throws MsrpSessionException {
        for (MsrpChunk c : chunks(MessageIds.next(), body, type, false)) {
            session.sendChunk(c);
        }
    }

    /**
     * {@code body} as the chunks of one message, with {@code Failure-Report: partial}; a message that
     * fits in one chunk goes in it as it is, without a copy.
     */
    private List<MsrpChunk> chunks(String messageId, byte[] body, String type, boolean successReport) {
        int max = settings.chunkSize();
        if (transport.maxChunkSize() > 0) {
            max = Math.min(max, transport.maxChunkSize());
        }
        List<MsrpChunk> chunks = new ArrayList<>();
        for (int off = 0; off < body.length; off += max) {
            int len = Math.min(max, body.length - off);
            byte[] data = len == body.length ? body : Arrays.copyOfRange(body, off, off + len);
            chunks.add(transport.newChunk().messageId(messageId).contentType(type)
                    .data(data).start(off + 1L).end((long) off + len)
                    .total(body.length).header(FAILURE_PARTIAL)
                    .header(successReport ? SUCCESS_YES : SUCCESS_NO).build());
        }
        return chunks;
    }
}
