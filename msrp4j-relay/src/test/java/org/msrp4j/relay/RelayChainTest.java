package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;

/** Two relays: each client behind its own, relays talking TLS to each other (RFC 4976 §4 picture). */
class RelayChainTest {

    private MsrpRelay r1;
    private MsrpRelay r2;

    @BeforeEach
    void start() throws IOException {
        r1 = RelayTestKit.relay();
        r2 = MsrpRelay.start(RelayConfig.builder()
                .listener(RelayConfig.Listener.tls("127.0.0.1", 0))
                .host("127.0.0.1").realm("other.org")
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

    private MsrpUri outerAuth(Client a) throws IOException {
        {
            // RFC 4976 §5: AUTH to a further relay goes through the relays already reserved
            MsrpUri outer = r2.listenerUri(true);
            MsrpChunk first = a.authRequest(null, null);
            first.addHeader(new org.msrp4j.protocol.header.ToPathHeader(List.of(a.sessionUri, outer)));
            MsrpChunk challenge = a.exchange(first);
            assertThat(challenge.code()).isEqualTo(401);
            assertThat(challenge.transactionId()).isEqualTo(first.transactionId());
            assertThat(challenge.toPath()).containsExactly(a.localUri);
            WwwAuthenticateHeader ch = (WwwAuthenticateHeader) challenge.header(WwwAuthenticateHeader.NAME);
            assertThat(ch.get("realm")).isEqualTo("other.org");

            MsrpChunk second = a.authRequest(a.answer(ch, "alice", "secret", 1, outer), null);
            second.addHeader(new org.msrp4j.protocol.header.ToPathHeader(List.of(a.sessionUri, outer)));
            MsrpChunk ok = a.exchange(second);
            assertThat(ok.code()).isEqualTo(200);
            MsrpUri outerSession = ((UsePathHeader) ok.header(UsePathHeader.NAME)).path().get(0);
            assertThat(outerSession.port()).isEqualTo(outer.port());
            return outerSession;
        }
    }
}
