package org.msrp4j.examples;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/** Two peers in one process: Bob listens, Alice connects and sends Bob a message, Bob prints it. */
public final class TwoPeers {

    private TwoPeers() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     * @throws Exception if the peers cannot connect or the message is refused
     */
    public static void main(String[] args) throws Exception {
        System.out.println("Bob got: " + exchange("Hello Bob!"));
    }

    /**
     * Sends {@code text} from Alice to Bob over loopback.
     *
     * @param text the message
     * @return the message as Bob received it
     * @throws Exception if the peers cannot connect or the message is refused
     */
    public static String exchange(String text) throws Exception {
        // Each side's path goes to the other in SDP (a=path); here they are simply handed over.
        AcceptorDirect bobListens = new AcceptorDirect();
        List<MsrpUri> bobPath = bobListens.prepare(MsrpUri.builder().host("127.0.0.1").port(0).build());
        ConnectorDirect aliceConnects = new ConnectorDirect();
        List<MsrpUri> alicePath = aliceConnects.prepare(MsrpUri.builder().host("127.0.0.1").build());

        CompletableFuture<MsrpTransport> bobSide = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                bobSide.complete(bobListens.complete(alicePath));   // waits for Alice to connect and bind
            } catch (Exception e) {
                bobSide.completeExceptionally(e);
            }
        });
        MsrpTransport alice = aliceConnects.complete(bobPath);      // connects and binds
        try (MsrpSession aliceSession = MsrpSession.startQueued(alice, SessionSettings.DEFAULT);
                MsrpSession bobSession = MsrpSession.startQueued(bobSide.join(), SessionSettings.DEFAULT)) {
            aliceSession.deliverChunk(alice.newChunk().data(text).build());  // returns Bob's 200, throws on an error
            MsrpChunk received = bobSession.receiveChunk();
            return new String(received.data(), StandardCharsets.UTF_8);
        }
    }
}
