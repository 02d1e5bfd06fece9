package org.msrp4j.chat;

import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.sdp.MsrpMedia;

/**
 * A {@link ChatListener} call as a value, for the queue style ({@link ChatEventQueue}): one record
 * per listener method, with its arguments.
 */
public sealed interface ChatEvent {

    /** {@link ChatListener#didInitialize}. */
    record DidInitialize(MsrpMedia localMedia) implements ChatEvent { }

    /** {@link ChatListener#didStart}. */
    record DidStart() implements ChatEvent { }

    /** {@link ChatListener#willEnd}. */
    record WillEnd() implements ChatEvent { }

    /** {@link ChatListener#didEnd}. */
    record DidEnd() implements ChatEvent { }

    /** {@link ChatListener#didFail}. */
    record DidFail(Exception reason) implements ChatEvent { }

    /** {@link ChatListener#gotMessage}. */
    record GotMessage(IncomingChatMessage message) implements ChatEvent { }

    /** {@link ChatListener#didDeliverMessage}. */
    record DidDeliverMessage(OutgoingChatMessage message) implements ChatEvent { }

    /** {@link ChatListener#didNotDeliverMessage}. */
    record DidNotDeliverMessage(OutgoingChatMessage message, int code, String reason) implements ChatEvent { }

    /** {@link ChatListener#composingChanged}. */
    record ComposingChanged(boolean composing) implements ChatEvent { }

    /** {@link ChatListener#gotNotification}. */
    record GotNotification(Imdn notification) implements ChatEvent { }

    /** {@link ChatListener#gotNickname}. */
    record GotNickname(String nickname) implements ChatEvent { }

    /** {@link ChatListener#gotInvalidMessage}. */
    record GotInvalidMessage(ChatInputException error) implements ChatEvent { }
}
