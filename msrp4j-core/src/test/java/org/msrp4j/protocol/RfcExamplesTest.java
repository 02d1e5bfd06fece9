package org.msrp4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;

/**
 * Every MSRP message printed in RFC 4975 and RFC 4976 (see rfc-examples/INDEX.md): parsed in
 * every split, fields checked, re-encoded byte for byte.
 */
class RfcExamplesTest {

    /** Examples whose Byte-Range does not match the printed body (RFC errata, see INDEX.md). */
    private static final Map<String, Integer> PRINTED_BODY_LENGTH = Map.of(
            "rfc4975-s4-send-1.msrp", 23,
            "rfc4975-s11.1-send-1.msrp", 14,
            "rfc4975-s11.1-send-2.msrp", 20,
            "rfc4975-s11.2-send-xhtml-1.msrp", 384,
            "rfc4975-s11.4-send-cpim-chunk-2.msrp", 10,
            "rfc4975-s11.5-send-system-1.msrp", 37,
            "rfc4975-s11.6-send-html-1.msrp", 121);

    /** The RFC 4975 §5.1 "snippets" lack the To-Path and From-Path every chunk needs. */
    private static final List<String> SNIPPETS =
            List.of("rfc4975-s5.1-send-chunk-1.msrp", "rfc4975-s5.1-send-chunk-2.msrp");

    static Stream<String> examples() {
        String index = new String(read("INDEX.md"), StandardCharsets.UTF_8);
        return index.lines().filter(l -> l.startsWith("| rfc")).map(l -> l.substring(2, l.indexOf(' ', 2)));
    }

    static byte[] read(String name) {
        try (InputStream in = RfcExamplesTest.class.getResourceAsStream("/rfc-examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void allThirtyFiveExamplesAreIndexed() {
        assertThat(examples()).hasSize(35).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void parsesInEverySplitAndReencodesByteForByte(String name) throws Exception {
        byte[] wire = read(name);
        Recorder whole = Recorder.whole(wire);
        assertThat(Recorder.byteByByte(wire).events).isEqualTo(whole.events);
        assertThat(Recorder.randomSplits(wire, name.hashCode()).events).isEqualTo(whole.events);
        if (SNIPPETS.contains(name)) {
            assertThat(whole.malformed).singleElement()
                    .satisfies(e -> assertThat(e).hasMessageContaining("To-Path and From-Path are required"));
            return;
        }
        assertThat(whole.malformed).isEmpty();
        assertThat(whole.chunks).hasSize(1);
        MsrpChunk chunk = whole.chunks.get(0);
        assertThat(chunk.encode()).isEqualTo(wire);
        assertThat(ChunkParser.parse(wire)).isEqualTo(chunk);
        assertThat(chunk.toPath()).isNotEmpty();
        assertThat(chunk.fromPath()).isNotEmpty();
        String start = new String(wire, 0, 40, StandardCharsets.UTF_8);
        assertThat(start).startsWith("MSRP " + chunk.transactionId() + " "
                + (chunk.isRequest() ? chunk.method() : Integer.toString(chunk.code())));
        ByteRange range = chunk.byteRange();
        // A SEND's Byte-Range describes its own body; a REPORT's the message it reports on.
        if ("SEND".equals(chunk.method()) && range != null && range.hasEnd()) {
            long declared = range.end() - range.start() + 1;
            int expected = PRINTED_BODY_LENGTH.getOrDefault(name, (int) declared);
            assertThat(chunk.size()).as("body length of %s", name).isEqualTo(expected);
            assertThat(declared != chunk.size()).isEqualTo(PRINTED_BODY_LENGTH.containsKey(name));
        }
    }

    @Test
    void rfc4975FirstSendFields() throws Exception {
        MsrpChunk c = ChunkParser.parse(read("rfc4975-s4-send-1.msrp"));
        assertThat(c.transactionId()).isEqualTo("a786hjs2");
        assertThat(c.method()).isEqualTo("SEND");
        assertThat(c.toPath()).containsExactly(MsrpUri.parse("msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp"));
        assertThat(c.fromPath()).containsExactly(MsrpUri.parse("msrp://atlanta.example.com:7654/jshA7weztas;tcp"));
        assertThat(c.messageId()).isEqualTo("87652491");
        assertThat(c.contentType()).isEqualTo("text/plain");
        assertThat(new String(c.data(), StandardCharsets.UTF_8)).isEqualTo("Hey Bob, are you there?");
        assertThat(c.failureReport()).isEqualTo(ReportMode.YES);
        assertThat(c.successReport()).isEqualTo(ReportMode.NO);
    }

    @Test
    void rfc4975ChunkedCpimMessage() throws Exception {
        MsrpChunk first = ChunkParser.parse(read("rfc4975-s11.4-send-cpim-chunk-1.msrp"));
        assertThat(first.continuation()).isEqualTo(Continuation.MORE);
        assertThat(first.byteRange()).isEqualTo(new ByteRange(1, 137, 148));
        assertThat(first.contentType()).isEqualTo("message/cpim");
        MsrpChunk second = ChunkParser.parse(read("rfc4975-s11.4-send-cpim-chunk-2.msrp"));
        assertThat(second.continuation()).isEqualTo(Continuation.END);
        assertThat(second.messageId()).isEqualTo(first.messageId());
    }

    @Test
    void rfc4975SuccessReport() throws Exception {
        MsrpChunk report = ChunkParser.parse(read("rfc4975-s11.6-report-1.msrp"));
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.status()).isEqualTo(new Status(200, "OK"));
        assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 106, 106));
    }

    @Test
    void rfc4976RelayPathsAndAuth() throws Exception {
        MsrpChunk send = ChunkParser.parse(read("rfc4976-s3-send-1.msrp"));
        assertThat(send.toPath()).hasSize(3);
        assertThat(send.byteRange()).isEqualTo(new ByteRange(1, ByteRange.UNKNOWN, ByteRange.UNKNOWN));

        MsrpChunk challenge = ChunkParser.parse(read("rfc4976-s5.1-auth-401-1.msrp"));
        assertThat(challenge.code()).isEqualTo(401);
        WwwAuthenticateHeader www = challenge.headers().get(WwwAuthenticateHeader.class);
        assertThat(www.scheme()).isEqualTo("Digest");
        assertThat(www.get("realm")).isEqualTo("intra.example.com");
        assertThat(www.get("qop")).isEqualTo("auth");
        assertThat(www.get("nonce")).isNotBlank();

        MsrpChunk auth = ChunkParser.parse(read("rfc4976-s5.1-auth-2.msrp"));
        AuthorizationHeader authz = auth.headers().get(AuthorizationHeader.class);
        assertThat(authz.get("username")).isEqualTo("Alice");
        assertThat(authz.get("nc")).isEqualTo("00000001");
        assertThat(authz.get("response")).hasSize(32);
        assertThat(auth.toPath().get(0).user()).isEqualTo("alice");
        assertThat(auth.toPath().get(0).hasPort()).isFalse();

        MsrpChunk ok = ChunkParser.parse(read("rfc4976-s5.1-auth-200-ok-2.msrp"));
        assertThat(ok.headers().get(UsePathHeader.class).path()).hasSize(2);
        assertThat(ok.headers().get("Expires").decode()).isEqualTo(1800L);
    }
}
