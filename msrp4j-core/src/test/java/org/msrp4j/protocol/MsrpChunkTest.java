package org.msrp4j.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentDescriptionHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.GenericHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.protocol.header.ToPathHeader;

class MsrpChunkTest {

    private static final MsrpUri BOB = MsrpUri.parse("msrp://bob.example.com:8888/9di4eae923wzd;tcp");
    private static final MsrpUri ALICE = MsrpUri.parse("msrp://alice.example.com:7777/iau39soe2843z;tcp");

    private static MsrpChunk send(String body) {
        return MsrpChunk.request("a786hjs2", "SEND")
                .addHeader(new ToPathHeader(List.of(BOB)))
                .addHeader(new FromPathHeader(List.of(ALICE)))
                .addHeader(new MessageIdHeader("87652491"))
                .addHeader(new ByteRangeHeader(new ByteRange(1, body.length(), body.length())))
                .addHeader(new ContentTypeHeader("text/plain"))
                .setData(body.getBytes(UTF_8));
    }

    @Test
    void encodesInWireOrderWhateverTheInsertionOrder() {
        MsrpChunk c = MsrpChunk.request("a786hjs2", "SEND")
                .addHeader(new ContentTypeHeader("text/plain"))
                .addHeader(new ContentDescriptionHeader("greeting"))
                .addHeader(new MessageIdHeader("87652491"))
                .addHeader(new FromPathHeader(List.of(ALICE)))
                .addHeader(new ToPathHeader(List.of(BOB)))
                .setData("Hi".getBytes(UTF_8));
        assertThat(new String(c.encode(), UTF_8)).isEqualTo("MSRP a786hjs2 SEND\r\n"
                + "To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\n"
                + "From-Path: msrp://alice.example.com:7777/iau39soe2843z;tcp\r\n"
                + "Message-ID: 87652491\r\n"
                + "Content-Description: greeting\r\n"
                + "Content-Type: text/plain\r\n"
                + "\r\n"
                + "Hi\r\n"
                + "-------a786hjs2$\r\n");
    }

    @Test
    void responseAndBodylessForms() {
        MsrpChunk ok = MsrpChunk.response("a786hjs2", 200, "OK")
                .addHeader(new ToPathHeader(List.of(ALICE))).addHeader(new FromPathHeader(List.of(BOB)));
        assertThat(new String(ok.encode(), UTF_8)).isEqualTo("MSRP a786hjs2 200 OK\r\n"
                + "To-Path: msrp://alice.example.com:7777/iau39soe2843z;tcp\r\n"
                + "From-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\n"
                + "-------a786hjs2$\r\n");
        assertThat(new String(MsrpChunk.response("abcd", 408, null).encode(), UTF_8))
                .isEqualTo("MSRP abcd 408\r\n-------abcd$\r\n");
        assertThat(MsrpChunk.response("abcd", 408, "").comment()).isNull();
        assertThat(new String(ok.encodeEnd(Continuation.ABORT), UTF_8)).isEqualTo("-------a786hjs2#\r\n");
    }

    @Test
    void derivedAttributesAndDefaults() {
        MsrpChunk c = send("Hey Bob, are you there?");
        assertThat(c.contentType()).isEqualTo("text/plain");
        assertThat(c.messageId()).isEqualTo("87652491");
        assertThat(c.byteRange()).isEqualTo(new ByteRange(1, 23, 23));
        assertThat(c.size()).isEqualTo(23);
        assertThat(c.status()).isNull();
        assertThat(c.failureReport()).isEqualTo(ReportMode.YES);
        assertThat(c.successReport()).isEqualTo(ReportMode.NO);
        c.addHeader(new FailureReportHeader(ReportMode.PARTIAL)).addHeader(new SuccessReportHeader(ReportMode.YES));
        assertThat(c.failureReport()).isEqualTo(ReportMode.PARTIAL);
        assertThat(c.successReport()).isEqualTo(ReportMode.YES);
        assertThat(c.toPath()).containsExactly(BOB);
        assertThat(c.fromPath()).containsExactly(ALICE);
        assertThat(c).hasToString("MSRP a786hjs2 SEND (23 bytes, $)");
    }

    @Test
    void addHeaderReplacesButHeadersAddKeepsDuplicates() {
        MsrpChunk c = send("x");
        c.addHeader(new MessageIdHeader("other1"));
        assertThat(c.headers().getAll("Message-ID")).containsExactly(new MessageIdHeader("other1"));
        c.headers().add(new GenericHeader("X-Tag", "a")).add(new GenericHeader("X-Tag", "b"));
        assertThat(c.headers().getAll("x-tag")).hasSize(2);
        assertThat(c.headers().remove("X-TAG")).isTrue();
        assertThat(c.headers().contains("X-Tag")).isFalse();
    }

    @Test
    void copyIsDeep() {
        MsrpChunk c = send("abc").setContinuation(Continuation.MORE);
        MsrpChunk d = c.copy();
        assertThat(d).isEqualTo(c).isNotSameAs(c);
        d.data()[0] = 'X';
        d.addHeader(new MessageIdHeader("zzzz"));
        assertThat(c.data()[0]).isEqualTo((byte) 'a');
        assertThat(c.messageId()).isEqualTo("87652491");
        assertThat(d).isNotEqualTo(c);
    }

    @Test
    void verifyHeaders() {
        send("abc").verifyHeaders();
        assertThatThrownBy(() -> MsrpChunk.request("abcd", "SEND").verifyHeaders())
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("To-Path");
        MsrpChunk noFrom = MsrpChunk.request("abcd", "SEND").addHeader(new ToPathHeader(List.of(BOB)));
        assertThatThrownBy(noFrom::verifyHeaders).hasMessageContaining("From-Path");
        MsrpChunk noType = send("abc");
        noType.headers().remove(ContentTypeHeader.NAME);
        assertThatThrownBy(noType::verifyHeaders).hasMessageContaining("Content-Type");
        MsrpChunk wrongRange = send("abc").setData("abcd".getBytes(UTF_8));
        assertThatThrownBy(wrongRange::verifyHeaders).hasMessageContaining("spans 3 bytes but the chunk carries 4");
    }

    @Test
    void startLineIsValidated() {
        assertThatThrownBy(() -> MsrpChunk.request("abc", "SEND")).isInstanceOf(MsrpSyntaxException.class)
                .hasMessageContaining("transaction id");
        assertThatThrownBy(() -> MsrpChunk.request("a".repeat(33), "SEND")).isInstanceOf(MsrpSyntaxException.class);
        assertThatThrownBy(() -> MsrpChunk.request("abcd", "send")).isInstanceOf(MsrpSyntaxException.class)
                .hasMessageContaining("upper-case");
        assertThatThrownBy(() -> MsrpChunk.request("abcd", "_SEND")).isInstanceOf(MsrpSyntaxException.class);
        assertThatThrownBy(() -> MsrpChunk.request("abcd", "FILE-OFFSET")).isInstanceOf(MsrpSyntaxException.class);
        assertThat(MsrpChunk.request("abcd", "FILE_OFFSET").method()).as("sipsimple's resume request")
                .isEqualTo("FILE_OFFSET");
        assertThatThrownBy(() -> MsrpChunk.response("abcd", 99, null)).isInstanceOf(MsrpSyntaxException.class);
        assertThatThrownBy(() -> MsrpChunk.response("abcd", 200, "O\r\nK")).isInstanceOf(MsrpSyntaxException.class);
    }

    @Test
    void randomIdentsAreValidAndDistinct() {
        String a = MsrpGrammar.randomIdent(16);
        assertThat(MsrpGrammar.isIdent(a)).isTrue();
        assertThat(a).hasSize(16).isNotEqualTo(MsrpGrammar.randomIdent(16));
        assertThatThrownBy(() -> MsrpGrammar.randomIdent(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomIdentsUseTheWholeAlphabetEvenly() {
        int[] counts = new int[128];
        for (int i = 0; i < 4_000; i++) {
            for (char c : MsrpGrammar.randomIdent(32).toCharArray()) {
                counts[c]++;
            }
        }
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        int expected = 4_000 * 32 / alphabet.length();
        for (char c : alphabet.toCharArray()) {
            assertThat(counts[c]).as("count of '%s'", c).isBetween(expected * 8 / 10, expected * 12 / 10);
        }
        assertThat(IntStream.of(counts).sum()).isEqualTo(4_000 * 32);
    }
}
