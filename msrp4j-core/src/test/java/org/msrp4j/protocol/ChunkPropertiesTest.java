package org.msrp4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.ExpiresHeader;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.GenericHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/** Generated chunks: encoding then parsing is the identity, whatever the split of the bytes. */
class ChunkPropertiesTest {

    @Property(tries = 500)
    void encodeThenParseIsIdentity(@ForAll("chunks") MsrpChunk chunk) throws Exception {
        MsrpChunk parsed = ChunkParser.parse(chunk.encode());
        assertThat(parsed.headers().asList()).isEqualTo(chunk.headers().asList());
        assertThat(parsed).isEqualTo(chunk);
    }

    @Property(tries = 300)
    void anySplitGivesTheSameChunks(@ForAll @Size(min = 1, max = 5) List<@From("chunks") MsrpChunk> chunks,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 300) Integer> cuts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(c -> out.writeBytes(c.encode()));
        byte[] wire = out.toByteArray();
        List<Integer> sizes = new ArrayList<>();
        int left = wire.length;
        for (int i = 0; left > 0; i++) {
            int n = Math.min(left, cuts.get(i % cuts.size()));
            sizes.add(n);
            left -= n;
        }
        Recorder whole = Recorder.whole(wire);
        Recorder split = Recorder.split(wire, sizes.stream().mapToInt(Integer::intValue).toArray());
        assertThat(split.events).isEqualTo(whole.events);
        assertThat(whole.chunks).isEqualTo(chunks);
    }

    @Provide
    Arbitrary<MsrpChunk> chunks() {
        Arbitrary<String> tids = ident();
        return tids.flatMap(tid -> Combinators.combine(
                startLines(tid), paths(), paths(), optionalHeaders(), bodies(tid),
                Arbitraries.of(Continuation.class), Arbitraries.of(true, false))
                .as((chunk, to, from, extra, body, cont, typed) -> {
                    chunk.addHeader(new ToPathHeader(to)).addHeader(new FromPathHeader(from));
                    extra.forEach(h -> chunk.headers().add(h));
                    if (typed || body.length > 0) {
                        chunk.addHeader(new ContentTypeHeader("application/octet-stream"));
                    }
                    return chunk.setData(body).setContinuation(cont);
                }));
    }

    private static Arbitrary<String> ident() {
        Arbitrary<Character> first = Arbitraries.chars().alpha().numeric();
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars(".-+%=").ofMinLength(3)
                .ofMaxLength(31);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    private static Arbitrary<MsrpChunk> startLines(String tid) {
        Arbitrary<MsrpChunk> requests = Arbitraries.oneOf(Arbitraries.of("SEND", "REPORT", "AUTH", "NICKNAME"),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12))
                .map(m -> MsrpChunk.request(tid, m));
        Arbitrary<String> comments = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.of("OK", "Unverständlich"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40));
        Arbitrary<MsrpChunk> responses = Combinators.combine(Arbitraries.integers().between(100, 999), comments)
                .as((code, comment) -> MsrpChunk.response(tid, code, comment));
        return Arbitraries.oneOf(requests, responses);
    }

    private static Arbitrary<List<MsrpUri>> paths() {
        Arbitrary<String> hosts = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
                        .map(s -> s + ".example.com"),
                Arbitraries.integers().between(0, 255).list().ofSize(4)
                        .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3)),
                Arbitraries.of("::1", "2001:db8::7", "fe80::1:2:3:4"));
        Arbitrary<MsrpUri> uris = Combinators.combine(Arbitraries.of(true, false), hosts,
                Arbitraries.integers().between(-1, 65535),
                Arbitraries.strings().alpha().numeric().withChars("-._~+=/").ofMinLength(1).ofMaxLength(20)
                        .injectNull(0.2),
                Arbitraries.of("tcp", "tcp", "ws", "TCP"))
                .as((tls, host, port, sid, transport) -> MsrpUri.builder().useTls(tls).host(host).port(port)
                        .sessionId(sid).transport(transport).build());
        return uris.list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<List<MsrpHeader<?>>> optionalHeaders() {
        Arbitrary<MsrpHeader<?>> one = Arbitraries.oneOf(
                ident().map(MessageIdHeader::new),
                Arbitraries.longs().between(1, 1_000_000)
                        .map(s -> new ByteRangeHeader(new ByteRange(s, s + 9, s + 99))),
                Arbitraries.just(new ByteRangeHeader(new ByteRange(1, ByteRange.UNKNOWN, ByteRange.UNKNOWN))),
                Arbitraries.of(ReportMode.class).map(FailureReportHeader::new),
                Arbitraries.of(ReportMode.YES, ReportMode.NO).map(SuccessReportHeader::new),
                Arbitraries.integers().between(100, 999).map(c -> new StatusHeader(new Status(c, "x y"))),
                Arbitraries.longs().between(0, 4_000_000_000L).map(ExpiresHeader::new),
                Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10),
                        Arbitraries.strings().withCharRange('!', '~').withChars("é ").ofMinLength(1).ofMaxLength(30))
                        .as((n, v) -> new GenericHeader("X-" + n, "v" + v)));
        return one.list().ofMaxSize(6);
    }

    /** Bodies rich in CR, LF, dashes and near-misses of this chunk's end-line, but never the end-line itself. */
    private static Arbitrary<byte[]> bodies(String tid) {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("\r", "\n", "\r\n", "-", "-------", "\r\n-------", "$", "+", "#"),
                Arbitraries.integers().between(0, tid.length() - 1).map(k -> "\r\n-------" + tid.substring(0, k)),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(50));
        return pieces.list().ofMaxSize(30).map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1))
                .filter(b -> !new String(b, StandardCharsets.ISO_8859_1).contains("-------" + tid));
    }
}
