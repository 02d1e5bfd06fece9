package org.msrp4j.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.MessageIdHeader;

/** Builds SEND chunks of a message for the assembler tests. */
final class AssemblyChunks {

    private static final AtomicInteger TIDS = new AtomicInteger();

    private AssemblyChunks() {
    }

    /** A SEND of message {@code id} with Byte-Range {@code start-end/total}, data and flag. */
    static MsrpChunk send(String id, ByteRange range, byte[] data, Continuation flag) {
        MsrpChunk c = MsrpChunk.request(String.format("tid%06d", TIDS.incrementAndGet()), "SEND")
                .addHeader(new MessageIdHeader(id))
                .addHeader(new ContentTypeHeader("application/octet-stream"))
                .setData(data)
                .setContinuation(flag);
        if (range != null) {
            c.addHeader(new ByteRangeHeader(range));
        }
        return c;
    }

    /** Bytes {@code start..end} (1-based, inclusive) of {@code content}, with total known, flag by position. */
    static MsrpChunk slice(String id, byte[] content, long start, long end) {
        Continuation flag = end == content.length ? Continuation.END : Continuation.MORE;
        return send(id, new ByteRange(start, end, content.length),
                Arrays.copyOfRange(content, (int) start - 1, (int) end), flag);
    }

    /** Content cut into consecutive chunks of {@code size} bytes, in order. */
    static List<MsrpChunk> cut(String id, byte[] content, int size) {
        List<MsrpChunk> out = new ArrayList<>();
        for (int s = 1; s <= content.length; s += size) {
            out.add(slice(id, content, s, Math.min(content.length, s + size - 1)));
        }
        return out;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
