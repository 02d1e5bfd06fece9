package org.msrp4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * The seed's "Waiting for an inbound connection", done without a relay: the answerer listens with
 * an {@link AcceptorDirect}, waits for the offerer to connect and bind, prints the message that
 * arrives, answers it and sends "Hello world!" back. {@code sdp} stands for the SIP offer/answer:
 * it carries our {@code a=path} to the peer and returns the peer's.
 */
public final class InboundConnection {

    private InboundConnection() {
    }

    /** Runs the example; returns the message received. */
    public static MsrpChunk run(MsrpUri localUri, Function<List<MsrpUri>, List<MsrpUri>> sdp) throws IOException {
        AcceptorDirect acceptor = new AcceptorDirect();
        List<MsrpUri> fullLocalPath = acceptor.prepare(localUri);
        MsrpTransport transport;
        try {
            // get fullRemotePath from the offer's a=path, put fullLocalPath in the answer's a=path
            List<MsrpUri> fullRemotePath = sdp.apply(fullLocalPath);
            transport = acceptor.complete(fullRemotePath);
        } catch (IOException | RuntimeException e) {
            acceptor.cleanup();
            throw e;
        }
        try (transport) {
            MsrpChunk incoming = transport.readChunk();
            transport.writeResponse(incoming, 200, "OK");
            System.out.println("Got data: " + new String(incoming.data(), StandardCharsets.UTF_8));
            transport.writeChunk(transport.newChunk().data("Hello world!").build());
            MsrpChunk response = transport.readChunk();
            System.out.println("Got response: " + response.code() + " " + response.comment());
            return incoming;
        }
    }

    /** Runs both examples against each other on loopback, the SDP exchange done in memory. */
    public static void main(String[] args) throws Exception {
        SdpExchange sdp = new SdpExchange();
        Thread answerer = Thread.ofVirtual().start(() -> {
            try {
                run(MsrpUri.builder().host("127.0.0.1").port(0).build(), sdp::answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        OutboundConnection.run(MsrpUri.builder().host("127.0.0.1").build(), sdp::offer);
        answerer.join();
    }
}
