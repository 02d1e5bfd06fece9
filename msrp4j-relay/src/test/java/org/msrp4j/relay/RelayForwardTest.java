package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.SendPaths;
import org.msrp4j.transport.internal.TransportInternals;

class RelayForwardTest {

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay(b -> b.responseTimeout(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void sendBetweenTwoClientsOfTheRelay() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(true)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(true)).authOk("bob")) {
            // RFC 4976 §5 / §7: A sends along its own relay path then B's whole path
            MsrpChunk req = send(toPath(a, b.fullPath()), List.of(a.localUri), "hello bob");
            MsrpChunk ok = a.exchange(req);
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.transactionId()).isEqualTo(req.transactionId());
            assertThat(ok.toPath()).containsExactly(a.localUri);
            assertThat(ok.fromPath()).containsExactly(a.sessionUri);

            MsrpChunk got = b.read();
            assertThat(got.method()).isEqualTo("SEND");
            assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("hello bob");
            assertThat(got.toPath()).containsExactly(b.localUri);
            assertThat(got.fromPath()).containsExactly(b.sessionUri, a.sessionUri, a.localUri);
            assertThat(got.messageId()).isEqualTo(req.messageId());
            assertThat(got.byteRange()).isEqualTo(req.byteRange());
            assertThat(got.transactionId()).isNotEqualTo(req.transactionId());
            // what B's transport checks (RFC 4975 path rules with B's relay)
            assertThat(SendPaths.check(got, b.localUri, List.of(b.sessionUri), a.fullPath(), false))
                    .isEmpty();

            // B's 200 is absorbed by the relay; no REPORT reaches A
            b.write(b.transport.makeResponse(got, 200, "OK"));
            assertThat(a.poll(Duration.ofMillis(300))).isNull();

            // and the other way round
            MsrpChunk back = send(toPath(b, a.fullPath()), List.of(b.localUri), "hi alice");
            assertThat(b.exchange(back).code()).isEqualTo(200);
            MsrpChunk atA = a.read();
            assertThat(atA.fromPath()).containsExactly(a.sessionUri, b.sessionUri, b.localUri);
        }
    }

    @Test
    void aDirectPeerThatConnectedToTheRelayGetsAnswersOnThatConnection() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client peer = Client.connect(relay.listenerUri(false))) {
            // the peer's URI names its own end of the connection, where nothing listens
            MsrpChunk first = send(a.fullPath(), List.of(peer.localUri), "hello alice");
            assertThat(peer.exchange(first).code()).isEqualTo(200);
            MsrpChunk atA = a.read();
            assertThat(atA.fromPath()).containsExactly(a.sessionUri, peer.localUri);
            a.write(a.transport.makeResponse(atA, 200, "OK"));

            MsrpChunk back = send(toPath(a, List.of(peer.localUri)), List.of(a.localUri), "hi peer");
            assertThat(a.exchange(back).code()).isEqualTo(200);
            MsrpChunk atPeer = peer.read();
            assertThat(new String(atPeer.data(), StandardCharsets.UTF_8)).isEqualTo("hi peer");
            assertThat(atPeer.toPath()).containsExactly(peer.localUri);
            assertThat(atPeer.fromPath()).containsExactly(a.sessionUri, a.localUri);
            assertThat(relay.connectionCount()).as("no connection opened to the peer's URI").isEqualTo(2);
        }
    }

    @Test
    void aPeerCannotClaimTheUriOfAnotherHost() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client peer = Client.connect(relay.listenerUri(false))) {
            MsrpUri elsewhere = MsrpUri.parse("msrp://127.0.0.2:" + peer.localUri.port() + "/x;tcp");
            assertThat(peer.exchange(send(a.fullPath(), List.of(elsewhere), "I am 127.0.0.2")).code()).isEqualTo(200);
            MsrpChunk atA = a.read();
            a.write(a.transport.makeResponse(atA, 200, "OK"));
            MsrpChunk back = send(toPath(a, List.of(elsewhere)), List.of(a.localUri), "for 127.0.0.2 only");
            a.write(back);
            assertThat(peer.poll(Duration.ofMillis(500))).as("nothing for the claimed URI on the peer's connection")
                    .isNull();
        }
    }

    @Test
    void errorFromTheNextHopBecomesAFailureReport() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            // a chunk from the middle of a message: the REPORT names the bytes this chunk carried
            MsrpChunk req = send(toPath(a, b.fullPath()), List.of(a.localUri), "refuse me");
            req.addHeader(new ByteRangeHeader(new ByteRange(11, 19, 30)));
            assertThat(a.exchange(req).code()).isEqualTo(200);
            MsrpChunk got = b.read();
            b.write(b.transport.makeResponse(got, 415, "Unsupported"));
            MsrpChunk report = a.read();
            assertThat(report.method()).isEqualTo("REPORT");
            assertThat(report.toPath()).containsExactly(a.localUri);
            assertThat(report.fromPath()).containsExactly(a.sessionUri);
            assertThat(report.messageId()).isEqualTo(req.messageId());
            assertThat(report.byteRange()).isEqualTo(new ByteRange(11, 19, 30));
            assertThat(report.status()).isEqualTo(new Status(415, "Unsupported"));
            assertThat(report.header(StatusHeader.NAME).encode()).isEqualTo("000 415 Unsupported");
        }
    }

    @Test
    void silenceOfTheNextHopBecomesA408Report() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk req = send(toPath(a, b.fullPath()), List.of(a.localUri), "anyone?");
            assertThat(a.exchange(req).code()).isEqualTo(200);
            assertThat(b.read().method()).isEqualTo("SEND");
            MsrpChunk report = a.read();
            assertThat(report.method()).isEqualTo("REPORT");
            assertThat(report.messageId()).isEqualTo(req.messageId());
            assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 7, 7));
            assertThat(report.status().code()).isEqualTo(408);
        }
    }

    @Test
    void failureReportNoAndPartial() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk no = send(toPath(a, b.fullPath()), List.of(a.localUri), "no");
            no.addHeader(MsrpHeader.of("Failure-Report", "no"));
            a.write(no);
            MsrpChunk partial = send(toPath(a, b.fullPath()), List.of(a.localUri), "partial");
            partial.addHeader(MsrpHeader.of("Failure-Report", "partial"));
            a.write(partial);
            assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("no");
            MsrpChunk p = b.read();
            assertThat(new String(p.data(), StandardCharsets.UTF_8)).isEqualTo("partial");
            assertThat(a.poll(Duration.ofMillis(300))).as("no 200 under no/partial").isNull();
            b.write(b.transport.makeResponse(p, 481, "gone"));
            MsrpChunk report = a.read();
            assertThat(report.method()).isEqualTo("REPORT");
            assertThat(report.messageId()).isEqualTo(partial.messageId());
            assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 7, 7));
            assertThat(report.status()).isEqualTo(new Status(481, "gone"));
        }
    }

    @Test
    void reportIsForwardedWithoutResponse() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk report = MsrpChunk.request(MsrpGrammar.randomIdent(10), "REPORT");
            report.addHeader(new ToPathHeader(toPath(a, b.fullPath())));
            report.addHeader(new FromPathHeader(List.of(a.localUri)));
            report.addHeader(MsrpHeader.of("Message-ID", "msg00001"));
            report.addHeader(MsrpHeader.of("Byte-Range", "1-5/5"));
            report.addHeader(MsrpHeader.of("Status", "000 200 OK"));
            a.write(report);
            MsrpChunk got = b.read();
            assertThat(got.method()).isEqualTo("REPORT");
            assertThat(got.fromPath()).containsExactly(b.sessionUri, a.sessionUri, a.localUri);
            assertThat(got.status().code()).isEqualTo(200);
            assertThat(a.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void relayClientToADirectPeerAndBack() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
                Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            MsrpUri peerUri = MsrpUri.builder().host("127.0.0.1").port(listener.getLocalPort())
                    .sessionId(MsrpGrammar.randomIdent(10)).build();
            CompletableFuture<MsrpTransport> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    listener.setSoTimeout(10_000);
                    Socket s = listener.accept();
                    return TransportInternals.open(s, peerUri, List.of(), TransportSettings.DEFAULT);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            MsrpChunk req = send(toPath(a, List.of(peerUri)), List.of(a.localUri), "to the peer");
            assertThat(a.exchange(req).code()).isEqualTo(200);
            try (MsrpTransport peer = accepted.get(10, TimeUnit.SECONDS)) {
                MsrpChunk got = peer.readChunk(1 << 20, RelayTestKit.WAIT);
                assertThat(got.toPath()).containsExactly(peerUri);
                assertThat(got.fromPath()).containsExactly(a.sessionUri, a.localUri);
                assertThat(SendPaths.check(got, peerUri, List.of(), a.fullPath(), false)).isEmpty();
                peer.writeChunk(peer.makeResponse(got, 200, "OK"));

                // the peer answers over the connection the relay opened
                MsrpChunk reply = send(a.fullPath(), List.of(peerUri), "to alice");
                peer.writeChunk(reply);
                MsrpChunk ok = peer.readChunk(1 << 20, RelayTestKit.WAIT);
                assertThat(ok.code()).isEqualTo(200);
                assertThat(ok.transactionId()).isEqualTo(reply.transactionId());
                MsrpChunk atA = a.read();
                assertThat(new String(atA.data(), StandardCharsets.UTF_8)).isEqualTo("to alice");
                assertThat(atA.fromPath()).containsExactly(a.sessionUri, peerUri);
                assertThat(atA.toPath()).containsExactly(a.localUri);

                // a second SEND reuses the relay's connection to the peer
                assertThat(a.exchange(send(toPath(a, List.of(peerUri)), List.of(a.localUri), "again")).code())
                        .isEqualTo(200);
                assertThat(new String(peer.readChunk(1 << 20, RelayTestKit.WAIT).data(), StandardCharsets.UTF_8))
                        .isEqualTo("again");
                assertThat(relay.connectionCount()).isEqualTo(2);
            }
        }
    }

    @Test
    void unreachableNextHopGets481() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            dead = s.getLocalPort();
        }
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            MsrpUri nowhere = MsrpUri.builder().host("127.0.0.1").port(dead).sessionId("abcd1234").build();
            assertThat(a.exchange(send(toPath(a, List.of(nowhere)), List.of(a.localUri), "x")).code()).isEqualTo(481);
        }
    }

    @Test
    void unknownSessionAndForeignUriGet481() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            MsrpUri unknown = a.sessionUri.withSessionId("nosuchsession1");
            assertThat(a.exchange(send(List.of(unknown, a.localUri), List.of(a.localUri), "x")).code()).isEqualTo(481);
            MsrpUri foreign = MsrpUri.builder().host("192.0.2.1").port(2855).sessionId("abcd").build();
            assertThat(a.exchange(send(List.of(foreign, a.localUri), List.of(a.localUri), "x")).code()).isEqualTo(481);
            assertThat(a.exchange(send(List.of(a.sessionUri), List.of(a.localUri), "x")).code()).isEqualTo(481);
        }
    }

    @Test
    void aConnectionMayOnlyUseAForeignSessionToReachItsOwner() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob");
                Client stranger = Client.connect(relay.listenerUri(false))) {
            MsrpUri elsewhere = MsrpUri.builder().host("127.0.0.1").port(9).sessionId("abcd").build();
            // not the owner, and more hops after the relay: 403
            MsrpChunk via = send(List.of(a.sessionUri, elsewhere, a.localUri), List.of(stranger.localUri), "x");
            assertThat(stranger.exchange(via).code()).isEqualTo(403);
            MsrpChunk viaB = send(List.of(a.sessionUri, b.localUri), List.of(b.localUri), "x");
            viaB.addHeader(new ToPathHeader(List.of(a.sessionUri, b.sessionUri, b.localUri)));
            assertThat(b.exchange(viaB).code()).isEqualTo(403);
            // the owner chaining through another session of the relay to somewhere else: 403
            MsrpChunk chain = send(List.of(a.sessionUri, b.sessionUri, elsewhere, b.localUri), List.of(a.localUri),
                    "x");
            assertThat(a.exchange(chain).code()).isEqualTo(403);
            // last hop to the owner from anyone: delivered
            MsrpChunk last = send(List.of(a.sessionUri, a.localUri), List.of(stranger.localUri), "hi");
            assertThat(stranger.exchange(last).code()).isEqualTo(200);
            MsrpChunk got = a.read();
            assertThat(got.fromPath()).containsExactly(a.sessionUri, stranger.localUri);
        }
    }
}
