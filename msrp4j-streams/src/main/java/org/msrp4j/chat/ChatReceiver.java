package org.msrp4j.chat;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.msrp4j.chat.payload.DispositionNotification;
import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.chat.payload.ImdnNotification;
import org.msrp4j.chat.payload.ImdnRequest;
import org.msrp4j.chat.payload.ImdnStatus;
import org.msrp4j.chat.payload.IsComposing;
import org.msrp4j.chat.payload.PayloadException;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimException;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.UseNicknameHeader;
import org.msrp4j.sdp.MediaTypes;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.IncomingMessage;
import org.msrp4j.session.InvalidChunkException;
import org.msrp4j.session.MessageAssembler;
import org.msrp4j.session.MessageRefusedException;
import org.msrp4j.session.MessageSink;
import org.msrp4j.session.MsrpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a chat stream does with what arrives, on the session's reader (so it only parses and hands
 * events to the stream's dispatcher): REPORTs are left to the session, which settles the sent
 * messages' outcomes from them; NICKNAME requests become {@code gotNickname}; SEND chunks are put
 * together (at most {@link ChatSettings#maxMessageSize()} bytes a message, a few messages at a
 * time), unwrapped from CPIM and checked against this side's accepted types, then become a
 * composing change, an IMDN, or {@code gotMessage}.
 *
 * <p>A message that cannot be used is refused with {@link MsrpSession#refuseMessage(String, int,
 * String)}: its last chunk is answered with the refusal's code instead of 200 (415 for a wrapped
 * type this side does not take, 400 for a malformed body, 413 for one too large or too many at
 * once), so the sender learns it was not delivered and why, and no success REPORT goes out; the
 * application hears of it through {@code gotInvalidMessage}. Nothing the peer sends can throw out
 * of here.
 */
final class ChatReceiver implements IncomingHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChatReceiver.class);
    private static final int MAX_OPEN_MESSAGES = 8;
    /** The longest comment a refusal's response carries. */
    private static final int MAX_COMMENT = 160;

    private final ChatStream stream;
    private final ChatSettings settings;
    private final MessageAssembler assembler;
    private final List<String> wrappedTypes;
    /** The last wrapped type found acceptable, as written: peers send one type or a few, as alike. */
    private volatile String lastAccepted;
    private volatile MsrpSession session;

    ChatReceiver(ChatStream stream, ChatSettings settings) {
        this.stream = stream;
        this.settings = settings;
        int max = settings.maxMessageSize();
        this.assembler = new MessageAssembler(chunk -> MessageSink.memory(max), MAX_OPEN_MESSAGES);
        List<String> all = new ArrayList<>(settings.acceptWrappedTypes());
        all.addAll(settings.acceptTypes());
        this.wrappedTypes = List.copyOf(all);
    }

    @Override
    public void onStart(MsrpSession value) {
        this.session = value;
    }

    @Override
    public void onChunk(MsrpChunk chunk) {
        try {
            switch (chunk.method()) {
                case "NICKNAME" -> nickname(chunk);
                case "SEND" -> send(chunk);
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.warn("chat: a chunk could not be handled: {}", chunk, e);
            if ("SEND".equals(chunk.method()) && chunk.messageId() != null) {
                refuse(chunk.messageId(), 400, "the message could not be handled: " + e, e);
            }
        }
    }

    @Override
    public void onError(IOException error) {
        stream.sessionFailed(error);
    }

    void close() {
        try {
            assembler.close();
        } catch (IOException e) {
            LOG.debug("chat: closing the message assembler failed", e);
        }
    }

    private void nickname(MsrpChunk chunk) {
        MsrpHeader<?> header = chunk.header(UseNicknameHeader.NAME);
        if (header instanceof UseNicknameHeader nick) {
            String name = nick.nickname();
            stream.events().postFromPeer(() -> stream.listener().gotNickname(name));
        }
    }

    private void send(MsrpChunk chunk) {
        String id = chunk.messageId();
        IncomingMessage message;
        try {
            message = assembler.accept(chunk);
        } catch (MessageRefusedException e) {
            refuse(id, e.statusCode(), e.getMessage(), e);
            return;
        } catch (InvalidChunkException e) {
            refuse(id, e.statusCode(), e.getMessage(), e);
            return;
        } catch (IOException e) {
            refuse(id, 400, e.getMessage(), e);
            return;
        }
        if (!message.isComplete()) {
            return;
        }
        String type = chunk.contentType() != null ? chunk.contentType() : message.contentType();
        byte[] bytes = message.bytes();
        if (type != null && MimeTypes.is(type, CpimMessage.CONTENT_TYPE)) {
            wrapped(chunk, id, bytes);
        } else {
            content(chunk, id, null, type != null ? type : "text/plain", bytes);
        }
    }

    private void wrapped(MsrpChunk chunk, String id, byte[] bytes) {
        CpimMessage cpim;
        try {
            cpim = CpimMessage.parse(bytes);
        } catch (CpimException e) {
            refuse(id, 400, "malformed message/cpim: " + e.getMessage(), e);
            return;
        }
        String inner = cpim.contentType().orElse("text/plain");
        if (!inner.equals(lastAccepted)) {
            if (!MediaTypes.accepts(wrappedTypes, inner) || MimeTypes.is(inner, CpimMessage.CONTENT_TYPE)) {
                refuse(id, 415, "the wrapped type " + inner + " is not accepted", null);
                notifyFailed(cpim);
                return;
            }
            lastAccepted = inner;
        }
        content(chunk, id, cpim, inner, cpim.body());
    }

    private void content(MsrpChunk chunk, String id, CpimMessage cpim, String type, byte[] body) {
        if (MimeTypes.is(type, IsComposing.CONTENT_TYPE)) {
            IsComposing indication;
            try {
                indication = IsComposing.parse(body);
            } catch (PayloadException e) {
                refuse(id, 400, "malformed isComposing document: " + e.getMessage(), e);
                return;
            }
            stream.remoteComposing().indication(indication.state() == IsComposing.State.ACTIVE, indication.refresh());
            return;
        }
        if (MimeTypes.is(type, Imdn.CONTENT_TYPE)) {
            Imdn imdn;
            try {
                imdn = Imdn.parse(body);
            } catch (PayloadException e) {
                refuse(id, 400, "malformed IMDN document: " + e.getMessage(), e);
                return;
            }
            stream.events().postFromPeer(() -> stream.listener().gotNotification(imdn));
            return;
        }
        CpimAddress sender = cpim != null && cpim.from().isPresent() ? cpim.from().get() : stream.remoteIdentity();
        IncomingChatMessage message = new IncomingChatMessage(id, cpim, chunk, body, type, sender);
        stream.remoteComposing().messageReceived();
        if (stream.hearsMessages()) {
            stream.events().postFromPeer(() -> stream.listener().gotMessage(message));
        }
        if (cpim != null && settings.autoDeliveryNotifications()) {
            ImdnRequest.of(cpim).filter(r -> r.wants(DispositionNotification.POSITIVE_DELIVERY))
                    .ifPresent(r -> stream.sendNotification(Imdn.of(r.messageId(), dateTime(cpim),
                            stream.localIdentity().uri(), ImdnNotification.DELIVERY, ImdnStatus.DELIVERED), sender));
        }
    }

    /** A negative delivery notification for a refused message, when its sender asked for one. */
    private void notifyFailed(CpimMessage cpim) {
        if (!settings.autoDeliveryNotifications()) {
            return;
        }
        CpimAddress sender = cpim.from().orElse(stream.remoteIdentity());
        ImdnRequest.of(cpim).filter(r -> r.wants(DispositionNotification.NEGATIVE_DELIVERY))
                .ifPresent(r -> stream.sendNotification(Imdn.of(r.messageId(), dateTime(cpim),
                        stream.localIdentity().uri(), ImdnNotification.DELIVERY, ImdnStatus.FAILED), sender));
    }

    /** {@code why} as a response comment: control characters (it may quote the peer) made spaces, cut short. */
    private static String comment(String why) {
        if (why == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(why.length(), MAX_COMMENT));
        for (int i = 0; i < why.length() && b.length() < MAX_COMMENT; i++) {
            char c = why.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }

    private static OffsetDateTime dateTime(CpimMessage cpim) {
        return cpim.dateTime().orElseGet(OffsetDateTime::now);
    }

    /** Refuses message {@code id} (its chunk is answered {@code code}) and tells the application. */
    private void refuse(String id, int code, String why, Throwable cause) {
        MsrpSession s = session;
        if (id != null && s != null) {
            s.refuseMessage(id, code, comment(why));
        }
        ChatInputException error = new ChatInputException(id, code, why, cause);
        stream.events().postFromPeer(() -> stream.listener().gotInvalidMessage(error));
    }
}
