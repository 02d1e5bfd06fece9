package org.msrp4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * The seed's "Creating an outbound connection": the offerer connects to the answerer directly,
 * sends "Hello world!" and prints what comes back. {@code sdp} stands for the SIP offer/answer: it
 * carries our {@code a=path} to the peer and returns the peer's.
 */
public final class OutboundConnection {

    private OutboundConnection() {
    }

    /** Runs the example; returns the peer's answer to our SEND (the 200) and its first message. */
    public static List<MsrpChunk> run(MsrpUri localUri, Function<List<MsrpUri>, List<MsrpUri>> sdp) throws IOException {
        ConnectorDirect connector = new ConnectorDirect();
        List<MsrpUri> fullLocalPath = connector.prepare(localUri);
        MsrpTransport transport;
        try {
            // put fullLocalPath in the offer's a=path, get fullRemotePath from the answer's a=path
            List<MsrpUri> fullRemotePath = sdp.apply(fullLocalPath);
            transport = connector.complete(fullRemotePath);
        } catch (IOException | RuntimeException e) {
            connector.cleanup();
            throw e;
        }
        try (transport) {
            transport.writeChunk(transport.newChunk().data("Hello world!").build());
            MsrpChunk response = transport.readChunk();
            System.out.println("Got response: " + response.code() + " " + response.comment());
            MsrpChunk incoming = transport.readChunk();
            transport.writeResponse(incoming, 200, "OK");
            System.out.println("Got data: " + new String(incoming.data(), StandardCharsets.UTF_8));
            return List.of(response, incoming);
        }
    }
}
