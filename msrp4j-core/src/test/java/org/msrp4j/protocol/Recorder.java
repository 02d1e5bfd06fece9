package org.msrp4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A listener that records a parser's events as comparable text and rebuilds complete chunks
 * with their bodies, checking the event contract on the way. Data events are merged per chunk,
 * since how a body is cut into data events depends on how the input was split; their
 * concatenation does not.
 */
final class Recorder implements ChunkListener {

    final List<String> events = new ArrayList<>();
    /** The chunks that ended normally, each a copy with its body set. */
    final List<MsrpChunk> chunks = new ArrayList<>();
    final List<ChunkParseException> malformed = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private MsrpChunk current;

    @Override
    public void chunkStarted(MsrpChunk chunk) {
        assertThat(current).as("chunkStarted before the previous chunk ended").isNull();
        assertThat(chunk.data()).as("data of a started chunk").isEmpty();
        current = chunk;
        body.reset();
        events.add("start " + chunk.transactionId() + " "
                + (chunk.isRequest() ? chunk.method() : chunk.code() + " " + chunk.comment()) + " " + chunk.headers());
    }

    @Override
    public void chunkData(MsrpChunk chunk, ByteBuffer data) {
        assertThat(chunk).as("chunkData for the started chunk").isSameAs(current);
        assertThat(data.hasRemaining()).as("data event with no bytes").isTrue();
        byte[] b = new byte[data.remaining()];
        data.get(b);
        body.writeBytes(b);
    }

    @Override
    public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
        assertThat(chunk).as("chunkEnded for the started chunk").isSameAs(current);
        assertThat(chunk.continuation()).as("continuation set on the chunk").isEqualTo(continuation);
        byte[] b = body.toByteArray();
        events.add("data " + escape(b));
        events.add("end " + continuation.flag());
        chunks.add(chunk.copy().setData(b));
        current = null;
    }

    @Override
    public void chunkMalformed(ChunkParseException error) {
        assertThat(current).as("chunkMalformed inside a started chunk").isNull();
        assertThat(error.isFatal()).as("a malformed chunk is not fatal").isFalse();
        malformed.add(error);
        events.add("malformed " + error.getMessage());
    }

    /** Records the exception that ended parsing, after the body received so far, if any. */
    void fatal(ChunkParseException e) {
        assertThat(e.isFatal()).as("an exception thrown by feed or endOfInput is fatal").isTrue();
        if (current != null) {
            events.add("data " + escape(body.toByteArray()));
        }
        events.add("fatal " + e.getMessage());
    }

    /** Feeds {@code wire} whole. */
    static Recorder whole(byte[] wire) {
        return split(wire, new int[] {wire.length});
    }

    /** Feeds {@code wire} one byte at a time. */
    static Recorder byteByByte(byte[] wire) {
        int[] ones = new int[wire.length];
        Arrays.fill(ones, 1);
        return split(wire, ones);
    }

    /** Feeds {@code wire} in random slices drawn from {@code seed}. */
    static Recorder randomSplits(byte[] wire, long seed) {
        Random rnd = new Random(seed);
        List<Integer> sizes = new ArrayList<>();
        for (int left = wire.length; left > 0; ) {
            int n = Math.min(left, 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 2000));
            sizes.add(n);
            left -= n;
        }
        return split(wire, sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Feeds {@code wire} in slices of the given sizes (which add up to its length), alternately as
     * arrays and as ByteBuffers at an offset. Each slice is a fresh copy that is wiped after the
     * call, so a parser that kept a reference to the caller's buffer would be caught. A fatal
     * error is recorded as the last event.
     */
    static Recorder split(byte[] wire, int[] sizes) {
        Recorder r = new Recorder();
        ChunkParser p = new ChunkParser(r);
        try {
            int off = 0;
            for (int i = 0; i < sizes.length; i++) {
                int n = sizes[i];
                byte[] copy = new byte[n + 7];
                System.arraycopy(wire, off, copy, 3, n);
                if (i % 2 == 0) {
                    p.feed(copy, 3, n);
                } else {
                    p.feed(ByteBuffer.wrap(copy, 3, n));
                }
                Arrays.fill(copy, (byte) 0);
                off += n;
            }
            p.endOfInput();
        } catch (ChunkParseException e) {
            r.fatal(e);
        }
        return r;
    }

    /** The bytes as Java string-literal text: printable ASCII as is, the rest escaped. */
    static String escape(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int c = x & 0xff;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append((char) c);
                    } else {
                        b.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
                    }
                }
            }
        }
        return b.toString();
    }
}
