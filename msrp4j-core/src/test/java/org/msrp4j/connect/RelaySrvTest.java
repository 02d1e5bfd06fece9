package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.testing.LoopbackSockets.V4;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.Async;
import org.msrp4j.testing.Interop;
import org.msrp4j.testing.LoopbackSockets;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

/**
 * Relay discovery by DNS SRV against a real DNS server: Debian's dnsmasq, started by this test on a
 * free loopback port and serving only the records below. Skipped without dnsmasq unless {@code
 * MSRP4J_INTEROP=required}.
 */
class RelaySrvTest {

    /** Debian's dnsmasq, or the program {@code MSRP4J_DNSMASQ} names (a missing one skips these tests). */
    private static final Path DNSMASQ = Path.of(System.getenv().getOrDefault("MSRP4J_DNSMASQ", "/usr/sbin/dnsmasq"));
    private static Process dnsmasq;
    private static InetSocketAddress dns;
    private static ScriptedRelay relay;
    private static int down;

    @BeforeAll
    static void startDnsServer() throws Exception {
        if (!Files.isExecutable(DNSMASQ)) {
            return; // each test is then skipped, or failed, by dnsmasqIsThere()
        }
        relay = new ScriptedRelay((r, auth, i) -> auth.headers().contains("Authorization") || i > 0
                ? r.grant(auth, "srv", 600L)
                : ScriptedRelay.challenge(auth, "realm", "example.org", "nonce", "n1", "qop", "auth"));
        down = LoopbackSockets.closedPort(V4);
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName(V4))) {
            port = probe.getLocalPort();
        }
        dns = new InetSocketAddress(V4, port);
        List<String> command = new ArrayList<>(List.of(DNSMASQ.toString(), "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--port=" + port, "--listen-address=" + V4, "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--pid-file=", "--local=/test/",
                "--srv-host=_msrp._tcp.order.test,127.0.0.1,2001,20,0",
                "--srv-host=_msrp._tcp.order.test,127.0.0.1,2002,10,0",
                "--srv-host=_msrp._tcp.order.test,127.0.0.1,2003,30,0",
                "--srv-host=_msrps._tcp.order.test,127.0.0.1,2004,10,0",
                "--srv-host=_msrp._tcp.failover.test,127.0.0.1," + down + ",10,0",
                "--srv-host=_msrp._tcp.failover.test,127.0.0.1," + relay.port() + ",20,0",
                "--host-record=relay.named.test,127.0.0.1",
                "--srv-host=_msrp._tcp.named.test,relay.named.test," + relay.port() + ",10,0"));
        dnsmasq = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                if (!RelayTargets.resolve(settings("order.test", false)).isEmpty()) {
                    return;
                }
            } catch (ConnectFailedException notYet) {
                if (!dnsmasq.isAlive() || System.nanoTime() > deadline) {
                    String state = dnsmasq.isAlive() ? "running" : "exit " + dnsmasq.exitValue();
                    throw new AssertionError("dnsmasq did not answer on " + dns + " (" + state + ")", notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopDnsServer() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            if (!dnsmasq.waitFor(5, TimeUnit.SECONDS)) {
                dnsmasq.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (relay != null) {
            relay.close();
        }
    }

    /** Per test, so that each one shows as skipped, with the reason, when dnsmasq is missing. */
    @BeforeEach
    void dnsmasqIsThere() {
        Interop.requireService("dnsmasq " + DNSMASQ + " (apt-get install dnsmasq)", Files.isExecutable(DNSMASQ));
    }

    private static RelaySettings settings(String domain, boolean tls) {
        return RelaySettings.builder(domain, "alice", "secret").useTls(tls).dnsServer(dns)
                .dnsTimeout(Duration.ofMillis(500)).authTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void srvTargetsAreTriedInPriorityOrder() throws Exception {
        assertThat(RelayTargets.resolve(settings("order.test", false))).extracting(MsrpUri::port)
                .containsExactly(2002, 2001, 2003);
        assertThat(RelayTargets.resolve(settings("order.test", false))).allSatisfy(u -> {
            assertThat(u.host()).isEqualTo("127.0.0.1");
            assertThat(u.useTls()).isFalse();
        });
    }

    @Test
    void tlsLooksUpMsrpsRecords() throws Exception {
        assertThat(RelayTargets.resolve(settings("order.test", true))).singleElement()
                .satisfies(u -> {
                    assertThat(u.port()).isEqualTo(2004);
                    assertThat(u.useTls()).isTrue();
                });
    }

    @Test
    void withoutARecordTheDomainOnPort2855IsUsed() throws Exception {
        assertThat(RelayTargets.resolve(settings("none.test", false)))
                .containsExactly(MsrpUri.parse("msrp://none.test:2855;tcp"));
    }

    @Test
    void theNextSrvTargetIsTriedWhenTheFirstIsDown() throws Exception {
        RelayConnection c = new RelayConnection(settings("failover.test", false), RelayConnection.Mode.ACTIVE,
                ConnectFixtures.settings(Async.WAIT));
        try {
            assertThat(c.prepare()).first().isEqualTo(relay.usePath("srv"));
        } finally {
            c.cleanup();
        }
    }

    @Test
    void anSrvTargetNameIsResolvedByTheConfiguredDnsServer() throws Exception {
        // relay.named.test exists only in this test's dnsmasq, not for the system's resolvers
        RelaySettings named = settings("named.test", false);
        assertThat(RelayTargets.resolve(named)).singleElement().extracting(MsrpUri::host).isEqualTo("relay.named.test");
        assertThat(RelayTargets.address(named, RelayTargets.resolve(named).get(0)))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName(V4), relay.port()));
        RelayConnection c = new RelayConnection(named, RelayConnection.Mode.ACTIVE,
                ConnectFixtures.settings(Async.WAIT));
        try {
            assertThat(c.prepare()).first().isEqualTo(relay.usePath("srv"));
        } finally {
            c.cleanup();
        }
    }

    @Test
    void aNameTheConfiguredDnsServerDoesNotKnowFailsToConnect() {
        RelaySettings settings = settings("named.test", false);
        MsrpUri unknown = MsrpUri.parse("msrp://nowhere.named.test:2855;tcp");
        assertThatThrownBy(() -> RelayTargets.address(settings, unknown)).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("nowhere.named.test");
    }

    @Test
    void weightsOrderRecordsOfOnePriorityAtRandomInProportion() throws IOException {
        SRVRecord light = srv(10, 1, 1);
        SRVRecord heavy = srv(10, 99, 2);
        SRVRecord later = srv(20, 50, 3);
        Random random = new Random(42);
        int heavyFirst = 0;
        for (int i = 0; i < 1000; i++) {
            List<SRVRecord> order = RelayTargets.order(List.of(light, heavy, later), random);
            assertThat(order.get(2)).isSameAs(later);
            if (order.get(0) == heavy) {
                heavyFirst++;
            }
        }
        assertThat(heavyFirst).isBetween(950, 1000);
    }

    private static SRVRecord srv(int priority, int weight, int port) throws IOException {
        return new SRVRecord(Name.fromString("_msrp._tcp.w.test."), DClass.IN, 60, priority, weight, port,
                Name.fromString("relay" + port + ".w.test."));
    }
}
