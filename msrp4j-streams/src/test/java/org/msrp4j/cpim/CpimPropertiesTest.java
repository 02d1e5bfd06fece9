package org.msrp4j.cpim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated messages: encode then parse gives the same message, typed values included; bodies are
 * arbitrary bytes (CRLF, empty lines, invalid UTF-8); header texts are arbitrary text (control
 * characters, quotes, backslashes, non-BMP characters). Parsing whatever lines peers may send and
 * writing it again is stable.
 */
class CpimPropertiesTest {

    /** The parts a generated message was built from, to check the typed accessors against. */
    record Generated(CpimAddress from, List<CpimAddress> to, OffsetDateTime dateTime, String subject,
            String messageId, String contentType, byte[] body, CpimMessage message) {
    }

    @Property(tries = 400)
    void encodeThenParseIsIdentity(@ForAll("messages") Generated g) throws CpimException {
        CpimMessage parsed = CpimMessage.parse(g.message().encode());

        assertThat(parsed).isEqualTo(g.message());
        assertThat(parsed.from()).contains(g.from());
        assertThat(parsed.to()).isEqualTo(g.to());
        assertThat(parsed.dateTime()).contains(g.dateTime());
        assertThat(parsed.subject()).contains(g.subject());
        assertThat(parsed.header("urn:ietf:params:imdn", "Message-ID").map(CpimHeader::value))
                .contains(g.messageId());
        assertThat(parsed.contentType()).contains(g.contentType());
        assertThat(parsed.body()).isEqualTo(g.body());
        assertThat(parsed.encode()).isEqualTo(g.message().encode());
    }

    @Property(tries = 1000)
    void escapingIsUndoneExactly(@ForAll("texts") String text) {
        assertThat(CpimGrammar.unescape(CpimGrammar.escapeValue(text))).isEqualTo(text);
        String quoted = CpimGrammar.quote(text);
        assertThat(CpimGrammar.endOfQuoted(quoted, 0)).isEqualTo(quoted.length());
        assertThat(CpimGrammar.unescape(quoted.substring(1, quoted.length() - 1))).isEqualTo(text);
    }

    @Property(tries = 1000)
    void whatParsesReEncodesStably(@ForAll("peerInput") byte[] input) throws CpimException {
        CpimMessage first;
        try {
            first = CpimMessage.parse(input);
        } catch (CpimException e) {
            Statistics.collect("refused");
            return;
        } finally {
            Statistics.coverage(c -> c.check("refused").percentage(p -> p < 70.0));
        }
        Statistics.collect("parsed");
        byte[] encoded = first.encode();
        CpimMessage second = CpimMessage.parse(encoded);
        assertThat(second).isEqualTo(first);
        assertThat(second.encode()).isEqualTo(encoded);
    }

    @Provide
    Arbitrary<Generated> messages() {
        Arbitrary<List<CpimAddress>> tos = addresses().list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(addresses(), tos, dateTimes(), headerTexts(), messageIds(), contentTypes(),
                        bodies(), Arbitraries.of(true, false))
                .as((from, to, dateTime, subject, id, type, body, withMime) -> {
                    CpimMessage.Builder b = CpimMessage.builder().from(from);
                    to.forEach(b::to);
                    b.dateTime(dateTime).subject(subject).namespace("imdn", "urn:ietf:params:imdn")
                            .header("imdn.Message-ID", id).contentType(type).body(body);
                    if (withMime) {
                        b.mimeHeader("Content-ID", "<" + id + "@example.com>");
                    }
                    return new Generated(from, to, dateTime, subject, id, type, body, b.build());
                });
    }

    private static Arbitrary<CpimAddress> addresses() {
        Arbitrary<String> names = Arbitraries.oneOf(texts(), Arbitraries.strings().alpha().ofMaxLength(8),
                Arbitraries.just(null));
        Arbitrary<String> uris = Arbitraries.strings().withCharRange('!', '~').excludeChars('<', '>')
                .ofMinLength(1).ofMaxLength(20).map(s -> "sip:" + s);
        return Combinators.combine(names, uris).as(CpimAddress::of);
    }

    private static Arbitrary<OffsetDateTime> dateTimes() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(0, 4_102_444_800L);
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999_999_999));
        Arbitrary<Integer> offsetMinutes = Arbitraries.integers().between(-18 * 60, 18 * 60);
        return Combinators.combine(seconds, nanos, offsetMinutes).as((s, n, o) ->
                OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n), ZoneOffset.ofTotalSeconds(o * 60)));
    }

    /** Any text without unpaired surrogates: control characters, quotes, backslashes, emoji. */
    @Provide
    static Arbitrary<String> texts() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(30);
        Arbitrary<String> tricky = Arbitraries.strings().withChars("\\\"' \t\r\n\b\f\u0000\u007f<>;=:,u0123abc")
                .ofMaxLength(30);
        Arbitrary<String> emoji = Arbitraries.of("\ud83d\ude00", "\u00e9", "\u4e2d", "\\u0041");
        return Arbitraries.oneOf(any, tricky, emoji.list().ofMaxSize(4).map(l -> String.join("", l)))
                .filter(s -> !CpimGrammar.hasUnpairedSurrogate(s));
    }

    /** Texts a header value may hold: not empty, no space at either end. */
    private static Arbitrary<String> headerTexts() {
        return texts().filter(s -> !s.isEmpty() && s.charAt(0) != ' ' && s.charAt(s.length() - 1) != ' ');
    }

    private static Arbitrary<String> messageIds() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(24)
                .filter(s -> !s.startsWith(" "));
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.of("text/plain", "text/plain; charset=utf-8", "text/plain;charset=\"utf8\"",
                "application/im-iscomposing+xml", "message/imdn+xml", "application/octet-stream");
    }

    private static Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> lines = Arbitraries.of("\r\n", "\n", "\r", "\r\n\r\n", "x", "\u00e9", "-------abc$", ": ")
                .list().ofMaxSize(20).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, lines);
    }

    /**
     * What peers may send: CPIM header lines, an empty line, MIME header lines, an empty line and a
     * body, each line ending in CRLF or LF, the lines drawn from valid and lenient forms with a few
     * malformed ones, an empty line sometimes missing.
     */
    @Provide
    Arbitrary<byte[]> peerInput() {
        Arbitrary<String> cpimLines = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of("From: <sip:a@example.com>", "From: \"A \\\"b\\\"\" <sip:a@b>",
                        "To: B <sip:b@example.com>", "cc: sip:c@example.com", "DateTime: 2001-02-01T12:16:49-05:00",
                        "DateTime: 2001-02-01t12:16:49.5z", "Subject:;lang=fr x", "Subject:;a=\"q \\\" r\";b=2 y",
                        "Subject:", "Subject:  two spaces", "Subject: tab\there", "Subject: \\u00e9\\q\\",
                        "NS: p <urn:p>", "NS: <urn:d>", "p.X: 1", "Required: p.X", "Require: a.B,c.D",
                        "X:no-space", "from: lower case")),
                Tuple.of(2, Arbitraries.of(" folded", "\tfolded")),
                Tuple.of(1, Arbitraries.of("no colon", "DateTime: never", "To: a b", "Bad Name: x",
                        "Subject: \u0001")));
        Arbitrary<String> mimeLines = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of("Content-Type: text/plain", "Content-Type : text/plain ;\tq", "X-Odd:",
                        "MIME-Version: 1.0", "Content-Type: text/plain; charset=\"utf8\"")),
                Tuple.of(2, Arbitraries.of(" folded", "\tfolded")),
                Tuple.of(1, Arbitraries.of("no colon", ": no name")));
        Arbitrary<String> ends = Arbitraries.of("\r\n", "\n");
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Combinators.combine(cpimLines.list().ofMaxSize(8), mimeLines.list().ofMaxSize(4), ends, ends,
                        Arbitraries.integers().between(0, 9), body)
                .as((cpim, mime, end1, end2, shape, bytes) -> {
                    StringBuilder s = new StringBuilder();
                    cpim.forEach(l -> s.append(l).append(end1));
                    if (shape > 0) {
                        s.append(end2);
                    }
                    mime.forEach(l -> s.append(l).append(end2));
                    if (shape > 1) {
                        s.append(end1);
                    }
                    byte[] head = s.toString().getBytes(StandardCharsets.UTF_8);
                    byte[] all = Arrays.copyOf(head, head.length + (shape > 1 ? bytes.length : 0));
                    System.arraycopy(bytes, 0, all, head.length, all.length - head.length);
                    return all;
                });
    }
}
