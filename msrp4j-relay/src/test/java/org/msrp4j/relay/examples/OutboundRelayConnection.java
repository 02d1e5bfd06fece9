package org.msrp4j.relay.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/**
 * The seed's "Creating an outbound connection" with the {@link ConnectorRelay} it mentions: the
 * offerer logs in to its relay, puts the path it gets in the offer, binds to the answerer's path
 * through the relay, then sends "Hello through the relay!" on an {@link MsrpSession} and prints the
 * message that arrives. {@code sdp} stands for the SIP offer/answer: it carries our {@code a=path}
 * to the peer and returns the peer's.
 */
public final class OutboundRelayConnection {

    private OutboundRelayConnection() {
    }

    /** Runs the example; returns the message received. */
    public static MsrpChunk run(RelaySettings relay, Function<List<MsrpUri>, List<MsrpUri>> sdp)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        ConnectorRelay connector = new ConnectorRelay(relay);
        List<MsrpUri> fullLocalPath = connector.prepare();   // [relay's Use-Path, our URI]
        MsrpTransport transport;
        try {
            // put fullLocalPath in the offer's a=path, get fullRemotePath from the answer's a=path
            List<MsrpUri> fullRemotePath = sdp.apply(fullLocalPath);
            transport = connector.complete(fullRemotePath);
        } catch (IOException | RuntimeException e) {
            connector.cleanup();
            throw e;
        }
        CompletableFuture<MsrpChunk> received = new CompletableFuture<>();
        MsrpSession session = MsrpSession.start(transport, SessionSettings.DEFAULT, new IncomingHandler() {
            @Override
            public void onChunk(MsrpChunk chunk) {
                System.out.println("Got data: " + new String(chunk.data(), StandardCharsets.UTF_8));
                received.complete(chunk);
            }

            @Override
            public void onError(IOException error) {
                System.out.println("Error: " + error.getMessage());
                received.completeExceptionally(error);
            }
        });
        try (session) {
            MsrpChunk response = session.deliverChunk(transport.newChunk().data("Hello through the relay!").build());
            System.out.println("Got response: " + response.code() + " " + response.comment());
            return received.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs this example as alice against {@link InboundRelayConnection} as bob, through an
     * embedded relay, the SDP exchange done in memory.
     */
    public static void main(String[] args) throws Exception {
        try (MsrpRelay relay = EmbeddedRelay.start();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            SdpExchange sdp = new SdpExchange();
            Future<MsrpChunk> answerer = threads.submit(
                    () -> InboundRelayConnection.run(EmbeddedRelay.settings(relay, "bob"), sdp::answer));
            run(EmbeddedRelay.settings(relay, "alice"), sdp::offer);
            answerer.get();
        }
    }
}
