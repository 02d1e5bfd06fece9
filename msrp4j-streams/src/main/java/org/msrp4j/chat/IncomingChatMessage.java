package org.msrp4j.chat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.msrp4j.cpim.ContentType;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimException;
import org.msrp4j.cpim.CpimHeader;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.protocol.MsrpChunk;

/**
 * A message received on a chat stream (the seed's {@code MSRPChatGotMessage}): the CPIM wrapper and
 * its headers when there was one, the chunk that completed it, and the content with its type.
 */
public final class IncomingChatMessage {

    private final String messageId;
    private final CpimMessage cpim;
    private final MsrpChunk chunk;
    private final byte[] content;
    private final String contentType;
    private final CpimAddress sender;

    IncomingChatMessage(String messageId, CpimMessage cpim, MsrpChunk chunk, byte[] content, String contentType,
            CpimAddress sender) {
        this.messageId = messageId;
        this.cpim = cpim;
        this.chunk = chunk;
        this.content = content;
        this.contentType = contentType;
        this.sender = sender;
    }

    /**
     * The MSRP Message-ID.
     *
     * @return the Message-ID of the MSRP message
     */
    public String messageId() {
        return messageId;
    }

    /**
     * The CPIM wrapper, if the message came in one.
     *
     * @return the parsed {@code message/cpim} wrapper, or empty
     */
    public Optional<CpimMessage> cpim() {
        return Optional.ofNullable(cpim);
    }

    /**
     * The CPIM headers in order (the seed's {@code cpim_headers}); empty without a wrapper.
     *
     * @return an unmodifiable list
     */
    public List<CpimHeader> cpimHeaders() {
        return cpim == null ? List.of() : cpim.headers();
    }

    /**
     * The chunk that completed the message (the last to arrive; for a one-chunk message, the message).
     *
     * @return the last chunk of the message
     */
    public MsrpChunk chunk() {
        return chunk;
    }

    /**
     * The content (the wrapped body when in CPIM), a copy.
     *
     * @return a new array holding the content
     */
    public byte[] content() {
        return content.clone();
    }

    /**
     * The content's MIME type (the wrapped part's when in CPIM), as sent.
     *
     * @return the {@code Content-Type} value, parameters included
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The content as text, in the charset its type names (UTF-8 when it names none or one this JVM
     * does not know, e.g. sipsimple's {@code utf8}); malformed bytes become U+FFFD.
     *
     * @return the decoded content
     */
    public String text() {
        return new String(content, charset(contentType));
    }

    /**
     * The sender: the CPIM From (as the peer claims it; in a chat room, the member it relays), or
     * the stream's remote identity without a wrapper.
     *
     * @return the sender's address
     */
    public CpimAddress sender() {
        return sender;
    }

    /**
     * The CPIM To addresses; empty without a wrapper.
     *
     * @return an unmodifiable list
     */
    public List<CpimAddress> recipients() {
        return cpim == null ? List.of() : cpim.to();
    }

    /**
     * The CPIM DateTime, if given.
     *
     * @return the DateTime header's value, or empty
     */
    public Optional<OffsetDateTime> dateTime() {
        return cpim == null ? Optional.empty() : cpim.dateTime();
    }

    private static Charset charset(String contentType) {
        try {
            return ContentType.parse(contentType).charset().orElse(StandardCharsets.UTF_8);
        } catch (CpimException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public String toString() {
        return "IncomingChatMessage[" + messageId + ", " + contentType + ", " + content.length + " bytes"
                + (cpim == null ? "" : ", CPIM from " + sender) + "]";
    }
}
