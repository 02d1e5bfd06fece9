package org.msrp4j.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * The parser benchmark inputs: many encoded chunks concatenated in one buffer, built from a fixed
 * seed so every run parses the same bytes. Run as a program it prints each workload's size, which
 * {@code run-parser-bench.sh} uses to turn chunks/s into bytes/s.
 */
public final class Workloads {

    /** Chunks in the small workload: ~100-byte text/plain SENDs. */
    public static final int SMALL_CHUNKS = 8192;
    /** Chunks in the large workload: 64 KiB binary bodies. */
    public static final int LARGE_CHUNKS = 32;
    /** Chunks in the stream workload: one message in 2 KiB chunks. */
    public static final int STREAM_CHUNKS = 1024;

    /** Slice size for the small and stream workloads (a typical socket read). */
    public static final int SLICE_16K = 16 * 1024;
    /** Slice size for the large workload. */
    public static final int SLICE_64K = 64 * 1024;

    private static final List<MsrpUri> TO = List.of(MsrpUri.parse("msrp://bob.example.com:8888/9di4eae923wzd;tcp"));
    private static final List<MsrpUri> FROM =
            List.of(MsrpUri.parse("msrp://alice.example.com:7777/iau39soe2843z;tcp"));
    private static final String[] WORDS = {"hey", "bob", "are", "you", "there", "the", "meeting", "moved", "to",
        "three", "o'clock,", "see", "slides", "in", "shared", "folder.", "ok?", "thanks!", "lunch", "later"};
    private static final String IDENT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /**
     * One workload.
     *
     * @param name its name, as in the benchmark method names
     * @param input the encoded chunks, back to back
     * @param chunks how many chunks {@code input} holds
     * @param bodyBytes the sum of their body sizes
     * @param slice how many bytes each {@code feed} call gets
     */
    public record Workload(String name, byte[] input, int chunks, long bodyBytes, int slice) {

        /** Wire bytes per chunk, on average. */
        public double bytesPerChunk() {
            return (double) input.length / chunks;
        }
    }

    private Workloads() {
    }

    /** {@value #SMALL_CHUNKS} text/plain SENDs, each with its own transaction and message id and a 100-byte body. */
    public static Workload small() {
        Random rnd = new Random(0x5EED_0001L);
        ByteArrayOutputStream out = new ByteArrayOutputStream(SMALL_CHUNKS * 320);
        long body = 0;
        for (int i = 0; i < SMALL_CHUNKS; i++) {
            byte[] text = text(rnd, 100);
            out.writeBytes(send(ident(rnd, 8), ident(rnd, 10), new ByteRange(1, text.length, text.length),
                    "text/plain", text, Continuation.END));
            body += text.length;
        }
        return new Workload("small", out.toByteArray(), SMALL_CHUNKS, body, SLICE_16K);
    }

    /** {@value #LARGE_CHUNKS} chunks of one message, each with a 64 KiB body of random bytes. */
    public static Workload large() {
        return binaryMessage("large", new Random(0x5EED_0002L), LARGE_CHUNKS, 64 * 1024, SLICE_64K);
    }

    /** One message of {@value #STREAM_CHUNKS} chunks, each with a 2 KiB body of random bytes. */
    public static Workload stream() {
        return binaryMessage("stream", new Random(0x5EED_0003L), STREAM_CHUNKS, 2 * 1024, SLICE_16K);
    }

    private static Workload binaryMessage(String name, Random rnd, int chunks, int size, int slice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunks * (size + 320));
        String messageId = ident(rnd, 10);
        long total = (long) chunks * size;
        for (int i = 0; i < chunks; i++) {
            String tid = ident(rnd, 8);
            byte[] data = new byte[size];
            do {
                rnd.nextBytes(data);
            } while (containsEndLineStart(data));
            long start = (long) i * size + 1;
            out.writeBytes(send(tid, messageId, new ByteRange(start, start + size - 1, total),
                    "application/octet-stream", data, i == chunks - 1 ? Continuation.END : Continuation.MORE));
        }
        return new Workload(name, out.toByteArray(), chunks, total, slice);
    }

    /**
     * As {@link #small()}, but every chunk belongs to another session: both paths carry fresh
     * session ids, as on a relay's connection that multiplexes many sessions. Nothing repeats
     * from one chunk to the next, so the parser decodes every path anew.
     */
    public static Workload smallMixedPaths() {
        Random rnd = new Random(0x5EED_0004L);
        ByteArrayOutputStream out = new ByteArrayOutputStream(SMALL_CHUNKS * 320);
        long body = 0;
        for (int i = 0; i < SMALL_CHUNKS; i++) {
            byte[] text = text(rnd, 100);
            List<MsrpUri> to = List.of(TO.get(0).withSessionId(ident(rnd, 13)));
            List<MsrpUri> from = List.of(FROM.get(0).withSessionId(ident(rnd, 13)));
            out.writeBytes(send(to, from, ident(rnd, 8), ident(rnd, 10), new ByteRange(1, text.length, text.length),
                    "text/plain", text, Continuation.END));
            body += text.length;
        }
        return new Workload("smallMixedPaths", out.toByteArray(), SMALL_CHUNKS, body, SLICE_16K);
    }

    private static byte[] send(String tid, String messageId, ByteRange range, String type, byte[] body,
            Continuation continuation) {
        return send(TO, FROM, tid, messageId, range, type, body, continuation);
    }

    private static byte[] send(List<MsrpUri> to, List<MsrpUri> from, String tid, String messageId, ByteRange range,
            String type, byte[] body, Continuation continuation) {
        return MsrpChunk.request(tid, "SEND")
                .addHeader(new ToPathHeader(to))
                .addHeader(new FromPathHeader(from))
                .addHeader(new MessageIdHeader(messageId))
                .addHeader(new ByteRangeHeader(range))
                .addHeader(new ContentTypeHeader(type))
                .setData(body)
                .setContinuation(continuation)
                .encode();
    }

    /** Whether {@code data} holds CRLF and seven dashes: the start of an end-line, whatever the id. */
    private static boolean containsEndLineStart(byte[] data) {
        outer:
        for (int i = 0; i + 9 <= data.length; i++) {
            if (data[i] != '\r' || data[i + 1] != '\n') {
                continue;
            }
            for (int k = 2; k < 9; k++) {
                if (data[i + k] != '-') {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String ident(Random rnd, int len) {
        StringBuilder b = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            b.append(IDENT_CHARS.charAt(rnd.nextInt(IDENT_CHARS.length())));
        }
        return b.toString();
    }

    /** Exactly {@code len} bytes of words and spaces. */
    private static byte[] text(Random rnd, int len) {
        StringBuilder b = new StringBuilder(len + 16);
        while (b.length() < len) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            String w = WORDS[rnd.nextInt(WORDS.length)];
            b.append(b.isEmpty() ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        }
        b.setLength(len);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses {@code w} once, fed in its slices, and checks that every chunk and body byte is
     * reported and nothing is malformed.
     *
     * @throws IllegalStateException if not
     */
    public static void verify(Workload w) {
        CountingListener counts = new CountingListener();
        ChunkParser parser = new ChunkParser(counts);
        try {
            feed(parser, w.input(), w.slice());
        } catch (ChunkParseException e) {
            throw new IllegalStateException(w.name() + ": the parser rejected the input", e);
        }
        if (counts.chunks != w.chunks() || counts.dataBytes != w.bodyBytes() || counts.malformed != 0
                || !parser.isIdle()) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s: parsed %d chunks / %d body bytes / %d malformed (idle %b), expected %d / %d / 0",
                    w.name(), counts.chunks, counts.dataBytes, counts.malformed, parser.isIdle(), w.chunks(),
                    w.bodyBytes()));
        }
    }

    /** Feeds {@code input} to {@code parser} in pieces of at most {@code slice} bytes. */
    static void feed(ChunkParser parser, byte[] input, int slice) throws ChunkParseException {
        for (int off = 0; off < input.length; off += slice) {
            parser.feed(input, off, Math.min(slice, input.length - off));
        }
    }

    /** A listener that only counts: the least work a real consumer could do. */
    static final class CountingListener implements ChunkListener {
        long chunks;
        long dataBytes;
        long malformed;

        @Override
        public void chunkStarted(MsrpChunk chunk) {
        }

        @Override
        public void chunkData(MsrpChunk chunk, ByteBuffer data) {
            dataBytes += data.remaining();
        }

        @Override
        public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
            chunks++;
        }

        @Override
        public void chunkMalformed(ChunkParseException error) {
            malformed++;
        }
    }

    /**
     * Prints one line per workload: name, chunks, wire bytes, body bytes, slice, wire bytes per
     * chunk; after verifying that the parser reads each one back.
     */
    public static void main(String[] args) {
        for (Workload w : List.of(small(), smallMixedPaths(), large(), stream())) {
            verify(w);
            System.out.printf(Locale.ROOT, "%s %d %d %d %d %.3f%n", w.name(), w.chunks(), w.input().length,
                    w.bodyBytes(), w.slice(), w.bytesPerChunk());
        }
    }
}
