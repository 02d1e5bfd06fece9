package org.msrp4j.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.header.MessageIdHeader;

class ChunkParserTest {

    private static final String PATHS = "To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\n"
            + "From-Path: msrp://alice.example.com:7777/iau39soe2843z;tcp\r\n";

    private static byte[] send(String tid, String body, char flag) {
        return ("MSRP " + tid + " SEND\r\n" + PATHS + "Message-ID: 12339sdqwer\r\n"
                + "Byte-Range: 1-" + body.length() + "/" + body.length() + "\r\n"
                + "Content-Type: text/plain\r\n\r\n" + body + "\r\n-------" + tid + flag + "\r\n").getBytes(ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Asserts every way of splitting {@code wire} gives the same events, and returns them. */
    private static Recorder parseAllWays(byte[] wire) {
        Recorder whole = Recorder.whole(wire);
        assertThat(Recorder.byteByByte(wire).events).as("byte by byte").isEqualTo(whole.events);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(Recorder.randomSplits(wire, seed).events).as("random split %d", seed).isEqualTo(whole.events);
        }
        return whole;
    }

    @Test
    void parsesARequestWithBody() throws Exception {
        MsrpChunk c = ChunkParser.parse(send("a786hjs2", "Hey Bob, are you there?", '$'));
        assertThat(c.transactionId()).isEqualTo("a786hjs2");
        assertThat(c.method()).isEqualTo("SEND");
        assertThat(c.isRequest()).isTrue();
        assertThat(c.toPath()).containsExactly(MsrpUri.parse("msrp://bob.example.com:8888/9di4eae923wzd;tcp"));
        assertThat(c.messageId()).isEqualTo("12339sdqwer");
        assertThat(c.byteRange()).isEqualTo(new ByteRange(1, 23, 23));
        assertThat(c.contentType()).isEqualTo("text/plain");
        assertThat(new String(c.data(), UTF_8)).isEqualTo("Hey Bob, are you there?");
        assertThat(c.continuation()).isEqualTo(Continuation.END);
    }

    @Test
    void parsesSipsimplesFileOffsetRequest() throws Exception {
        MsrpChunk offset = ChunkParser.parse(("MSRP a786hjs2 FILE_OFFSET\r\n" + PATHS + "-------a786hjs2$\r\n")
                .getBytes(UTF_8));
        assertThat(offset.method()).isEqualTo("FILE_OFFSET");
    }

    @Test
    void parsesResponsesWithAndWithoutComment() throws Exception {
        MsrpChunk ok = ChunkParser.parse(("MSRP a786hjs2 200 OK\r\n" + PATHS + "-------a786hjs2$\r\n").getBytes(UTF_8));
        assertThat(ok.isResponse()).isTrue();
        assertThat(ok.code()).isEqualTo(200);
        assertThat(ok.comment()).isEqualTo("OK");
        MsrpChunk bare = ChunkParser.parse(("MSRP a786hjs2 481\r\n" + PATHS + "-------a786hjs2$\r\n").getBytes(UTF_8));
        assertThat(bare.code()).isEqualTo(481);
        assertThat(bare.comment()).isNull();
        MsrpChunk utf8 = ChunkParser.parse(("MSRP a786hjs2 400 Unverständlich\r\n" + PATHS + "-------a786hjs2$\r\n")
                .getBytes(UTF_8));
        assertThat(utf8.comment()).isEqualTo("Unverständlich");
    }

    @Test
    void chunkWithoutBodyAndEmptyBody() throws Exception {
        MsrpChunk noBody = ChunkParser.parse(("MSRP abcd SEND\r\n" + PATHS + "Message-ID: m123\r\n"
                + "Byte-Range: 1-0/0\r\n-------abcd$\r\n").getBytes(UTF_8));
        assertThat(noBody.data()).isEmpty();
        assertThat(noBody.hasBody()).isFalse();
        MsrpChunk empty = ChunkParser.parse(("MSRP abcd SEND\r\n" + PATHS
                + "Content-Type: text/plain\r\n\r\n\r\n-------abcd$\r\n").getBytes(UTF_8));
        assertThat(empty.data()).isEmpty();
        assertThat(empty.hasBody()).isTrue();
        // A peer that omits the CRLF before the end-line of an empty body is tolerated.
        MsrpChunk lax = ChunkParser.parse(("MSRP abcd SEND\r\n" + PATHS
                + "Content-Type: text/plain\r\n\r\n-------abcd$\r\n").getBytes(UTF_8));
        assertThat(lax.data()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-------",
        "\r\n-------",
        "\r\n-------abc",
        "\r\n-------abce",
        "x\r\n-------abc\r\n-------ab",
        "-------abce$\r\n",
        "--------abcd$\r\n",
        "\r\n------abcd$",
        "\r\r\n-------abcx",
        "\r\n-------wxyz$\r\n",
        "line1\r\n\r\n--------\r\n-------ab",
        "\r",
        "\r\n",
        "ends with CR\r",
        "ends with partial\r\n-------abc",
        "xx\r\n-------abcd!",
        "xx\r\n-------abcd\r\n-------abcd",
        "-------abcdX starts the body",
        "-------abcd",
        "\r\n-------abcd\r\n-------abcd\r\n",
        "a\r\n-------abcd-------abcd%",
    })
    void bodiesContainingDashesAndPartialEndLines(String body) {
        byte[] wire = send("abcd", body, '+');
        Recorder r = parseAllWays(wire);
        assertThat(r.chunks).hasSize(1);
        assertThat(new String(r.chunks.get(0).data(), ISO_8859_1)).isEqualTo(body);
        assertThat(r.chunks.get(0).continuation()).isEqualTo(Continuation.MORE);
    }

    @Test
    void binaryBodiesStreamWithoutLoss() {
        Random rnd = new Random(42);
        byte[] body = new byte[200_000];
        rnd.nextBytes(body);
        // sprinkle near-misses of the end pattern
        byte[] near = "\r\n-------tid1".getBytes(ISO_8859_1);
        for (int i = 0; i < 50; i++) {
            int at = rnd.nextInt(body.length - near.length);
            System.arraycopy(near, 0, body, at, 2 + rnd.nextInt(near.length - 2));
        }
        byte[] head = ("MSRP tid12 SEND\r\n" + PATHS + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(UTF_8);
        byte[] wire = concat(head, body, "\r\n-------tid12#\r\n".getBytes(UTF_8));
        Recorder r = parseAllWays(wire);
        assertThat(r.chunks).hasSize(1);
        assertThat(r.chunks.get(0).data()).isEqualTo(body);
        assertThat(r.chunks.get(0).continuation()).isEqualTo(Continuation.ABORT);
    }

    @Test
    void reportsWhenTheNextBodyBytesCanBeReadInPlace() throws Exception {
        byte[] wire = send("tid7", "hello\r\nworld", '$');
        int bodyAt = new String(wire, ISO_8859_1).indexOf("hello");
        Recorder r = new Recorder();
        ChunkParser p = new ChunkParser(r);
        assertThat(p.holdsNoBodyBytes()).as("between chunks").isFalse();
        p.feed(wire, 0, bodyAt - 1);
        assertThat(p.holdsNoBodyBytes()).as("inside the headers").isFalse();
        p.feed(wire, bodyAt - 1, 1);
        assertThat(p.holdsNoBodyBytes()).as("at the start of the body").isTrue();
        p.feed(wire, bodyAt, 6);
        assertThat(p.holdsNoBodyBytes()).as("after a CR that may begin the end-line").isFalse();
        p.feed(wire, bodyAt + 6, 3);
        assertThat(p.holdsNoBodyBytes()).as("once the CR turned out to be data").isTrue();
        p.feed(wire, bodyAt + 9, wire.length - bodyAt - 9);
        assertThat(p.holdsNoBodyBytes()).as("after the chunk").isFalse();
        assertThat(r.chunks.get(0).data()).isEqualTo("hello\r\nworld".getBytes(ISO_8859_1));
    }

    @Test
    void endLineSearchFindsTheFirstPossibleStartInNoiseOfCrLfAndDashes() {
        Random random = new Random(4975);
        byte[] alphabet = {'\r', '\n', '-', 'x'};
        byte[] prefix = "\r\n-------".getBytes(ISO_8859_1);
        for (int round = 0; round < 20_000; round++) {
            int len = random.nextInt(200);
            byte[] b = new byte[len];
            for (int k = 0; k < len; k++) {
                b[k] = random.nextInt(4) == 0 ? alphabet[random.nextInt(4)] : (byte) random.nextInt(256);
            }
            if (len > 0 && random.nextBoolean()) {
                int at = random.nextInt(len);
                System.arraycopy(prefix, 0, b, at, Math.min(prefix.length, len - at));
            }
            int from = len == 0 ? 0 : random.nextInt(len + 1);
            assertThat(ChunkParser.endLineCandidate(b, from, len)).as("round %d", round)
                    .isEqualTo(naiveEndLineCandidate(b, from, len, prefix));
        }
    }

    /** The first index at or after from where the bytes up to end are a prefix of CRLF and seven dashes. */
    private static int naiveEndLineCandidate(byte[] b, int from, int end, byte[] prefix) {
        for (int p = from; p < end; p++) {
            boolean fits = true;
            for (int k = 0; k < prefix.length && p + k < end; k++) {
                fits &= b[p + k] == prefix[k];
            }
            if (fits) {
                return p;
            }
        }
        return -1;
    }

    @Test
    void lfScanFindsTheFirstLfAtEveryOffsetAndPosition() {
        for (int len = 0; len < 40; len++) {
            for (int from = 0; from <= len; from++) {
                byte[] b = new byte[len];
                Arrays.fill(b, (byte) 0x8A); // LF with the high bit set must not match
                assertThat(ChunkParser.indexOfLf(b, from, len)).isEqualTo(-1);
                for (int lf = from; lf < len; lf++) {
                    b[lf] = '\n';
                    if (lf + 1 < len) {
                        b[lf + 1] = '\n';
                    }
                    assertThat(ChunkParser.indexOfLf(b, from, len)).as("len %d from %d lf %d", len, from, lf)
                            .isEqualTo(lf);
                    Arrays.fill(b, (byte) 0x0B);
                }
            }
        }
    }

    @Test
    void repeatedHeaderValuesReuseTheDecodedHeader() {
        byte[] other = ("MSRP t003 SEND\r\nTo-Path: msrp://carol.example.com:9/c1;tcp\r\n"
                + "From-Path: msrp://alice.example.com:7777/iau39soe2843z;tcp\r\nByte-Range: x\r\n-------t003$\r\n")
                .getBytes(UTF_8);
        Recorder r = Recorder.whole(concat(send("t001", "one", '$'), send("t002", "two", '$'), other,
                send("t004", "four", '$')));
        assertThat(r.chunks).hasSize(3);
        MsrpChunk first = r.chunks.get(0);
        MsrpChunk second = r.chunks.get(1);
        assertThat(second.headers().get("To-Path")).isSameAs(first.headers().get("To-Path"));
        assertThat(second.headers().get("Content-Type")).isSameAs(first.headers().get("Content-Type"));
        assertThat(r.malformed).singleElement().satisfies(e -> {
            assertThat(e.partialChunk().toPath()).containsExactly(MsrpUri.parse("msrp://carol.example.com:9/c1;tcp"));
            assertThat(e).hasMessageContaining("Byte-Range");
        });
        assertThat(r.chunks.get(2).toPath())
                .containsExactly(MsrpUri.parse("msrp://bob.example.com:8888/9di4eae923wzd;tcp"));
        assertThat(r.chunks.get(2).byteRange()).isEqualTo(new ByteRange(1, 4, 4));
    }

    @Test
    void manyChunksBackToBack() {
        byte[] wire = concat(send("t001", "one", '$'),
                ("MSRP t002 200 OK\r\n" + PATHS + "-------t002$\r\n").getBytes(UTF_8),
                send("t003", "three\r\n-------t001$\r\n", '$'),
                ("MSRP t004 REPORT\r\n" + PATHS + "Message-ID: m123\r\nByte-Range: 1-3/3\r\nStatus: 000 200 OK\r\n"
                        + "-------t004$\r\n").getBytes(UTF_8));
        Recorder r = parseAllWays(wire);
        assertThat(r.chunks).extracting(MsrpChunk::transactionId).containsExactly("t001", "t002", "t003", "t004");
        assertThat(new String(r.chunks.get(2).data(), UTF_8)).isEqualTo("three\r\n-------t001$\r\n");
        assertThat(r.chunks.get(3).status()).isEqualTo(new Status(200, "OK"));
    }

    @Test
    void eventsAreStartDataEndInOrder() throws Exception {
        StringBuilder log = new StringBuilder();
        ChunkParser p = new ChunkParser(new ChunkListener() {
            @Override
            public void chunkStarted(MsrpChunk chunk) {
                log.append("start(").append(chunk.data().length).append(')');
            }

            @Override
            public void chunkData(MsrpChunk chunk, ByteBuffer data) {
                log.append("data(").append(data.remaining()).append(')');
            }

            @Override
            public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
                log.append("end(").append(continuation.flag()).append(')');
            }
        });
        byte[] wire = send("abcd", "hello", '$');
        int headerLen = wire.length - "hello\r\n-------abcd$\r\n".length();
        p.feed(wire, 0, headerLen);
        assertThat(log).hasToString("start(0)");
        p.feed(wire, headerLen, 3);
        assertThat(log).hasToString("start(0)data(3)");
        assertThat(p.isIdle()).isFalse();
        p.feed(wire, headerLen + 3, wire.length - headerLen - 3);
        assertThat(log).hasToString("start(0)data(3)data(2)end($)");
        assertThat(p.isIdle()).isTrue();
    }

    // ---- malformed chunks: reported, skipped, parsing goes on ----

    @ParameterizedTest
    @ValueSource(strings = {
        "MSRP abcd SEND\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\nFrom-Path: msrp://h.example.com:1/s;tcp\r\n"
                + "Byte-Range: 1-x/3\r\nContent-Type: text/plain\r\n\r\nabc\r\n-------abcd$\r\n|Byte-Range",
        "MSRP abcd SEND\r\nTo-Path: http://nope\r\nFrom-Path: msrp://h.example.com:1/s;tcp\r\n-------abcd$\r\n|To-Path",
        "MSRP abcd SEND\r\nFrom-Path: msrp://h.example.com:1/s;tcp\r\n-------abcd$\r\n"
                + "|To-Path and From-Path are required",
        "MSRP abcd SEND\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\n\r\nbody\r\n-------abcd$\r\n|To-Path and From-Path",
        "MSRP abcd send\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\n-------abcd$\r\n|bad method",
        "MSRP abcd\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\n-------abcd$\r\n|no method or status code",
        "MSRP abcd SEND\r\nTo-Path msrp://h.example.com:1/s;tcp\r\n-------abcd$\r\n|bad header name",
        "MSRP abcd SEND\r\n: value\r\n-------abcd$\r\n|without a name",
        "MSRP abcd SEND\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\nFrom-Path: msrp://h.example.com:1/s;tcp\r\n"
                + "Message-ID: x\r\nContent-Type: text/plain\r\n\r\nbody with\r\n"
                + "-------abc lookalike\r\n-------abcd+\r\n|Message-ID",
        "MSRP abcd 99 OK\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\n-------abcd$\r\n|bad method",
        "MSRP abcd 099 OK\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\n-------abcd$\r\n|bad status",
    })
    void malformedChunksAreReportedSkippedAndParsingContinues(String spec) {
        String[] parts = spec.split("\\|");
        byte[] wire = concat(parts[0].getBytes(UTF_8), send("next", "after", '$'));
        Recorder r = parseAllWays(wire);
        assertThat(r.malformed).hasSize(1);
        ChunkParseException e = r.malformed.get(0);
        assertThat(e.isFatal()).isFalse();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.transactionId()).isEqualTo("abcd");
        assertThat(e).hasMessageContaining(parts[1]);
        assertThat(r.chunks).extracting(MsrpChunk::transactionId).containsExactly("next");
        assertThat(new String(r.chunks.get(0).data(), UTF_8)).isEqualTo("after");
    }

    @Test
    void malformedChunkCarriesTheHeadersParsedSoFar() {
        byte[] wire = ("MSRP abcd SEND\r\n" + PATHS + "Byte-Range: bad\r\n-------abcd$\r\n").getBytes(UTF_8);
        Recorder r = Recorder.whole(wire);
        MsrpChunk partial = r.malformed.get(0).partialChunk();
        assertThat(partial.method()).isEqualTo("SEND");
        assertThat(partial.fromPath())
                .containsExactly(MsrpUri.parse("msrp://alice.example.com:7777/iau39soe2843z;tcp"));
        assertThatThrownBy(() -> ChunkParser.parse(wire)).isInstanceOf(ChunkParseException.class)
                .hasMessageContaining("Byte-Range");
    }

    // ---- fatal errors: framing lost ----

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\n\r\n|expected a chunk starting with \"MSRP \", got 'G'",
        "msrp abcd SEND\r\n|expected a chunk starting with \"MSRP \", got 'm'",
        "\r\nMSRP abcd SEND\r\n|got 0x0d",
        "MSRP  SEND\r\n|bad transaction id",
        "MSRP abc SEND\r\n|bad transaction id \"abc\"",
        "MSRP ab$d SEND\r\n|bad transaction id",
        "MSRP abcd SEND\n|start line not terminated by CRLF",
        "MSRP abcd SEND\r\nTo-Path: msrp://h.example.com:1/s;tcp\n|header line not terminated by CRLF",
        "MSRP abcd SEND\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\n-------abce$\r\n|unexpected line \"-------abce$\"",
        "MSRP abcd SEND\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\n-------abcd!\r\n|bad continuation flag '!'",
        "MSRP abcd SEND\r\nTo-Path: msrp://h.example.com:1/s;tcp\r\n-------abcd%\r\n|bad continuation flag '%'",
        "MSRP abcd SEND\r\n{P}Content-Type: a/b\r\n\r\nxx\r\n-------abcd$x\r\n|end-line not terminated by CRLF",
        "MSRP abcd SEND\r\n{P}Content-Type: a/b\r\n\r\nxx\r\n-------abcd$\rx|end-line not terminated by CRLF",
        "MSRP abcd SEND\r\n{P}Content-Type: a/b\r\n\r\nxx|input ended inside a chunk",
        "MSRP abcd SE|input ended inside a chunk",
    })
    void framingErrorsAreFatalAndTyped(String spec) {
        String[] parts = spec.split("\\|");
        byte[] wire = parts[0].replace("{P}", PATHS).getBytes(UTF_8);
        Recorder r = parseAllWays(wire);
        assertThat(r.malformed).isEmpty();
        String last = r.events.get(r.events.size() - 1);
        assertThat(last).startsWith("fatal ").contains(parts[1]);
        assertThatThrownBy(() -> ChunkParser.parse(wire)).isInstanceOf(ChunkParseException.class)
                .satisfies(e -> assertThat(((ChunkParseException) e).isFatal()).isTrue())
                .hasMessageContaining(parts[1]);
    }

    @Test
    void failedParserStaysFailed() {
        ChunkParser p = new ChunkParser(new Recorder());
        byte[] junk = "XYZ".getBytes(UTF_8);
        assertThatThrownBy(() -> p.feed(junk, 0, 3)).isInstanceOf(ChunkParseException.class);
        byte[] good = send("abcd", "x", '$');
        assertThatThrownBy(() -> p.feed(good, 0, good.length)).isInstanceOf(ChunkParseException.class)
                .hasMessageContaining("got 'X'");
        assertThatThrownBy(p::endOfInput).isInstanceOf(ChunkParseException.class);
    }

    // ---- limits ----

    @Test
    void startLineLimit() {
        ChunkParser.Limits limits = new ChunkParser.Limits(64, 1024, 8, 256);
        byte[] longLine = ("MSRP abcd 200 " + "x".repeat(100)).getBytes(UTF_8);
        Recorder r = new Recorder();
        ChunkParser p = new ChunkParser(r, limits);
        assertThatThrownBy(() -> p.feed(longLine, 0, longLine.length)).isInstanceOf(ChunkParseException.class)
                .hasMessageContaining("start line longer than 64 bytes");
    }

    @Test
    void headerBlockLimitHoldsAcrossSmallReads() {
        ChunkParser.Limits limits = new ChunkParser.Limits(64, 1024, 100, 256);
        StringBuilder s = new StringBuilder("MSRP abcd SEND\r\n" + PATHS);
        while (s.length() < 3000) {
            s.append("X-Filler: ").append("y".repeat(50)).append("\r\n");
        }
        byte[] wire = s.toString().getBytes(UTF_8);
        ChunkParser p = new ChunkParser(new Recorder(), limits);
        assertThatThrownBy(() -> {
            for (int i = 0; i < wire.length; i += 7) {
                p.feed(wire, i, Math.min(7, wire.length - i));
            }
        }).isInstanceOf(ChunkParseException.class).hasMessageContaining("header block longer than 1024 bytes");
        byte[] oneHugeLine = ("MSRP abcd SEND\r\nX-Big: " + "z".repeat(5000)).getBytes(UTF_8);
        ChunkParser q = new ChunkParser(new Recorder(), limits);
        assertThatThrownBy(() -> q.feed(oneHugeLine, 0, oneHugeLine.length)).isInstanceOf(ChunkParseException.class)
                .hasMessageContaining("header block longer than 1024 bytes");
    }

    @Test
    void headerCountLimit() {
        ChunkParser.Limits limits = new ChunkParser.Limits(64, 16384, 5, 256);
        StringBuilder s = new StringBuilder("MSRP abcd SEND\r\n" + PATHS);
        for (int i = 0; i < 4; i++) {
            s.append("X-H").append(i).append(": v\r\n");
        }
        byte[] wire = s.toString().getBytes(UTF_8);
        ChunkParser p = new ChunkParser(new Recorder(), limits);
        assertThatThrownBy(() -> p.feed(wire, 0, wire.length)).isInstanceOf(ChunkParseException.class)
                .hasMessageContaining("more than 5 headers");
    }

    @Test
    void uriLengthLimitMakesTheChunkMalformed() {
        ChunkParser.Limits limits = new ChunkParser.Limits(64, 16384, 64, 60);
        byte[] wire = concat(("MSRP abcd SEND\r\nTo-Path: msrp://h.example.com:1/" + "s".repeat(40) + ";tcp\r\n"
                + "-------abcd$\r\n").getBytes(UTF_8), send("efgh", "ok", '$'));
        Recorder r = new Recorder();
        ChunkParser p = new ChunkParser(r, limits);
        try {
            p.feed(wire, 0, wire.length);
        } catch (ChunkParseException e) {
            throw new AssertionError(e);
        }
        assertThat(r.malformed).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("longer than 60"));
        assertThat(r.chunks).extracting(MsrpChunk::transactionId).containsExactly("efgh");
    }

    @Test
    void hugeBodiesUseConstantMemory() throws Exception {
        // 64 MiB of body in 64 KiB reads: only the data events see the bytes.
        long[] seen = new long[1];
        ChunkParser p = new ChunkParser(new ChunkListener() {
            @Override
            public void chunkStarted(MsrpChunk chunk) {
            }

            @Override
            public void chunkData(MsrpChunk chunk, ByteBuffer data) {
                seen[0] += data.remaining();
            }

            @Override
            public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
                assertThat(chunk.data()).isEmpty();
            }
        });
        byte[] head = ("MSRP big1 SEND\r\n" + PATHS + "Content-Type: application/octet-stream\r\n\r\n").getBytes(UTF_8);
        p.feed(head, 0, head.length);
        byte[] block = new byte[64 * 1024];
        new Random(1).nextBytes(block);
        for (int i = 0; i < 1024; i++) {
            p.feed(block, 0, block.length);
        }
        byte[] end = "\r\n-------big1$\r\n".getBytes(UTF_8);
        p.feed(end, 0, end.length);
        assertThat(seen[0]).isEqualTo(64L * 1024 * 1024);
        assertThat(p.isIdle()).isTrue();
    }

    @Test
    void parseRefusesTrailingBytesAndSecondChunks() {
        byte[] one = send("abcd", "x", '$');
        assertThatThrownBy(() -> ChunkParser.parse(concat(one, "MSRP".getBytes(UTF_8))))
                .isInstanceOf(ChunkParseException.class).hasMessageContaining("unexpected bytes after the chunk");
        assertThatThrownBy(() -> ChunkParser.parse(concat(one, "junk".getBytes(UTF_8))))
                .isInstanceOf(ChunkParseException.class).hasMessageContaining("unexpected bytes after the chunk");
        assertThatThrownBy(() -> ChunkParser.parse(concat(one, send("efgh", "y", '$'))))
                .isInstanceOf(ChunkParseException.class).hasMessageContaining("more than one chunk");
        assertThatThrownBy(() -> ChunkParser.parse(new byte[0])).isInstanceOf(ChunkParseException.class)
                .hasMessageContaining("no chunk");
    }

    @Test
    void reencodingAParsedChunkIsByteIdentical() throws Exception {
        byte[] wire = send("abcd", "payload", '+');
        MsrpChunk c = ChunkParser.parse(wire);
        assertThat(c.encode()).isEqualTo(wire);
        String text = new String(wire, UTF_8);
        String start = text.substring(0, text.indexOf("\r\n\r\n") + 4);
        assertThat(new String(c.encodeStart(), UTF_8)).isEqualTo(start);
        assertThat(new String(c.encodeEnd(Continuation.MORE), UTF_8)).isEqualTo("\r\n-------abcd+\r\n");
        c.addHeader(new MessageIdHeader("other1"));
        assertThat(new String(c.encode(), UTF_8)).contains("Message-ID: other1\r\n").doesNotContain("12339sdqwer");
    }
}
