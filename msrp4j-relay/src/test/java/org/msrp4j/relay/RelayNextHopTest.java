package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Issue 16 items 6 and 7: a connection is used only for the scheme, host and port it really is,
 * and the relay opens connections only to next hops its policy permits, answering alike whether
 * a next hop is refused by policy, refuses the connection or cannot be reached.
 */
@Timeout(60)
class RelayNextHopTest {

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    @Test
    void theDefaultPolicyPermitsPublicAddressesOnUnprivilegedPortsOnly() throws IOException {
        NextHopPolicy p = NextHopPolicy.DEFAULT;
        assertThat(p.permits(ip("192.0.2.10"), 2855)).isTrue();
        assertThat(p.permits(ip("2001:db8::1"), 40000)).isTrue();
        assertThat(p.permits(ip("192.0.2.10"), 25)).as("a privileged port").isFalse();
        assertThat(p.permits(ip("192.0.2.10"), 1023)).isFalse();
        for (String denied : List.of("127.0.0.1", "127.5.6.7", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "fc00::1", "fd12:3456::1", "fe80::1", "0.0.0.0",
                "::", "224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:10.0.0.1")) {
            assertThat(p.permits(ip(denied), 2855)).as(denied).isFalse();
        }
        assertThat(p.permits(ip("172.32.0.1"), 2855)).isTrue();
        assertThat(p.permits(ip("100.128.0.1"), 2855)).isTrue();
    }

    @Test
    void rulesAndSwitchesWidenOrNarrowIt() throws IOException {
        NextHopPolicy p = NextHopPolicy.builder()
                .allow("10.20.0.0/16:2855")
                .allow("[fd00::]/8")
                .deny("192.0.2.0/25")
                .deny("198.51.100.7:5000-5999")
                .ports("2855, 8000-8999")
                .build();
        assertThat(p.permits(ip("10.20.3.4"), 2855)).isTrue();
        assertThat(p.permits(ip("10.20.3.4"), 2856)).as("the allow rule names one port").isFalse();
        assertThat(p.permits(ip("10.21.3.4"), 2855)).isFalse();
        assertThat(p.permits(ip("fd99::1"), 22)).as("an allow rule without ports covers them all").isTrue();
        assertThat(p.permits(ip("192.0.2.1"), 2855)).isFalse();
        assertThat(p.permits(ip("192.0.2.200"), 2855)).isTrue();
        assertThat(p.permits(ip("192.0.2.200"), 40000)).as("outside the ports").isFalse();
        assertThat(p.permits(ip("192.0.2.200"), 8080)).isTrue();
        assertThat(p.permits(ip("198.51.100.7"), 5060)).isFalse();
        assertThat(p.permits(ip("198.51.100.7"), 8060)).isTrue();
        NextHopPolicy local = NextHopPolicy.builder().allowLoopback(true).allowPrivate(true)
                .deny("127.0.0.2").build();
        assertThat(local.permits(ip("127.0.0.1"), 2855)).isTrue();
        assertThat(local.permits(ip("127.0.0.2"), 2855)).as("deny wins").isFalse();
        assertThat(local.permits(ip("192.168.0.9"), 2855)).isTrue();
        assertThat(local.permits(ip("224.0.0.1"), 2855)).as("never multicast").isFalse();
        for (String bad : List.of("example.org", "10.0.0.0/33", "10.0.0.1:70000", "[::1", "10.0.0.1:9-8", "1.2.3.4x")) {
            assertThatThrownBy(() -> NextHopPolicy.builder().allow(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theConfigurationFileSetsThePolicy() throws IOException {
        Properties p = new Properties();
        p.setProperty("next-hop.allow", "10.0.0.0/8:2855, [fd00::]/8");
        p.setProperty("next-hop.deny", "192.0.2.7");
        p.setProperty("next-hop.allow-loopback", "true");
        p.setProperty("next-hop.ports", "2855-2860");
        NextHopPolicy policy = RelayConfig.fromProperties(p, Path.of(".")).nextHopPolicy();
        assertThat(policy.permits(ip("10.9.9.9"), 2855)).isTrue();
        assertThat(policy.permits(ip("127.0.0.1"), 2860)).isTrue();
        assertThat(policy.permits(ip("127.0.0.1"), 2861)).isFalse();
        assertThat(policy.permits(ip("192.0.2.7"), 2855)).isFalse();
        assertThat(policy.permits(ip("192.168.1.1"), 2855)).isFalse();
        assertThat(RelayConfig.fromProperties(new Properties(), Path.of(".")).nextHopPolicy()
                .permits(ip("127.0.0.1"), 2855)).isFalse();
        p.setProperty("next-hop.allow-private", "yes");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, Path.of("."))).hasMessageContaining("allow-private");
    }

    @Test
    void byDefaultTheRelayConnectsToNoLoopbackNextHopAndAnswersAsForAClosedPort() throws Exception {
        MsrpChunk denied;
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.nextHopPolicy(NextHopPolicy.DEFAULT));
                HonestClient honest = HonestClient.start(relay);
                ServerSocket open = new ServerSocket(0, 5, ip("127.0.0.1"));
                Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            MsrpUri target = MsrpUri.builder().host("127.0.0.1").port(open.getLocalPort()).sessionId("abcd1234")
                    .build();
            denied = a.exchange(send(toPath(a, List.of(target)), List.of(a.localUri), "scan"));
            open.setSoTimeout(500);
            assertThatThrownBy(open::accept).as("no connection to the denied next hop")
                    .isInstanceOf(SocketTimeoutException.class);
            honest.assertServed();
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, ip("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        try (MsrpRelay relay = RelayTestKit.relay(b -> { });
                Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            MsrpUri target = MsrpUri.builder().host("127.0.0.1").port(closed).sessionId("abcd1234").build();
            MsrpChunk refused = a.exchange(send(toPath(a, List.of(target)), List.of(a.localUri), "scan"));
            assertThat(denied.code()).isEqualTo(481);
            assertThat(refused.code()).isEqualTo(denied.code());
            assertThat(refused.comment()).isEqualTo(denied.comment());
        }
        // TEST-NET-1 is never routed: the connection fails or times out
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.connectTimeout(Duration.ofSeconds(1))
                        .nextHopPolicy(NextHopPolicy.builder().allow("192.0.2.0/24").build()));
                Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            MsrpUri target = MsrpUri.builder().host("192.0.2.1").port(2855).sessionId("abcd1234").build();
            MsrpChunk unreachable = a.exchange(send(toPath(a, List.of(target)), List.of(a.localUri), "scan"));
            assertThat(unreachable.code()).isEqualTo(denied.code());
            assertThat(unreachable.comment()).isEqualTo(denied.comment());
        }
    }

    @Test
    void aPeerClaimingANextHopsUriDoesNotGetItsTraffic() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> { });
                HonestClient honest = HonestClient.start(relay);
                ServerSocket nextHop = new ServerSocket(0, 5, ip("127.0.0.1"));
                Client alice = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            MsrpUri hop = MsrpUri.builder().host("127.0.0.1").port(nextHop.getLocalPort())
                    .sessionId(MsrpGrammar.randomIdent(10)).build();
            // the attacker's one SEND claims the next hop's URI (its host is the attacker's address)
            MsrpUri claimed = hop.withSessionId("attacker1");
            assertThat(attacker.exchange(send(alice.fullPath(), List.of(claimed), "I am the next hop")).code())
                    .isEqualTo(200);
            MsrpChunk atAlice = alice.read();
            alice.write(alice.transport.makeResponse(atAlice, 200, "OK"));

            MsrpChunk forHop = send(toPath(alice, List.of(hop)), List.of(alice.localUri), "for the next hop only");
            assertThat(alice.exchange(forHop).code()).isEqualTo(200);
            nextHop.setSoTimeout(10_000);
            try (Socket s = nextHop.accept();
                    MsrpTransport peer = TransportInternals.open(s, hop, List.of(), TransportSettings.DEFAULT)) {
                MsrpChunk got = peer.readChunk(1 << 20, RelayTestKit.WAIT);
                assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("for the next hop only");
            }
            assertThat(attacker.poll(Duration.ofMillis(500))).as("nothing for the attacker").isNull();
            honest.assertServed();
        }
    }

    @Test
    void aPlainConnectionIsNeverUsedForAnMsrpsUri() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> { });
                HonestClient honest = HonestClient.start(relay);
                Client alice = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            // host and port are the attacker's own end of its plain TCP connection, the scheme msrps
            MsrpUri claimed = MsrpUri.builder().useTls(true).host("127.0.0.1").port(attacker.tcp.getLocalPort())
                    .sessionId("attacker2").build();
            assertThat(attacker.exchange(send(alice.fullPath(), List.of(claimed), "I am msrps")).code())
                    .isEqualTo(200);
            MsrpChunk atAlice = alice.read();
            alice.write(alice.transport.makeResponse(atAlice, 200, "OK"));

            MsrpChunk forTls = send(toPath(alice, List.of(claimed)), List.of(alice.localUri), "over TLS only");
            assertThat(alice.exchange(forTls).code()).as("nobody listens at that msrps URI").isEqualTo(481);
            assertThat(attacker.poll(Duration.ofMillis(500))).as("nothing over the plain connection").isNull();
            honest.assertServed();
        }
    }
}
