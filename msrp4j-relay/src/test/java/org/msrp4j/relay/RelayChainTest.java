package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;

/**
 * Two relays: each client behind its own, relays talking TLS to each other (RFC 4976 §4 picture);
 * and a client behind a front relay that AUTHs through it to the relay behind (RFC 4976 §5).
 */
class RelayChainTest {

    private MsrpRelay r1;
    private MsrpRelay r2;

    @BeforeEach
    void start() throws IOException {
        r1 = RelayTestKit.relay();
        r2 = MsrpRelay.start(RelayConfig.builder()
                .listener(RelayListener.tls("127.0.0.1", 0))
                .host("127.0.0.1").realm("other.org").nextHopPolicy(RelayTestKit.LOOPBACK)
                .users(RelayUsers.ofPasswords(Map.of("bob", "secret", "alice", "secret"))).build());
    }

    @AfterEach
    void stop() {
        r1.close();
        r2.close();
    }

    @Test
    void sendAcrossTwoRelays() throws IOException {
        try (Client a = Client.connect(r1.listenerUri(true)).authOk("alice");
                Client b = Client.connect(r2.listenerUri(true)).authOk("bob")) {
            List<MsrpUri> to = new ArrayList<>();
            to.add(a.sessionUri);
            to.addAll(b.fullPath());
            MsrpChunk req = send(to, List.of(a.localUri), "over two relays");
            assertThat(a.exchange(req).code()).isEqualTo(200);
            MsrpChunk got = b.read();
            assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("over two relays");
            assertThat(got.toPath()).containsExactly(b.localUri);
            assertThat(got.fromPath()).containsExactly(b.sessionUri, a.sessionUri, a.localUri);
            b.write(b.transport.makeResponse(got, 200, "OK"));

            List<MsrpUri> back = new ArrayList<>();
            back.add(b.sessionUri);
            back.addAll(a.fullPath());
            assertThat(b.exchange(send(back, List.of(b.localUri), "and back")).code()).isEqualTo(200);
            MsrpChunk atA = a.read();
            assertThat(new String(atA.data(), StandardCharsets.UTF_8)).isEqualTo("and back");
            assertThat(atA.fromPath()).containsExactly(a.sessionUri, b.sessionUri, b.localUri);
        }
    }

    @Test
    void authToAnOuterRelayThroughTheInnerOne() throws IOException {
        try (Client a = Client.connect(r1.listenerUri(true)).authOk("alice");
                Client c = Client.connect(r1.listenerUri(true)).authOk("carol")) {
            MsrpUri forA = outerAuth(a);
            MsrpUri forC = outerAuth(c);
            // both came over the one connection r1 opened to r2, yet each has its own URI
            assertThat(forA.sessionId()).isNotEqualTo(forC.sessionId());
            assertThat(r2.sessionCount()).isEqualTo(2);
            assertThat(outerAuth(a)).as("a refresh keeps the URI").isEqualTo(forA);
            assertThat(r2.sessionCount()).isEqualTo(2);
        }
    }

    @Test
    void clientBehindAFrontRelayAndAClientOfTheOuterRelay() throws IOException {
        // r1 is the front relay F of b, r2 the relay R b reaches through it; a is a client of R
        try (Client b = Client.connect(r1.listenerUri(true)).authOk("bob");
                Client a = Client.connect(r2.listenerUri(true)).authOk("alice")) {
            MsrpUri rForB = outerAuth(b);
            List<MsrpUri> bPath = List.of(rForB, b.sessionUri, b.localUri);
            List<MsrpUri> aPath = List.of(a.sessionUri, a.localUri);
            // at R: To-Path [a's R URI, b's R URI, b's F URI, b]; b's R URI is owned by the connection from F
            MsrpChunk req = send(join(List.of(a.sessionUri), bPath), List.of(a.localUri), "to bob behind F");
            MsrpChunk ok = a.exchange(req);
            assertThat(ok.code()).as(ok.comment()).isEqualTo(200);
            assertThat(ok.toPath()).containsExactly(a.localUri);
            MsrpChunk got = b.read();
            assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("to bob behind F");
            assertThat(got.toPath()).containsExactly(b.localUri);
            assertThat(got.fromPath()).containsExactly(b.sessionUri, rForB, a.sessionUri, a.localUri);
            b.write(b.transport.makeResponse(got, 200, "OK"));
            sendFile(a, join(List.of(a.sessionUri), bPath), b,
                    List.of(b.sessionUri, rForB, a.sessionUri, a.localUri));

            List<MsrpUri> back = join(List.of(b.sessionUri, rForB), aPath);
            assertThat(b.exchange(send(back, List.of(b.localUri), "to alice")).code()).isEqualTo(200);
            MsrpChunk atA = a.read();
            assertThat(new String(atA.data(), StandardCharsets.UTF_8)).isEqualTo("to alice");
            assertThat(atA.toPath()).containsExactly(a.localUri);
            assertThat(atA.fromPath()).containsExactly(a.sessionUri, rForB, b.sessionUri, b.localUri);
            a.write(a.transport.makeResponse(atA, 200, "OK"));
            sendFile(b, back, a, List.of(a.sessionUri, rForB, b.sessionUri, b.localUri));
        }
    }

    @Test
    void directPeerAndAClientBehindAFrontRelay() throws IOException {
        try (Client b = Client.connect(r1.listenerUri(true)).authOk("bob");
                Client d = Client.connect(r2.listenerUri(true))) {
            MsrpUri rForB = outerAuth(b);
            // at R: To-Path [b's R URI, b's F URI, b], on a connection that is not the owner's
            MsrpChunk ok = d.exchange(send(List.of(rForB, b.sessionUri, b.localUri), List.of(d.localUri), "hi"));
            assertThat(ok.code()).as(ok.comment()).isEqualTo(200);
            MsrpChunk got = b.read();
            assertThat(got.toPath()).containsExactly(b.localUri);
            assertThat(got.fromPath()).containsExactly(b.sessionUri, rForB, d.localUri);
            b.write(b.transport.makeResponse(got, 200, "OK"));

            assertThat(b.exchange(send(List.of(b.sessionUri, rForB, d.localUri), List.of(b.localUri), "hello"))
                    .code()).isEqualTo(200);
            MsrpChunk atD = d.read();
            assertThat(new String(atD.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(atD.fromPath()).containsExactly(rForB, b.sessionUri, b.localUri);
        }
    }

    @Test
    void nextHopOtherThanTheWayBackToTheOwnerGets403() throws IOException {
        try (Client b = Client.connect(r1.listenerUri(true)).authOk("bob");
                Client c = Client.connect(r1.listenerUri(true)).authOk("carol");
                Client a = Client.connect(r2.listenerUri(true)).authOk("alice");
                Client d = Client.connect(r2.listenerUri(true))) {
            MsrpUri rForB = outerAuth(b);
            // b's reservation at R must not lead, over F's connection, to carol's session at F
            MsrpChunk viaOwnSession = send(List.of(a.sessionUri, rForB, c.sessionUri, c.localUri),
                    List.of(a.localUri), "x");
            assertThat(a.exchange(viaOwnSession).code()).isEqualTo(403);
            MsrpChunk fromPeer = send(List.of(rForB, c.sessionUri, c.localUri), List.of(d.localUri), "x");
            assertThat(d.exchange(fromPeer).code()).isEqualTo(403);
            // nor skip F: the hop after R must be the one b's AUTH came from
            MsrpChunk skipF = send(List.of(rForB, b.localUri), List.of(d.localUri), "x");
            assertThat(d.exchange(skipF).code()).isEqualTo(403);
            assertThat(c.poll(Duration.ofMillis(300))).isNull();
            assertThat(b.poll(Duration.ofMillis(300))).isNull();
        }
    }

    /**
     * Sends a 3-chunk message from {@code from} along {@code toPath}; {@code to} must get each chunk
     * whole, in order, with {@code fromPathAtTo}, and answers it; {@code from} gets a 200 for each.
     */
    private static void sendFile(Client from, List<MsrpUri> toPath, Client to, List<MsrpUri> fromPathAtTo)
            throws IOException {
        byte[] file = new byte[3 * 10_000];
        new Random(7).nextBytes(file);
        String messageId = MsrpGrammar.randomIdent(12);
        List<MsrpChunk> chunks = new ArrayList<>();
        for (int start = 0; start < file.length; start += 10_000) {
            MsrpChunk c = MsrpChunk.request(MsrpGrammar.randomIdent(10), "SEND");
            c.addHeader(new ToPathHeader(toPath));
            c.addHeader(new FromPathHeader(List.of(from.localUri)));
            c.addHeader(new MessageIdHeader(messageId));
            c.addHeader(new ByteRangeHeader(new ByteRange(start + 1, start + 10_000, file.length)));
            c.addHeader(new ContentTypeHeader("application/octet-stream"));
            c.setData(Arrays.copyOfRange(file, start, start + 10_000));
            c.setContinuation(start + 10_000 < file.length ? Continuation.MORE : Continuation.END);
            chunks.add(c);
        }
        from.transport.writeChunks(chunks);
        for (MsrpChunk sent : chunks) {
            MsrpChunk got = to.read();
            assertThat(got.data()).isEqualTo(sent.data());
            assertThat(got.byteRange()).isEqualTo(sent.byteRange());
            assertThat(got.continuation()).isEqualTo(sent.continuation());
            assertThat(got.messageId()).isEqualTo(messageId);
            assertThat(got.toPath()).containsExactly(to.localUri);
            assertThat(got.fromPath()).isEqualTo(fromPathAtTo);
            to.write(to.transport.makeResponse(got, 200, "OK"));
        }
        for (MsrpChunk sent : chunks) {
            MsrpChunk ok = from.read();
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.transactionId()).isEqualTo(sent.transactionId());
        }
    }

    private static List<MsrpUri> join(List<MsrpUri> first, List<MsrpUri> then) {
        List<MsrpUri> p = new ArrayList<>(first);
        p.addAll(then);
        return p;
    }

    private MsrpUri outerAuth(Client a) throws IOException {
        {
            // RFC 4976 §5: AUTH to a further relay goes through the relays already reserved
            MsrpUri outer = r2.listenerUri(true);
            MsrpChunk first = a.authRequest(null, null);
            first.addHeader(new ToPathHeader(List.of(a.sessionUri, outer)));
            MsrpChunk challenge = a.exchange(first);
            assertThat(challenge.code()).isEqualTo(401);
            assertThat(challenge.transactionId()).isEqualTo(first.transactionId());
            assertThat(challenge.toPath()).containsExactly(a.localUri);
            WwwAuthenticateHeader ch = (WwwAuthenticateHeader) challenge.header(WwwAuthenticateHeader.NAME);
            assertThat(ch.get("realm")).isEqualTo("other.org");

            MsrpChunk second = a.authRequest(a.answer(ch, "alice", "secret", 1, outer), null);
            second.addHeader(new ToPathHeader(List.of(a.sessionUri, outer)));
            MsrpChunk ok = a.exchange(second);
            assertThat(ok.code()).isEqualTo(200);
            MsrpUri outerSession = ((UsePathHeader) ok.header(UsePathHeader.NAME)).path().get(0);
            assertThat(outerSession.port()).isEqualTo(outer.port());
            return outerSession;
        }
    }
}
