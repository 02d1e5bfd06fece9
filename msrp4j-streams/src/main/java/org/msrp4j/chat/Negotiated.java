package org.msrp4j.chat;

import java.util.ArrayList;
import java.util.List;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.sdp.MediaTypes;
import org.msrp4j.sdp.Negotiation;

/**
 * What the peer's media description allows this side to send: its accepted types, wrapped types,
 * size limit and chatroom features, and the decisions that follow (RFC 4975 §8.6, RFC 7701).
 *
 * @param acceptTypes the peer's {@code a=accept-types}
 * @param acceptWrappedTypes the peer's {@code a=accept-wrapped-types}
 * @param maxSize the peer's {@code a=max-size}, or -1
 * @param chatroom the peer's {@code a=chatroom} values
 */
record Negotiated(List<String> acceptTypes, List<String> acceptWrappedTypes, long maxSize, List<String> chatroom) {

    static final String COMPOSING = "application/im-iscomposing+xml";
    static final String IMDN = "message/imdn+xml";

    static Negotiated of(Negotiation n) {
        return new Negotiated(n.remoteAcceptTypes(), n.remoteAcceptWrappedTypes(), n.remoteMaxSize().orElse(-1),
                n.remoteChatroom());
    }

    /** Whether the peer accepts CPIM at all (a wildcard counts). */
    boolean cpim() {
        return MediaTypes.accepts(acceptTypes, CpimMessage.CONTENT_TYPE);
    }

    /** Whether the peer names CPIM, so that the seed's rule wraps every message. */
    boolean cpimNamed() {
        return MimeTypes.names(acceptTypes, CpimMessage.CONTENT_TYPE);
    }

    /** Whether the peer takes {@code type} inside CPIM: a wrapped type, or one of its accepted types. */
    boolean acceptsWrapped(String type) {
        List<String> all = new ArrayList<>(acceptWrappedTypes);
        all.addAll(acceptTypes);
        return MediaTypes.accepts(all, type) && !MimeTypes.is(type, CpimMessage.CONTENT_TYPE);
    }

    /** Whether the peer takes {@code type} unwrapped (RFC 4975: not a type it accepts only wrapped). */
    boolean acceptsPlain(String type) {
        return MediaTypes.accepts(acceptTypes, type) && !MimeTypes.is(type, CpimMessage.CONTENT_TYPE);
    }

    /** Whether the peer offers {@code a=chatroom:<feature>}. */
    boolean chatroomOffers(String feature) {
        return chatroom.stream().anyMatch(feature::equalsIgnoreCase);
    }

    /**
     * Whether a message of {@code type} goes in CPIM: always when {@code needsCpim} (a private
     * message or an IMDN request), else when preferred and the peer names CPIM, else when the peer
     * takes the type only wrapped.
     *
     * @throws ChatException if the peer can take the message neither way
     */
    boolean wrap(String type, boolean needsCpim, boolean preferCpim) throws ChatException {
        boolean wrappable = cpim() && acceptsWrapped(type);
        if (needsCpim) {
            if (!wrappable) {
                throw new ChatException("the peer does not accept " + type + " in message/cpim, which this message"
                        + " needs (accept-types " + acceptTypes + ", accept-wrapped-types " + acceptWrappedTypes + ")");
            }
            return true;
        }
        if (preferCpim && cpimNamed() && acceptsWrapped(type)) {
            return true;
        }
        if (acceptsPlain(type)) {
            return false;
        }
        if (wrappable) {
            return true;
        }
        throw new ChatException("the peer does not accept " + type + " (accept-types " + acceptTypes
                + ", accept-wrapped-types " + acceptWrappedTypes + ")");
    }
}
