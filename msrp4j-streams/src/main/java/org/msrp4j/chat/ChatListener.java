package org.msrp4j.chat;

import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.sdp.MsrpMedia;

/**
 * What a {@link ChatStream} tells its application: one method per notification of the seed's
 * {@code MSRPChat} ({@code MSRPChatDidInitialize} … {@code MSRPChatDidNotDeliverMessage}), and the
 * ones of composing indications, delivery and display notifications and nicknames. Every method has
 * an empty default, so implement only those you need (a per-message call left to its default is not
 * even posted to the event thread).
 *
 * <p>Threading: every call runs on the stream's own event thread, one at a time, in the order the
 * events happened; never on the session's reader, so a listener may block or call back into the
 * stream (e.g. {@link ChatStream#sendMessage(String)} or {@link ChatStream#end()}). A listener that
 * falls far behind ({@link ChatSettings#eventCapacity()} events caused by the peer) makes the
 * session stop reading until it catches up: the peer is slowed down, nothing is lost.
 */
public interface ChatListener {

    /**
     * {@link ChatStream#initialize()} is done: {@code localMedia} goes in the SDP offer or answer.
     *
     * @param localMedia the description to put in the SDP offer or answer
     */
    default void didInitialize(MsrpMedia localMedia) {
    }

    /** The connection is bound and the session runs; queued messages go out now. */
    default void didStart() {
    }

    /** The stream is about to end: the first thing {@link ChatStream#end()} does. */
    default void willEnd() {
    }

    /** The stream has ended; always the last call. */
    default void didEnd() {
    }

    /**
     * The stream failed: initialize or start failed, or the session broke (the peer closed the
     * connection, or it was lost); {@link #didEnd} follows.
     *
     * @param reason the error that ended the stream
     */
    default void didFail(Exception reason) {
    }

    /**
     * A message arrived (the seed's {@code MSRPChatGotMessage}).
     *
     * @param message the message, its content and CPIM headers
     */
    default void gotMessage(IncomingChatMessage message) {
    }

    /**
     * A sent message was delivered: success REPORTs cover all of it.
     *
     * @param message the message as it was sent
     */
    default void didDeliverMessage(OutgoingChatMessage message) {
    }

    /**
     * A sent message was not delivered: a failure REPORT, an error response, no report within {@link
     * ChatSettings#deliveryTimeout()} or before the stream ended (408).
     *
     * @param message the message as it was sent
     * @param code the MSRP status that says why (408 when no report came in time)
     * @param reason the status's comment, or null
     */
    default void didNotDeliverMessage(OutgoingChatMessage message, int code, String reason) {
    }

    /**
     * The peer started ({@code true}) or stopped composing (RFC 3994), its indication lapsed, or it sent a message.
     *
     * @param composing true when the peer is now composing
     */
    default void composingChanged(boolean composing) {
    }

    /**
     * A disposition notification arrived (RFC 5438): a message sent with {@link
     * ChatMessageBuilder#requestNotifications} was delivered, could not be, or was displayed;
     * {@link Imdn#messageId()} is its Message-ID.
     *
     * @param notification the notification: its kind, status and the Message-ID it is about
     */
    default void gotNotification(Imdn notification) {
    }

    /**
     * The peer set its nickname (RFC 7701 NICKNAME); it has been answered 200 already.
     *
     * @param nickname the nickname the peer asked for
     */
    default void gotNickname(String nickname) {
    }

    /**
     * The peer sent something the stream refused (malformed, not accepted, too large); the stream goes on.
     *
     * @param error what was refused and the status it was answered with
     */
    default void gotInvalidMessage(ChatInputException error) {
    }
}
