package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.auth.Digest;
import org.msrp4j.connect.RelaySettings;

class RelayConfigTest {

    @Test
    void sampleFileLoads() throws IOException {
        RelayConfig c = RelayConfig.load(Path.of("src/main/config/relay.properties"));
        assertThat(c.host()).isEqualTo("relay.example.org");
        assertThat(c.realm()).isEqualTo("example.org");
        assertThat(c.listeners()).hasSize(3);
        assertThat(c.listeners().get(1).tls()).isTrue();
        assertThat(c.listeners().get(1).address().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(c.listeners().get(2).tls()).isFalse();
        assertThat(c.listeners().get(0).tls()).isTrue();
        assertThat(c.listeners().get(0).port()).isEqualTo(2855);
        assertThat(c.listeners().get(1).port()).isEqualTo(2855);
        assertThat(c.listeners().get(2).port()).isNotEqualTo(2855);
        assertThat(c.auth().defaultExpires()).isEqualTo(3600);
        assertThat(c.auth().minExpires()).isEqualTo(60);
        assertThat(c.auth().maxExpires()).isEqualTo(7200);
        assertThat(c.auth().nonceLifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.timeouts().shutdown()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.users().ha1("alice", "example.org")).contains(Digest.ha1("alice", "example.org", "secret"));
        assertThat(c.users().ha1("bob", "example.org")).contains(Digest.ha1("bob", "example.org", "secret"));
        assertThat(c.users().ha1("mallory", "example.org")).isEmpty();
        assertThat(c.abuseLimits()).usingRecursiveComparison().isEqualTo(AbuseLimits.DEFAULT);
        assertThat(c.capacity().maxConnections()).isEqualTo(FdLimit.defaultMaxConnections());
    }

    @Test
    void abuseLimitsAreReadAndChecked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("limits.properties");
        Files.writeString(file, """
                auth.address.max-failures = 3
                auth.user.max-failures = 7
                auth.throttle.window = 30
                auth.throttle.ban = 600
                auth.throttle.entries = 500
                timeout.handshake = 4
                timeout.first-request = 5
                connections.per-address = 9
                """);
        RelayConfig c = RelayConfig.load(file);
        AbuseLimits l = c.abuseLimits();
        assertThat(l.addressFailures()).isEqualTo(3);
        assertThat(l.userFailures()).isEqualTo(7);
        assertThat(l.failureWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.ban()).isEqualTo(Duration.ofSeconds(600));
        assertThat(l.throttleEntries()).isEqualTo(500);
        assertThat(l.handshakeTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(l.firstRequestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(l.connectionsPerAddress()).isEqualTo(9);
        assertThat(c.toBuilder().build().abuseLimits()).isSameAs(l);
        Files.writeString(file, "connections.per-address = 0\n");
        assertThatThrownBy(() -> RelayConfig.load(file)).hasMessageContaining("connections.per-address");
        Files.writeString(file, "timeout.handshake = 0\n");
        assertThatThrownBy(() -> RelayConfig.load(file)).hasMessageContaining("timeout.handshake");
    }

    @Test
    void theDefaultConnectionCapLeavesDescriptorsFree() {
        assertThat(FdLimit.capFor(-1)).isEqualTo(FdLimit.FALLBACK);
        assertThat(FdLimit.capFor(256)).isEqualTo(256 - 64);
        assertThat(FdLimit.capFor(1024)).isEqualTo(1024 - 102);
        assertThat(FdLimit.capFor(1_048_576)).isEqualTo(FdLimit.FALLBACK);
        assertThat(FdLimit.capFor(10)).isEqualTo(1);
        long limit = FdLimit.processLimit();
        assertThat(RelayConfig.builder().build().capacity().maxConnections())
                .isLessThanOrEqualTo((int) Math.max(limit, 1)).isEqualTo(FdLimit.capFor(limit));
    }

    @Test
    void theDefaultListenerIsTlsOnThePortClientsTryWithoutSrv(@TempDir Path dir) throws IOException {
        // RFC 4976 §8: no SRV record for the domain, so TLS to the domain on the default port 2855
        RelayListener expected = RelayListener.tls("0.0.0.0", 2855);
        for (RelayConfig c : List.of(RelayConfig.builder().build(),
                RelayConfig.fromProperties(new Properties(), dir))) {
            assertThat(c.listeners()).containsExactly(expected);
            assertThat(c.listeners().get(0).tls()).isTrue();
            assertThat(c.listeners().get(0).port()).isEqualTo(RelaySettings.DEFAULT_PORT);
        }
    }

    @Test
    void relayStartsFromAFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("users.txt"), "# test\nbob:{HA1}" + Digest.ha1("bob", "test.org", "pw") + "\n");
        Path file = dir.resolve("relay.properties");
        Files.writeString(file, """
                host = 127.0.0.1
                listen = msrps://127.0.0.1:0, msrp://127.0.0.1:0, msrp://[::1]:0
                realm = test.org
                users.file = users.txt
                users.allowed = bob
                expires.default = 100
                expires.min = 10
                expires.max = 200
                """);
        try (MsrpRelay relay = MsrpRelay.start(file);
                RelayTestKit.Client c = RelayTestKit.Client.connect(relay.listenerUri(true))) {
            assertThat(relay.listenerUris()).hasSize(3).allMatch(u -> u.port() > 0);
            assertThat(relay.realm()).isEqualTo("test.org");
            assertThat(c.auth("bob", "pw", null).code()).isEqualTo(200);
            assertThat(c.sessionUri.host()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void badSettingsAreNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "listen = msrps://127.0.0.1:0\nexpire.max = 5\n");
        assertThatThrownBy(() -> RelayConfig.load(file)).hasMessageContaining("expire.max");
        Files.writeString(file, "timeout.idle = soon\n");
        assertThatThrownBy(() -> RelayConfig.load(file)).hasMessageContaining("timeout.idle");
        Files.writeString(file, "listen = http://127.0.0.1:80\n");
        assertThatThrownBy(() -> RelayConfig.load(file)).hasMessageContaining("msrps://");
        Files.writeString(file, "expires.min = 100\nexpires.max = 50\n");
        assertThatThrownBy(() -> RelayConfig.load(file)).hasMessageContaining("expires.min");
    }

    @Test
    void buffersStartSmallAndGrowToABound(@TempDir Path dir) throws IOException {
        RelayConfig defaults = RelayConfig.builder().build();
        assertThat(defaults.capacity().bufferSize()).isEqualTo(4 * 1024);
        assertThat(defaults.capacity().maxBufferSize()).isEqualTo(128 * 1024);
        Path file = dir.resolve("buffers.properties");
        Files.writeString(file, "buffer.size = 2048\nbuffer.max = 65536\n");
        RelayConfig c = RelayConfig.load(file);
        assertThat(c.capacity().bufferSize()).isEqualTo(2048);
        assertThat(c.capacity().maxBufferSize()).isEqualTo(65536);
        assertThat(c.toBuilder().build().capacity().maxBufferSize()).isEqualTo(65536);
        Files.writeString(file, "buffer.size = 65536\nbuffer.max = 2048\n");
        assertThatThrownBy(() -> RelayConfig.load(file)).hasMessageContaining("buffer.max");
    }

    @Test
    void shutdownGraceDefaultsToTenSecondsAndMayBeZero(@TempDir Path dir) throws IOException {
        assertThat(RelayConfig.builder().build().timeouts().shutdown()).isEqualTo(Duration.ofSeconds(10));
        Path file = dir.resolve("shutdown.properties");
        Files.writeString(file, "timeout.shutdown = 2\n");
        RelayConfig c = RelayConfig.load(file);
        assertThat(c.timeouts().shutdown()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.toBuilder().build().timeouts().shutdown()).isEqualTo(Duration.ofSeconds(2));
        Files.writeString(file, "timeout.shutdown = 0\n");
        assertThat(RelayConfig.load(file).timeouts().shutdown()).isZero();
        Files.writeString(file, "timeout.shutdown = -1\n");
        assertThatThrownBy(() -> RelayConfig.load(file)).hasMessageContaining("timeout.shutdown");
        assertThatThrownBy(() -> RelayConfig.builder().shutdownTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("timeout.shutdown");
    }

    @Test
    void usersFileFormat() {
        RelayUsers u = RelayUsers.parse(List.of("# c", "", "a:pa:ss", "b:{HA1}" + "0".repeat(32)), "t");
        assertThat(u.size()).isEqualTo(2);
        assertThat(u.ha1("a", "r")).contains(Digest.ha1("a", "r", "pa:ss"));
        assertThat(u.ha1("b", "r")).contains("0".repeat(32));
        assertThatThrownBy(() -> RelayUsers.parse(List.of("nocolon"), "t")).hasMessageContaining("t:1");
        assertThatThrownBy(() -> RelayUsers.parse(List.of("x:{HA1}zz"), "t")).hasMessageContaining("32 hex");
    }

    @Test
    void listenerSyntax() {
        RelayListener l = RelayListener.parse("msrp://[::1]:2855");
        assertThat(l.tls()).isFalse();
        assertThat(l.address().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(l.port()).isEqualTo(2855);
        assertThatThrownBy(() -> RelayListener.parse("msrps://relay.example.org:2856"))
                .hasMessageContaining("IP literal");
    }
}
