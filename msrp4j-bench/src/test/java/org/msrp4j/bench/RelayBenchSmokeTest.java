package org.msrp4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay harness on a tiny workload (the relay in a child JVM, as when run for figures), and the
 * harness that goes through Kamailio: each variant's row is printed, so its transfers passed their
 * SHA-256 checks (a mismatch ends the run). Figures are not looked at.
 */
class RelayBenchSmokeTest {

    private static final String SMALL_JVM = "-Xmx256m";

    @TempDir
    Path dir;

    @Test
    void everyVariantOfOurRelayAndTheCapacityPart() throws Exception {
        String out = BenchOutput.of(RelayBench::main, "--file-mib=4", "--warmup-mib=1", "--warmup-rounds=1",
                "--rounds=1", "--messages=50", "--sessions=20", "--single-sessions=20", "--parallel=4",
                "--idle-seconds=1", "--relay-jvm=" + SMALL_JVM, "--client-jvm=" + SMALL_JVM, "--dir=" + dir);
        for (String proto : new String[] {"TCP", "TLS"}) {
            for (String variant : new String[] {"direct", "relay", "relay-8k", "relay-ws", "pipe"}) {
                assertThat(out).contains("| " + proto + " | " + variant + " | ");
            }
        }
        assertThat(out).contains("| TLS | engine-pipe | ", "SHA-256 checked on every transfer",
                "Kamailio: not measured", "relayed sessions held at once | **20**");
        assertThat(out).containsPattern("Capacity, .*: 20 relayed sessions");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void kamailioBesideOurRelay() throws Exception {
        Kamailio.require(Kamailio.TCP, Kamailio.TLS);
        String out = BenchOutput.of(RelayBench::main, "--parts=throughput", "--variants=relay-8k,kamailio",
                "--file-mib=2", "--warmup-mib=1", "--warmup-rounds=1", "--rounds=1", "--messages=50",
                "--kamailio-tcp-port=" + Kamailio.TCP, "--kamailio-tls-port=" + Kamailio.TLS,
                "--relay-jvm=" + SMALL_JVM, "--dir=" + dir);
        assertThat(out).contains("| TCP | kamailio | ", "| TLS | kamailio | ", "| TCP | relay-8k | ")
                .doesNotContain("Kamailio: not measured");
    }

    @Test
    void webSocketBenchThroughKamailio() throws Exception {
        Kamailio.require(Kamailio.TCP, Kamailio.TLS, Kamailio.WS, Kamailio.WSS);
        String out = BenchOutput.of(WebSocketBench::main, "--messages=20", "--file-mib=1", "--rounds=2");
        for (String via : new String[] {"tcp", "ws", "tls", "wss"}) {
            assertThat(out).containsPattern("(?m)^" + via + " +\\d+ +\\d+ +[\\d.]+ ");
        }
    }
}
