package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** What a peer's text becomes on the terminal and as a file name, and the {@code --max-size} values. */
class PeerTextTest {

    @Test
    void controlAndFormatCharactersAreEscaped() {
        assertThat(PeerText.display("a\u001b[2Jb\u0007\u009b\u007f")).isEqualTo("a\\u001B[2Jb\\u0007\\u009B\\u007F");
        assertThat(PeerText.display("one\ntwo\r\tthree")).isEqualTo("one\\ntwo\\r\\tthree");
        assertThat(PeerText.display("abc\u202Edef\u2066\u200E\u2028\uFEFF"))
                .isEqualTo("abc\\u202Edef\\u2066\\u200E\\u2028\\uFEFF");
        assertThat(PeerText.display("lone \uD800 surrogate")).isEqualTo("lone \\uD800 surrogate");
        assertThat(PeerText.display("tag \uDB40\uDC01")).isEqualTo("tag \\U000E0001");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "caf\u00e9 \u2615 \u05e9\u05dc\u05d5\u05dd \uD83D\uDC68\u200D\uD83D\uDC69 [x] 100%";
        assertThat(PeerText.display(text)).isSameAs(text);
        assertThat(PeerText.display(null)).isNull();
    }

    @Test
    void fileNames() {
        assertThat(PeerText.fileNameProblem("report 2024 (final).pdf")).isNull();
        assertThat(PeerText.fileNameProblem("\u00e9t\u00e9.txt")).isNull();
        assertThat(PeerText.fileNameProblem("")).isNotNull();
        assertThat(PeerText.fileNameProblem(".")).isNotNull();
        assertThat(PeerText.fileNameProblem("..")).isNotNull();
        assertThat(PeerText.fileNameProblem("a/b")).contains("path separator");
        assertThat(PeerText.fileNameProblem("a\\b")).contains("path separator");
        assertThat(PeerText.fileNameProblem("evil\u202Efdp.exe")).contains("U+202E").doesNotContain("\u202E");
        assertThat(PeerText.fileNameProblem("zero\u200Bwidth")).contains("U+200B");
        assertThat(PeerText.fileNameProblem("joined\u200D")).contains("U+200D");
        assertThat(PeerText.fileNameProblem("tab\tname")).contains("U+0009");
        assertThat(PeerText.fileNameProblem("unassigned\u0378")).contains("U+0378");
        assertThat(PeerText.fileNameProblem("x".repeat(PeerText.MAX_FILE_NAME_BYTES))).isNull();
        assertThat(PeerText.fileNameProblem("x".repeat(PeerText.MAX_FILE_NAME_BYTES + 1))).contains("201 bytes");
        assertThat(PeerText.fileNameProblem("\u00e9".repeat(101))).contains("202 bytes");
    }

    @Test
    void sizes() {
        Converters.Size size = new Converters.Size();
        assertThat(size.convert("1234")).isEqualTo(1234);
        assertThat(size.convert("1K")).isEqualTo(1000);
        assertThat(size.convert("10G")).isEqualTo(10_000_000_000L);
        assertThat(size.convert("500mb")).isEqualTo(500_000_000);
        assertThat(size.convert("2GiB")).isEqualTo(2L << 30);
        assertThat(size.convert("1 TiB")).isEqualTo(1L << 40);
        assertThatThrownBy(() -> size.convert("-1")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> size.convert("1X")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> size.convert("99999999999T")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("too large");
    }
}
