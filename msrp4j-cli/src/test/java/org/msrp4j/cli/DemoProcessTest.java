package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code msrp demo} end to end, as CI runs it (with a smaller file). */
class DemoProcessTest {

    @Test
    void demoThroughTheRelay() throws Exception {
        CliProcess demo = CliProcess.run("demo", "--size", "8");
        assertThat(demo.exitValue()).as(demo.stderr()).isZero();
        String out = demo.stdout();
        Matcher relay = Pattern.compile("A relay starts: msrps://127\\.0\\.0\\.1:(\\d+);tcp")
                .matcher(out);
        assertThat(relay.find()).as(out).isTrue();
        String relayUri = "msrps://127.0.0.1:" + relay.group(1) + "/";
        assertThat(out)
                .contains("Bob   -> relay  AUTH (no credentials)")
                .contains("relay -> Bob    401 Unauthorized")
                .contains("WWW-Authenticate: Digest realm=\"msrp4j-demo\"")
                .contains("Authorization: Digest username=\"bob\"")
                .contains("relay -> Bob    200 OK")
                .contains("Use-Path: " + relayUri)
                .containsPattern("Alice  a=path:msrps://127\\.0\\.0\\.1:\\d+/\\S+;tcp\n")
                .containsPattern("Bob    a=path:" + Pattern.quote(relayUri)
                        + "\\S+;tcp msrps://127\\.0\\.0\\.1:\\d+/\\S+;tcp")
                .containsPattern("Bob +-> Alice \\[Message-ID \\S+] Ready when you are\\.")
                .containsPattern("8\\.0 MB through the relay")
                .containsPattern("8\\.0 MB in [0-9.]+ s: \\d+ MB/s")
                .contains("(match)")
                .contains("msrp listen --relay");
    }

    @Test
    void demoDirect() throws Exception {
        CliProcess demo = CliProcess.run("demo", "--direct", "--size", "8");
        assertThat(demo.exitValue()).as(demo.stderr()).isZero();
        assertThat(demo.stdout())
                .containsPattern("Alice  a=path:msrp://127\\.0\\.0\\.1:\\d+/\\S+;tcp")
                .containsPattern("Bob    a=path:msrp://127\\.0\\.0\\.1:\\d+/\\S+;tcp")
                .containsPattern("bound in [0-9.]+ ms: Alice /127\\.0\\.0\\.1:\\d+ -> Bob /127\\.0\\.0\\.1:\\d+"
                        + " over TCP")
                .contains("   | Hello Bob! Bodies are bytes: caf\u00e9 \u2615")
                .containsPattern("Alice -> Bob +\\[Message-ID \\S+] Can you take a file\\?  \\(200 OK in [0-9.]+ ms\\)")
                .containsPattern("Bob +-> Alice \\[Message-ID \\S+] Ready when you are\\.")
                .containsPattern("8\\.0 MB in [0-9.]+ s: \\d+ MB/s")
                .contains("(match)")
                .contains("Next:");
    }

    @Test
    void demoOverTls() throws Exception {
        CliProcess demo = CliProcess.run("demo", "--direct", "--tls", "--size", "1");
        assertThat(demo.exitValue()).as(demo.stderr()).isZero();
        assertThat(demo.stdout()).contains("a=path:msrps://127.0.0.1:").contains("over TLS, Bob's certificate SHA-256 ")
                .contains("(match)");
    }
}
