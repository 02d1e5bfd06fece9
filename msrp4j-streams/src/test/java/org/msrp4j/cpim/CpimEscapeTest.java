package org.msrp4j.cpim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The escape mechanism of RFC 3862 §2.3, for header values, quoted names and parameters. */
class CpimEscapeTest {

    @Test
    void writesTheSpecialSequencesAndUxxxxForOtherControls() {
        assertThat(CpimHeader.of("Subject", "a\\b\bc\td\ne\rf\u0001g\u007fh\u000ci\"j'k").rawValue())
                .isEqualTo("a\\\\b\\bc\\td\\ne\\rf\\u0001g\\u007fh\\u000ci\"j'k");
    }

    @Test
    void leavesEverythingElseAlone() {
        String text = "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 <>;=,\"'/";
        assertThat(CpimHeader.of("Subject", text).rawValue()).isEqualTo(text);
    }

    @Test
    void readsTheSpecialSequencesUxxxxAndUnknownEscapesAsRfc3862Says() {
        CpimHeader h = new CpimHeader("Subject", Map.of(), "\\\\ \\\" \\' \\b\\t\\n\\r \\u00e9\\u00E9 \\q \\u12 end\\");

        assertThat(h.value()).isEqualTo("\\ \" ' \b\t\n\r \u00e9\u00e9 q u12 end");
    }

    @Test
    void quotesDisplayNamesThatAreNotTokens() throws CpimException {
        CpimAddress a = CpimAddress.of("O'Brien, \"Pat\" \\ \t", "sip:pat@example.com");

        assertThat(a.encode()).isEqualTo("\"O'Brien, \\\"Pat\\\" \\\\ \\t\" <sip:pat@example.com>");
        assertThat(CpimAddress.parse(a.encode())).isEqualTo(a);
        assertThat(CpimAddress.of("\u00c9lodie Caf\u00e9", "sip:e@example.com").encode())
                .isEqualTo("\u00c9lodie Caf\u00e9 <sip:e@example.com>");
    }

    @Test
    void quotesParameterValuesThatAreNotTokens() throws CpimException {
        CpimHeader h = CpimHeader.of("x.Y", Map.of("p", "a b;c"), "v");
        CpimMessage m = CpimMessage.builder().namespace("x", "urn:x").header(h).contentType("text/plain").build();

        assertThat(h.encode()).isEqualTo("x.Y:;p=\"a b;c\" v");
        assertThat(CpimMessage.parse(m.encode()).header("x.Y").map(c -> c.parameter("p"))).contains("a b;c");
    }

    @Test
    void refusesTextUtf8CannotCarry() {
        assertThatThrownBy(() -> CpimHeader.of("Subject", "a\ud800b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpimAddress.of("\udc00", "sip:a@b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAnEscapedUnpairedSurrogateInANameAsAnError() {
        byte[] wire = "From: \"\\ud800\" <sip:a@b>\r\n\r\nContent-Type: text/plain\r\n\r\n".getBytes(UTF_8);
        assertThatThrownBy(() -> CpimMessage.parse(wire)).isInstanceOf(CpimException.class);
    }
}
