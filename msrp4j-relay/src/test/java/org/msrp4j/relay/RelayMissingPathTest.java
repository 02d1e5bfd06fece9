package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;

/**
 * Requests without To-Path or From-Path (RFC 4975 §7: both are required) reaching the relay: a
 * 400 where a response can be addressed, on a connection that goes on; otherwise the connection
 * closes, since the sender can never learn what became of its request.
 */
class RelayMissingPathTest {

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay();
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"no To-Path", "an empty To-Path"})
    void aSendWithoutToPathGets400AndTheConnectionGoesOn(String what) throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            String tid = MsrpGrammar.randomIdent(10);
            String toPath = what.equals("no To-Path") ? null : "To-Path: ";
            writeRaw(a, tid, "SEND", "From-Path: " + a.localUri.encode(), toPath, "Message-ID: m1");
            MsrpChunk r = a.read();
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.transactionId()).isEqualTo(tid);
            assertThat(r.toPath()).containsExactly(a.localUri);
            assertThat(r.fromPath()).containsExactly(relay.listenerUri(false));

            assertThat(a.exchange(send(toPath(a, b.fullPath()), List.of(a.localUri), "after the 400")).code())
                    .isEqualTo(200);
            assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("after the 400");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SEND without From-Path", "SEND with an empty To-Path before its From-Path",
        "REPORT without To-Path", "REPORT without From-Path"})
    void aRequestThatCannotBeAnsweredClosesItsConnectionOnly(String what) throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob");
                Client c = Client.connect(relay.listenerUri(false)).authOk("carol")) {
            String to = "To-Path: " + encode(toPath(c, b.fullPath()));
            String from = "From-Path: " + c.localUri.encode();
            String tid = MsrpGrammar.randomIdent(10);
            switch (what) {
                case "SEND without From-Path" -> writeRaw(c, tid, "SEND", to, "Message-ID: m1");
                case "SEND with an empty To-Path before its From-Path" ->
                        writeRaw(c, tid, "SEND", "To-Path: ", from, "Message-ID: m1");
                case "REPORT without To-Path" -> writeRaw(c, tid, "REPORT", from, "Message-ID: m1",
                        "Byte-Range: 1-5/5", "Status: 000 200 OK");
                case "REPORT without From-Path" -> writeRaw(c, tid, "REPORT", to, "Message-ID: m1",
                        "Byte-Range: 1-5/5", "Status: 000 200 OK");
                default -> throw new IllegalArgumentException(what);
            }
            try {
                MsrpChunk got = c.poll(RelayTestKit.WAIT);
                fail("the relay should have closed the connection, got " + (got == null ? "nothing" : got.encode()));
            } catch (IOException e) {
                // closed by the relay, without an answer
            }
            assertThat(b.poll(Duration.ofMillis(300))).as("nothing forwarded").isNull();
            assertThat(a.exchange(send(toPath(a, b.fullPath()), List.of(a.localUri), "others go on")).code())
                    .isEqualTo(200);
            assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("others go on");
        }
    }

    /** Writes a bodiless request with these header lines (nulls left out) straight to the socket. */
    private static void writeRaw(Client c, String tid, String method, String... headers) throws IOException {
        StringBuilder wire = new StringBuilder("MSRP ").append(tid).append(' ').append(method).append("\r\n");
        for (String h : headers) {
            if (h != null) {
                wire.append(h).append("\r\n");
            }
        }
        wire.append("-------").append(tid).append("$\r\n");
        c.tcp.getOutputStream().write(wire.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(List<MsrpUri> path) {
        return path.stream().map(MsrpUri::encode).collect(Collectors.joining(" "));
    }
}
