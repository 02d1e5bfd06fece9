package org.msrp4j.session;

import java.util.Objects;

/**
 * How one message sent with {@link MsrpSession#sendMessage} ended: delivered, or failed with an
 * MSRP status code and reason. Made once per message, from what the sender learns first that
 * settles it: an error response or failure REPORT (failed), success REPORTs covering the whole
 * message (delivered), 200 responses to every chunk when no success report was asked for
 * (delivered as far as the next hop: through relays a 200 is hop-by-hop, ask for {@code
 * Success-Report: yes} to hear from the receiver), or a local 408 when nothing came in time.
 * Chunks under Failure-Report {@code partial} or {@code no} get no 200s: after the response
 * timeout (at once under {@code no}) they count as answered 200, as for {@link
 * MsrpSession#sendChunk}, so only a success report confirms such a message.
 *
 * @param messageId the message's Message-ID
 * @param code the MSRP status: 200 for delivered, the peer's or relay's error code, or 408 when
 *     no response or report came in time (or the session ended first)
 * @param reason the status comment, or a local explanation; never null
 */
public record MessageOutcome(String messageId, int code, String reason) {

    /** Validates the components. */
    public MessageOutcome {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(reason, "reason");
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("not an MSRP status code: " + code);
        }
    }

    /**
     * Whether the message was delivered (a 2xx outcome).
     *
     * @return whether the message was delivered (a 2xx outcome)
     */
    public boolean delivered() {
        return code / 100 == 2;
    }

    @Override
    public String toString() {
        return "MessageOutcome[" + messageId + ": " + code + " " + reason + "]";
    }
}
