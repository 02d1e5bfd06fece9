package org.msrp4j.chat.examples;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.msrp4j.chat.ChatListener;
import org.msrp4j.chat.ChatSettings;
import org.msrp4j.chat.ChatStream;
import org.msrp4j.chat.DeliveryStatus;
import org.msrp4j.chat.IncomingChatMessage;
import org.msrp4j.chat.OutgoingChatMessage;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;

/**
 * The calling side (the seed's {@code MSRPChat(account, remote_uri, outgoing=True)}), in callback
 * style: offers a chat, says hello before the chat has even started, and prints what comes back.
 */
public final class AliceChats {

    private AliceChats() {
    }

    /** Runs Alice's side over {@code sip}; returns Bob's reply. */
    static String run(Sip sip) throws Exception {
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        ChatStream chat = new ChatStream(CpimAddress.of("Alice", "sip:alice@example.org"),
                CpimAddress.of("Bob", "sip:bob@example.org"), Role.OFFERER, ChatSettings.DEFAULT, new ChatListener() {
                    @Override
                    public void didStart() {
                        System.out.println("Alice: MSRPChatDidStart");
                    }

                    @Override
                    public void gotMessage(IncomingChatMessage message) {
                        System.out.println("Alice: " + message.sender().displayName() + " says " + message.text());
                        replies.add(message.text());
                    }

                    @Override
                    public void composingChanged(boolean composing) {
                        System.out.println(composing ? "Alice: Bob is typing..." : "Alice: Bob stopped typing");
                    }

                    @Override
                    public void didDeliverMessage(OutgoingChatMessage message) {
                        System.out.println("Alice: delivered " + message.messageId());
                    }

                    @Override
                    public void didNotDeliverMessage(OutgoingChatMessage message, int code, String reason) {
                        System.out.println("Alice: not delivered " + message.messageId() + ": " + code + " " + reason);
                    }
                });
        MsrpMedia offer = chat.initialize();                      // MSRPChatDidInitialize: the SDP offer
        OutgoingChatMessage hello = chat.sendMessage("Hello Bob!"); // queued until MSRPChatDidStart
        MsrpMedia answer = MsrpMedia.parse(sip.invite(offer.encode()));
        chat.start(answer);                                       // connects, binds, MSRPChatDidStart
        DeliveryStatus fate = hello.delivery().get(30, TimeUnit.SECONDS);
        System.out.println("Alice: 'Hello Bob!' " + (fate.delivered() ? "was delivered" : "failed: " + fate));
        String reply = replies.poll(30, TimeUnit.SECONDS);
        chat.end().get(30, TimeUnit.SECONDS);                     // MSRPChatWillEnd, then MSRPChatDidEnd
        return reply;
    }
}
