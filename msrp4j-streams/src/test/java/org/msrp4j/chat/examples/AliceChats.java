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
 * style, as the README shows it: offers a chat, says hello before the chat has even started, waits
 * for its fate, and prints what comes back.
 */
public final class AliceChats {

    /**
     * What Alice saw.
     *
     * @param fate the fate of her "Hello Bob!"
     * @param reply Bob's reply, or null if none came
     * @param sawTyping whether she heard Bob typing before his reply
     */
    record Seen(DeliveryStatus fate, String reply, boolean sawTyping) {
    }

    private AliceChats() {
    }

    /** Runs Alice's side over {@code sip}. */
    static Seen run(Sip sip) throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ChatStream chat = new ChatStream(CpimAddress.of("Alice", "sip:alice@example.org"),
                CpimAddress.of("Bob", "sip:bob@example.org"), Role.OFFERER, ChatSettings.DEFAULT, new ChatListener() {
                    @Override
                    public void didStart() {
                        System.out.println("Alice: MSRPChatDidStart");
                    }

                    @Override
                    public void gotMessage(IncomingChatMessage message) {
                        System.out.println(message.sender().displayName() + ": " + message.text());
                        seen.add(message.text());
                    }

                    @Override
                    public void composingChanged(boolean composing) {
                        System.out.println(composing ? "Bob is typing..." : "Bob stopped typing");
                        if (composing) {
                            seen.add("typing");
                        }
                    }

                    @Override
                    public void didDeliverMessage(OutgoingChatMessage message) {
                        System.out.println("Alice: delivered " + message.messageId());
                    }

                    @Override
                    public void didNotDeliverMessage(OutgoingChatMessage message, int code, String reason) {
                        System.out.println("not delivered: " + code + " " + reason);
                    }
                });
        MsrpMedia offer = chat.initialize();                      // MSRPChatDidInitialize: the SDP offer
        OutgoingChatMessage hello = chat.sendMessage("Hello Bob!"); // queued until MSRPChatDidStart
        MsrpMedia answer = MsrpMedia.parse(sip.invite(offer.encode()));
        chat.start(answer);                                       // connects, binds, MSRPChatDidStart
        DeliveryStatus fate = hello.delivery().get(30, TimeUnit.SECONDS);
        System.out.println("Alice: 'Hello Bob!' " + (fate.delivered() ? "was delivered" : "failed: " + fate));
        String first = seen.poll(30, TimeUnit.SECONDS);
        boolean sawTyping = "typing".equals(first);
        String reply = sawTyping ? seen.poll(30, TimeUnit.SECONDS) : first;
        chat.setComposing(true);                                  // on each keystroke; idle after 15 s or on sending
        chat.end().get(30, TimeUnit.SECONDS);                     // MSRPChatWillEnd, then MSRPChatDidEnd
        return new Seen(fate, reply, sawTyping);
    }
}
