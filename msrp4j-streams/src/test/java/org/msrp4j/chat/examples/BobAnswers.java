package org.msrp4j.chat.examples;

import org.msrp4j.chat.ChatEvent;
import org.msrp4j.chat.ChatEventQueue;
import org.msrp4j.chat.ChatSettings;
import org.msrp4j.chat.ChatStream;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;

/**
 * The answering side (the seed's {@code outgoing=False}), in queue style, as the README shows it:
 * answers the offer, answers each message while "typing" first, and stops when Alice ends the chat.
 */
public final class BobAnswers {

    private BobAnswers() {
    }

    /** Runs Bob's side over {@code sip} until the chat ends. */
    static void run(Sip sip) throws Exception {
        ChatEventQueue events = new ChatEventQueue();
        ChatStream chat = new ChatStream(CpimAddress.of("Bob", "sip:bob@example.org"),
                CpimAddress.of("Alice", "sip:alice@example.org"), Role.ANSWERER, ChatSettings.DEFAULT, events);
        MsrpMedia offer = MsrpMedia.parse(sip.incomingOffer());
        MsrpMedia answer = chat.initialize(offer);                // listens (or AUTHs at its relay); the SDP answer
        sip.ok(answer.encode());
        chat.start(offer);                                        // waits for Alice to connect and bind
        while (true) {
            switch (events.take()) {
                case ChatEvent.GotMessage got -> {
                    System.out.println("Bob: " + got.message().sender().displayName() + " says " + got.message().text()
                            + " (CPIM headers: " + got.message().cpimHeaders().size() + ")");
                    chat.setComposing(true);                      // Alice sees "Bob is typing..."
                    chat.sendMessage("Hi " + got.message().sender().displayName() + ", nice to hear from you");
                }
                case ChatEvent.DidFail failed -> System.out.println("Bob: the chat failed: " + failed.reason());
                case ChatEvent.DidEnd ended -> {
                    System.out.println("Bob: MSRPChatDidEnd");
                    return;
                }
                default -> { }
            }
        }
    }
}
