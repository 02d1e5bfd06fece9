package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code msrp demo} end to end, as CI runs it (with a smaller file). */
class DemoProcessTest {

    @Test
    void demoBindsChatsAndMovesAVerifiedFile() throws Exception {
        CliProcess demo = CliProcess.run("demo", "--size", "8");
        assertThat(demo.exitValue()).as(demo.stderr()).isZero();
        assertThat(demo.stdout())
                .containsPattern("Alice  a=path:msrp://127\\.0\\.0\\.1:\\d+/\\S+;tcp")
                .containsPattern("Bob    a=path:msrp://127\\.0\\.0\\.1:\\d+/\\S+;tcp")
                .containsPattern("bound in [0-9.]+ ms: /127\\.0\\.0\\.1:\\d+ -> /127\\.0\\.0\\.1:\\d+ over TCP")
                .contains("   | Hello Bob! Bodies are bytes: caf\u00e9 \u2615")
                .containsPattern("Alice -> Bob +\\[Message-ID \\S+] Can you take a file\\?  \\(200 OK in [0-9.]+ ms\\)")
                .containsPattern("Bob +-> Alice \\[Message-ID \\S+] Ready when you are\\.")
                .containsPattern("8\\.0 MB in [0-9.]+ s: \\d+ MB/s")
                .contains("(match)")
                .contains("Next:");
    }

    @Test
    void demoOverTls() throws Exception {
        CliProcess demo = CliProcess.run("demo", "--tls", "--size", "1");
        assertThat(demo.exitValue()).as(demo.stderr()).isZero();
        assertThat(demo.stdout()).contains("a=path:msrps://127.0.0.1:").contains("over TLS, Bob's certificate SHA-256 ")
                .contains("(match)");
    }
}
