package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.session.AssemblyChunks.send;
import static org.msrp4j.session.AssemblyChunks.slice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.header.ContentDispositionHeader;

/** What an {@link IncomingMessage} knows about the bytes received and missing. */
class IncomingMessageTest {

    private static final long U = ByteRange.UNKNOWN;

    @Test
    void sixteenThousandInOrderChunksStayOneRange() throws Exception {
        byte[] content = AssemblyChunks.random(16_000 * 10, 1);
        MessageAssembler assembler = MessageAssembler.inMemory(content.length);
        IncomingMessage m = null;
        for (var chunk : AssemblyChunks.cut("inorder1", content, 10)) {
            m = assembler.accept(chunk);
            assertThat(m.received()).hasSize(1);
        }
        assertThat(m.isComplete()).isTrue();
        assertThat(m.received()).containsExactly(new ByteRange(1, content.length, content.length));
        assertThat(m.missing()).isEmpty();
        assertThat(m.bytes()).isEqualTo(content);
    }

    @Test
    void missingRangesWithAKnownTotalAreTheExactGaps() throws Exception {
        byte[] content = AssemblyChunks.random(100, 2);
        MessageAssembler assembler = MessageAssembler.inMemory(1000);
        assembler.accept(slice("gaps1", content, 21, 30));
        assembler.accept(slice("gaps1", content, 1, 10));
        IncomingMessage m = assembler.accept(slice("gaps1", content, 91, 100));
        assertThat(m.total()).isEqualTo(100);
        assertThat(m.bytesReceived()).isEqualTo(30);
        assertThat(m.received()).containsExactly(new ByteRange(1, 10, 100), new ByteRange(21, 30, 100),
                new ByteRange(91, 100, 100));
        assertThat(m.missing()).containsExactly(new ByteRange(11, 20, 100), new ByteRange(31, 90, 100));
        assertThat(m.isComplete()).isFalse();
        assertThat(m.isDone()).isFalse();

        assembler.accept(slice("gaps1", content, 11, 20));
        assertThat(m.missing()).containsExactly(new ByteRange(31, 90, 100));
        assertThat(m.received()).containsExactly(new ByteRange(1, 30, 100), new ByteRange(91, 100, 100));
        assembler.accept(slice("gaps1", content, 31, 90));
        assertThat(m.missing()).isEmpty();
        assertThat(m.isComplete()).isTrue();
        assertThat(m.bytes()).isEqualTo(content);
    }

    @Test
    void withAnUnknownTotalTheLastGapIsOpenEnded() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(1000);
        IncomingMessage m = assembler.accept(send("open1", new ByteRange(1, 0, U), new byte[0], Continuation.MORE));
        assertThat(m.missing()).containsExactly(new ByteRange(1, U, U));
        assertThat(m.bytesReceived()).isZero();

        assembler.accept(send("open1", new ByteRange(21, 30, U), new byte[10], Continuation.MORE));
        assembler.accept(send("open1", new ByteRange(1, U, U), new byte[10], Continuation.MORE));
        assertThat(m.total()).isEqualTo(U);
        assertThat(m.missing()).containsExactly(new ByteRange(11, 20, U), new ByteRange(31, U, U));
        assertThat(m.received()).containsExactly(new ByteRange(1, 10, U), new ByteRange(21, 30, U));
    }

    @Test
    void unknownTotalBecomesKnownFromTheLastChunk() throws Exception {
        byte[] content = AssemblyChunks.random(25, 3);
        MessageAssembler assembler = MessageAssembler.inMemory(1000);
        assembler.accept(send("star1", new ByteRange(1, 10, U), part(content, 1, 10), Continuation.MORE));
        IncomingMessage m = assembler.accept(send("star1", new ByteRange(11, U, U), part(content, 11, 20),
                Continuation.MORE));
        assertThat(m.total()).isEqualTo(U);
        assertThat(m.isComplete()).isFalse();
        assembler.accept(send("star1", new ByteRange(21, U, U), part(content, 21, 25), Continuation.END));
        assertThat(m.total()).isEqualTo(25);
        assertThat(m.isComplete()).isTrue();
        assertThat(m.isDone()).isTrue();
        assertThat(m.bytes()).isEqualTo(content);
    }

    @Test
    void theLastChunkFirstGivesTheTotalAndTheGapsBeforeIt() throws Exception {
        byte[] content = AssemblyChunks.random(25, 4);
        MessageAssembler assembler = MessageAssembler.inMemory(1000);
        IncomingMessage m = assembler.accept(send("star2", new ByteRange(21, U, U), part(content, 21, 25),
                Continuation.END));
        assertThat(m.total()).isEqualTo(25);
        assertThat(m.missing()).containsExactly(new ByteRange(1, 20, 25));
        assembler.accept(send("star2", new ByteRange(1, 20, U), part(content, 1, 20), Continuation.MORE));
        assertThat(m.isComplete()).isTrue();
        assertThat(m.bytes()).isEqualTo(content);
    }

    @Test
    void headersComeFromTheFirstChunkOfTheMessageOnceItArrives() throws Exception {
        byte[] content = AssemblyChunks.random(20, 5);
        MessageAssembler assembler = MessageAssembler.inMemory(1000);
        IncomingMessage m = assembler.accept(slice("head1", content, 11, 20).addHeader(
                new ContentDispositionHeader("inline", Map.of())));
        assertThat(m.headers().get(ContentDispositionHeader.class).type()).isEqualTo("inline");
        assertThat(m.contentType()).isEqualTo("application/octet-stream");

        var first = slice("head1", content, 1, 5).addHeader(
                new ContentDispositionHeader("attachment", Map.of("filename", "a.bin")));
        assembler.accept(first);
        assertThat(m.headers().get(ContentDispositionHeader.class).get("filename")).isEqualTo("a.bin");
        assembler.accept(slice("head1", content, 6, 10));
        assertThat(m.headers().get(ContentDispositionHeader.class).type()).isEqualTo("attachment");
    }

    @Test
    void anAbortEndsTheMessageAndMayCutItsChunkShort() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(1000);
        assembler.accept(send("abort1", new ByteRange(1, 10, 100), new byte[10], Continuation.MORE));
        IncomingMessage m = assembler.accept(send("abort1", new ByteRange(11, 50, 100), new byte[5],
                Continuation.ABORT));
        assertThat(m.isAborted()).isTrue();
        assertThat(m.isComplete()).isFalse();
        assertThat(m.isDone()).isTrue();
        assertThat(m.bytesReceived()).isEqualTo(15);
        assertThat(m.missing()).containsExactly(new ByteRange(16, 100, 100));
        assertThat(assembler.openMessages()).isZero();
        assertThat(assembler.get("abort1")).isEmpty();
    }

    @Test
    void anEmptyMessageIsComplete() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(0);
        IncomingMessage m = assembler.accept(send("empty1", new ByteRange(1, 0, 0), new byte[0], Continuation.END));
        assertThat(m.isComplete()).isTrue();
        assertThat(m.total()).isZero();
        assertThat(m.missing()).isEmpty();
        assertThat(m.bytes()).isEmpty();
    }

    /**
     * Any chunks of a message, in any order and overlapping: what the message reports received
     * and missing, and the bytes it holds, match a byte-by-byte model.
     */
    @Property(tries = 300)
    void receivedAndMissingMatchAModel(@ForAll @IntRange(min = 1, max = 400) int total,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 10_000) Integer> starts,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 120) Integer> lengths,
            @ForAll long seed) throws Exception {
        byte[] content = AssemblyChunks.random(total, seed);
        MessageAssembler assembler = MessageAssembler.inMemory(total);
        BitSet model = new BitSet();
        IncomingMessage m = null;
        for (int i = 0; i < starts.size(); i++) {
            int start = 1 + starts.get(i) % total;
            int end = Math.min(total, start + lengths.get(i % lengths.size()) - 1);
            m = assembler.accept(slice("model1", content, start, end));
            model.set(start - 1, end);
            if (m.isDone()) {
                break;
            }
        }
        assertThat(m.bytesReceived()).isEqualTo(model.cardinality());
        assertThat(m.isComplete()).isEqualTo(model.cardinality() == total);
        assertThat(m.isDone()).isEqualTo(m.isComplete());
        assertThat(m.received()).isEqualTo(runs(model, 0, total, true));
        assertThat(m.missing()).isEqualTo(runs(model, 0, total, false));
        byte[] held = m.bytes();
        for (int i = model.nextSetBit(0); i >= 0; i = model.nextSetBit(i + 1)) {
            assertThat(held[i]).isEqualTo(content[i]);
        }
    }

    /** Any partition of a message, shuffled, with some chunks repeated, gives back the exact bytes. */
    @Property(tries = 200)
    void anyOrderGivesTheExactBytes(@ForAll @IntRange(min = 1, max = 2000) int total,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 300) Integer> sizes,
            @ForAll long seed) throws Exception {
        byte[] content = AssemblyChunks.random(total, seed);
        List<int[]> pieces = new ArrayList<>();
        for (int s = 1, i = 0; s <= total; i++) {
            int e = Math.min(total, s + sizes.get(i % sizes.size()) - 1);
            pieces.add(new int[] {s, e});
            s = e + 1;
        }
        Random random = new Random(seed);
        for (int i = 0, n = pieces.size(); i < n / 3; i++) {
            pieces.add(pieces.get(random.nextInt(n)));
        }
        Collections.shuffle(pieces, random);
        MessageAssembler assembler = MessageAssembler.inMemory(total);
        IncomingMessage m = null;
        for (int[] p : pieces) {
            if (m != null && m.isDone()) {
                break;
            }
            m = assembler.accept(slice("order1", content, p[0], p[1]));
        }
        assertThat(m.isComplete()).isTrue();
        assertThat(m.bytes()).isEqualTo(content);
        assertThat(assembler.openMessages()).isZero();
    }

    private static List<ByteRange> runs(BitSet bits, int from, int total, boolean set) {
        List<ByteRange> out = new ArrayList<>();
        int i = from;
        while (i < total) {
            int s = set ? bits.nextSetBit(i) : bits.nextClearBit(i);
            if (s < 0 || s >= total) {
                break;
            }
            int e = set ? bits.nextClearBit(s) : Math.min(total, nextSet(bits, s, total));
            out.add(new ByteRange(s + 1, e, total));
            i = e;
        }
        return out;
    }

    private static int nextSet(BitSet bits, int from, int total) {
        int n = bits.nextSetBit(from);
        return n < 0 ? total : n;
    }

    private static byte[] part(byte[] content, int start, int end) {
        return Arrays.copyOfRange(content, start - 1, end);
    }
}
