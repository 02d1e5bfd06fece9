package org.msrp4j.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A listener that records a parser's events as comparable text and rebuilds complete chunks
 * with their bodies. Data events are merged per chunk, since how a body is cut into data events
 * depends on how the input was split; their concatenation does not.
 */
final class Recorder implements ChunkListener {

    final List<String> events = new ArrayList<>();
    final List<MsrpChunk> chunks = new ArrayList<>();
    final List<ChunkParseException> malformed = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private MsrpChunk current;

    @Override
    public void chunkStarted(MsrpChunk chunk) {
        if (current != null) {
            throw new AssertionError("start of " + chunk + " before end of " + current);
        }
        current = chunk;
        body.reset();
        events.add("start " + chunk.transactionId() + " " + (chunk.isRequest() ? chunk.method() : chunk.code())
                + " " + chunk.headers());
    }

    @Override
    public void chunkData(MsrpChunk chunk, ByteBuffer data) {
        if (chunk != current) {
            throw new AssertionError("data for " + chunk + " while in " + current);
        }
        if (!data.hasRemaining()) {
            throw new AssertionError("empty data event");
        }
        byte[] b = new byte[data.remaining()];
        data.get(b);
        body.writeBytes(b);
    }

    @Override
    public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
        if (chunk != current) {
            throw new AssertionError("end of " + chunk + " while in " + current);
        }
        byte[] b = body.toByteArray();
        events.add("data " + new String(b, StandardCharsets.ISO_8859_1));
        events.add("end " + continuation.flag());
        chunks.add(chunk.copy().setData(b));
        current = null;
    }

    @Override
    public void chunkMalformed(ChunkParseException error) {
        malformed.add(error);
        events.add("malformed " + error.getMessage());
    }

    /** Feeds {@code wire} whole; a fatal error is recorded as the last event. */
    static Recorder whole(byte[] wire) {
        return split(wire, new int[] {wire.length});
    }

    /** Feeds {@code wire} one byte at a time. */
    static Recorder byteByByte(byte[] wire) {
        Recorder r = new Recorder();
        ChunkParser p = new ChunkParser(r);
        try {
            for (int i = 0; i < wire.length; i++) {
                p.feed(wire, i, 1);
            }
            p.endOfInput();
        } catch (ChunkParseException e) {
            r.events.add("fatal " + e.getMessage());
        }
        return r;
    }

    /** Feeds {@code wire} in random slices drawn from {@code seed}, through ByteBuffers at odd offsets. */
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

    /** Feeds {@code wire} in slices of the given sizes (which must add up to its length). */
    static Recorder split(byte[] wire, int[] sizes) {
        Recorder r = new Recorder();
        ChunkParser p = new ChunkParser(r);
        try {
            int off = 0;
            for (int n : sizes) {
                byte[] copy = new byte[n + 7];
                System.arraycopy(wire, off, copy, 3, n);
                p.feed(ByteBuffer.wrap(copy, 3, n));
                off += n;
            }
            p.endOfInput();
        } catch (ChunkParseException e) {
            r.events.add("fatal " + e.getMessage());
        }
        return r;
    }
}
