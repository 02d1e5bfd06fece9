package org.msrp4j.chat;

import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.sdp.MsrpMedia;

/**
 * A {@link ChatListener} call as a value, for the queue style ({@link ChatEventQueue}): one record
 * per listener method, with its arguments.
 */
public sealed interface ChatEvent {

    /**
     * {@link ChatListener#didInitialize}.
     *
     * @param localMedia the description to put in the SDP offer or answer
     */
    record DidInitialize(MsrpMedia localMedia) implements ChatEvent { }

    /** {@link ChatListener#didStart}. */
    record DidStart() implements ChatEvent { }

    /** {@link ChatListener#willEnd}. */
    record WillEnd() implements ChatEvent { }

    /** {@link ChatListener#didEnd}. */
    record DidEnd() implements ChatEvent { }

    /**
     * {@link ChatListener#didFail}.
     *
     * @param reason the error that ended the stream
     */
    record DidFail(Exception reason) implements ChatEvent { }

    /**
     * {@link ChatListener#gotMessage}.
     *
     * @param message the message that arrived
     */
    record GotMessage(IncomingChatMessage message) implements ChatEvent { }

    /**
     * {@link ChatListener#didDeliverMessage}.
     *
     * @param message the message that was delivered
     */
    record DidDeliverMessage(OutgoingChatMessage message) implements ChatEvent { }

    /**
     * {@link ChatListener#didNotDeliverMessage}.
     *
     * @param message the message that was not delivered
     * @param code the MSRP status that says why, e.g. 408 when no report came
     * @param reason the status's comment, or null
     */
    record DidNotDeliverMessage(OutgoingChatMessage message, int code, String reason) implements ChatEvent { }

    /**
     * {@link ChatListener#composingChanged}.
     *
     * @param composing true when the peer is now composing
     */
    record ComposingChanged(boolean composing) implements ChatEvent { }

    /**
     * {@link ChatListener#gotNotification}.
     *
     * @param notification the disposition notification received
     */
    record GotNotification(Imdn notification) implements ChatEvent { }

    /**
     * {@link ChatListener#gotNickname}.
     *
     * @param nickname the nickname the peer asked for
     */
    record GotNickname(String nickname) implements ChatEvent { }

    /**
     * {@link ChatListener#gotInvalidMessage}.
     *
     * @param error what was refused and the status it was answered with
     */
    record GotInvalidMessage(ChatInputException error) implements ChatEvent { }
}
