package org.msrp4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionParserTest {

    private final OptionParser parser = new OptionParser("TestBench");
    private final Option<Integer> rounds = parser.intOption("rounds", "N", 5, 1, "measured rounds");
    private final Option<Long> fileMib = parser.longOption("file-mib", "N", 1024L, 1, "file size in MiB");
    private final Option<Boolean> quick = parser.flag("quick", "a smoke run");
    private final Option<List<String>> protocols =
            parser.listOption("protocols", "P", List.of("tcp", "tls"), List.of("tcp", "tls"), "tcp, tls or both");
    private final Option<List<Integer>> chunks = parser.intListOption("chunk-kib", "A,B", List.of(64, 4), 1,
            "chunk sizes");
    private final Option<String> jvm = parser.stringOption("relay-jvm", "OPTS", "-Xmx2g", "the relay's options");
    private final Option<Path> dir = parser.pathOption("dir", "DIR", null, "where files go\n(default java.io.tmpdir)");

    @Test
    void defaultsWhenNothingIsGiven() {
        ParsedArgs a = parser.parse();
        assertThat(a.get(rounds)).isEqualTo(5);
        assertThat(a.get(fileMib)).isEqualTo(1024L);
        assertThat(a.get(quick)).isFalse();
        assertThat(a.get(protocols)).containsExactly("tcp", "tls");
        assertThat(a.get(chunks)).containsExactly(64, 4);
        assertThat(a.get(jvm)).isEqualTo("-Xmx2g");
        assertThat(a.get(dir)).isNull();
        assertThat(a.given(rounds)).isFalse();
        assertThat(a.helpRequested()).isFalse();
    }

    @Test
    void typedValuesAndTheLastOccurrenceWins() {
        ParsedArgs a = parser.parse("--rounds=2", "--file-mib=4", "--quick", "--protocols=TLS", "--chunk-kib=8, 16",
                "--relay-jvm=-Xms1g -Xmx1g", "--dir=/tmp/x", "--rounds=3");
        assertThat(a.get(rounds)).isEqualTo(3);
        assertThat(a.get(fileMib)).isEqualTo(4L);
        assertThat(a.get(quick)).isTrue();
        assertThat(a.get(protocols)).containsExactly("tls");
        assertThat(a.get(chunks)).containsExactly(8, 16);
        assertThat(a.get(jvm)).isEqualTo("-Xms1g -Xmx1g");
        assertThat(a.get(dir)).isEqualTo(Path.of("/tmp/x"));
        assertThat(a.given(rounds)).isTrue();
    }

    @Test
    void aPresetDefaultYieldsToAGivenValue() {
        ParsedArgs preset = parser.parse("--quick");
        assertThat(preset.get(rounds, preset.get(quick) ? 2 : 5)).isEqualTo(2);
        ParsedArgs explicit = parser.parse("--quick", "--rounds=7");
        assertThat(explicit.get(rounds, explicit.get(quick) ? 2 : 5)).isEqualTo(7);
    }

    @Test
    void anEmptyListIsNone() {
        assertThat(parser.parse("--protocols=").get(protocols)).isEmpty();
    }

    @Test
    void helpIsAskedFor() {
        assertThat(parser.parse("--help").helpRequested()).isTrue();
        assertThat(parser.parse("-h").helpRequested()).isTrue();
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of("--roundz=3", "unknown option --roundz"),
                Arguments.of("rounds=3", "unexpected argument 'rounds=3' (options are --name=value)"),
                Arguments.of("--rounds", "--rounds needs a value: --rounds=N"),
                Arguments.of("--quick=yes", "--quick takes no value"),
                Arguments.of("--rounds=two", "--rounds=two: not a whole number"),
                Arguments.of("--rounds=0", "--rounds=0: must be at least 1"),
                Arguments.of("--rounds=9999999999", "--rounds=9999999999: must be at least 1"),
                Arguments.of("--file-mib=0", "--file-mib=0: must be at least 1"),
                Arguments.of("--protocols=tcp,udp", "--protocols=tcp,udp: 'udp' is not one of tcp, tls"),
                Arguments.of("--chunk-kib=8,0", "--chunk-kib=8,0: each item must be at least 1"),
                Arguments.of("--chunk-kib=8,x", "--chunk-kib=x: not a whole number"),
                Arguments.of("--dir=", "--dir: empty path"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineNamesWhatIsWrong(String arg, String message) {
        assertThatThrownBy(() -> parser.parse(arg)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    @Test
    void aCheckAcrossOptionsIsAUsageError() {
        ParsedArgs a = parser.parse("--rounds=3");
        assertThatThrownBy(() -> a.require(a.get(rounds) > 3, "--rounds must exceed 3"))
                .isInstanceOf(UsageException.class).hasMessage("--rounds must exceed 3");
    }

    @Test
    void theUsageTextListsEveryOptionWithItsDefault() {
        assertThat(parser.usage()).isEqualTo("""
                usage: TestBench [options]
                  --rounds=N              measured rounds (default 5)
                  --file-mib=N            file size in MiB (default 1024)
                  --quick                 a smoke run
                  --protocols=P           tcp, tls or both (default tcp,tls)
                  --chunk-kib=A,B         chunk sizes (default 64,4)
                  --relay-jvm=OPTS        the relay's options (default -Xmx2g)
                  --dir=DIR               where files go
                                            (default java.io.tmpdir)
                  --help                  this text
                """);
    }

    @Test
    void anOptionCannotBeDeclaredTwice() {
        assertThatThrownBy(() -> parser.flag("quick", "again")).isInstanceOf(IllegalArgumentException.class);
    }
}
