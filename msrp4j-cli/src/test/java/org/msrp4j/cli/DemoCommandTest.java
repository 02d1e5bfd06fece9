package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    @Test
    void demoRoundTripsAChunkAndShowsTypedErrors() {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        int status = cmd.execute("demo");
        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("identical to what was sent: true")
                .contains("answer 400, connection kept: malformed chunk t4k3: invalid Byte-Range header")
                .contains("fatal, connection closed: expected a chunk starting with \"MSRP \", got 'G'")
                .containsPattern("200,000 chunks in [0-9.]+ s");
    }

    @Test
    void unknownCommandFailsWithUsage() {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument").contains("frobnicate");
    }
}
