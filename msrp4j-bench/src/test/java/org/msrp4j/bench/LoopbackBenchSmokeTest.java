package org.msrp4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each loopback harness on a tiny workload, so that a broken variant shows in {@code mvn verify}
 * rather than when someone next runs the bench: every row it should print is there, and the file
 * transfers passed their SHA-256 checks (a harness throws on a mismatch, and prints the check). The
 * figures themselves are not looked at: speed is measured by running the benches, never asserted.
 */
class LoopbackBenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void sessionBenchPrintsEveryVariantWithItsChecks() throws Exception {
        String out = BenchOutput.of(SessionBench::main, "--file-mib=2", "--warmup-mib=1", "--warmup-rounds=1",
                "--rounds=2", "--seq=100", "--seq-warmup=0", "--pipe=500", "--pipe-warmup=0", "--pipe-window=64",
                "--tuned-chunk-kib=128", "--message-protocols=tcp", "--dir=" + dir);
        // TCP: raw, default, tuned; TLS: those and raw-ra; one warm-up and two measured rounds each
        assertThat(out).contains("SHA-256 check: all 21 transfers matched")
                .containsPattern("(?m)^TCP +raw socket copy, rx SHA-256 ")
                .containsPattern("(?m)^TCP +msrp ")
                .containsPattern("(?m)^TLS +raw socket copy, rx SHA-256 ")
                .containsPattern("(?m)^TLS +\\(raw TLS copy over ReadAheadSocket\\) ")
                .containsPattern("(?m)^TCP +msrp deliverChunk, 100 B body ")
                .containsPattern("(?m)^TCP +\\(msrp, platform threads\\) ")
                .containsPattern("(?m)^TCP +\\(raw, replies via a reader thread\\) ")
                .containsPattern("(?m)^TCP +msrp sendChunk, window 64 ")
                .contains("goal file >= 0.7 x raw TCP, defaults", "goal file >= 0.7 x raw TLS, tuned",
                        "goal sequential >= 20,000 rt/s TCP", "goal pipelined >= 200,000 msgs/s TCP")
                .doesNotContain("NaN");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void transportBenchPrintsBothKindsForEveryCase() throws Exception {
        Path csv = dir.resolve("rounds.csv");
        String out = BenchOutput.of(TransportBench::main, "--payload-mib=1", "--chunk-kib=64,4", "--warmup=0",
                "--rounds=2", "--threads=both", "--csv=" + csv);
        for (String proto : new String[] {"TCP", "TLS"}) {
            for (String chunk : new String[] {"64K", "4K"}) {
                for (String threads : new String[] {"virtual", "platform"}) {
                    String row = "(?m)^" + proto + " +" + chunk + " +" + threads;
                    assertThat(out).containsPattern(row + " +raw ").containsPattern(row + " +msrp .*\\d\\.\\d\\d \\(");
                }
            }
        }
        assertThat(out).contains("goal msrp >= 0.8 x raw, TCP", "goal msrp >= 0.8 x raw, TLS");
        // a header and one line per kind, round and case
        assertThat(csv).content().hasLineCount(1 + 2 * 2 * 2 * 2 * 2);
    }

    @Test
    void chatBenchRotatesItsThreeWays() throws Exception {
        String out = BenchOutput.of(ChatBench::main, "--messages=100", "--rounds=3", "--warmup=20", "--listening");
        assertThat(out).containsPattern("(?m)^msrp deliverChunk \\(200 response\\) +\\d+ ")
                .containsPattern("(?m)^msrp sendMessage \\(success REPORT\\) +\\d+ ")
                .containsPattern("(?m)^chat sendMessage, CPIM \\(success REPORT\\) +\\d+ ")
                .contains("chat / deliverChunk messages/s: ", "deliverChunk / chat CPU per message: ")
                .contains("read poller(s)")
                .doesNotContain("NaN");
    }

    @Test
    void fileStreamBenchMovesTheFileBothWays() throws Exception {
        String out = BenchOutput.of(FileStreamBench::main, "--file-mib=2", "--rounds=2");
        assertThat(out).contains("round 1: sendFile ", "round 2: sendFile ")
                .containsPattern("2 MiB, best of 2: sendFile [\\d.]+ MB/s, stream [\\d.]+ MB/s, ratio [\\d.]+ ");
    }
}
