package org.msrp4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link ChunkFramer}: chunk ends found exactly, whatever the cuts, and non-MSRP input refused. */
class ChunkFramerTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code wire} in pieces of the given sizes (cycled) and returns the whole chunks found. */
    private static List<byte[]> frame(byte[] wire, List<Integer> cuts) throws ChunkParseException {
        ChunkFramer framer = new ChunkFramer();
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        int off = 0;
        for (int i = 0; off < wire.length; i++) {
            int n = Math.min(wire.length - off, cuts.get(i % cuts.size()));
            int end = off + n;
            while (off < end) {
                int stop = framer.endOfChunk(wire, off, end - off);
                int take = stop < 0 ? end - off : stop - off;
                current.write(wire, off, take);
                off += take;
                if (stop >= 0) {
                    out.add(current.toByteArray());
                    current.reset();
                    assertThat(framer.atChunkBoundary()).isTrue();
                }
            }
        }
        assertThat(current.size()).as("bytes left after the last chunk").isZero();
        return out;
    }

    @Test
    void findsTheEndOfAChunkWithoutBody() throws Exception {
        byte[] wire = ascii("MSRP a786hjs2 200 OK\r\nTo-Path: msrp://a.example.com/x;tcp\r\n-------a786hjs2$\r\n");
        ChunkFramer framer = new ChunkFramer();
        assertThat(framer.endOfChunk(wire, 0, wire.length)).isEqualTo(wire.length);
        assertThat(framer.atChunkBoundary()).isTrue();
    }

    @Test
    void aBodyHoldingNearMissesOfTheEndLineDoesNotEndTheChunk() throws Exception {
        String chunk = "MSRP abcd SEND\r\nContent-Type: text/plain\r\n\r\n"
                + "-------abcd$ x\r\n-------abc$\r\n-------abcd!\r\n-------abcde$\r\n\r\r\n-------abcd$\r\n";
        byte[] wire = ascii(chunk + chunk);
        List<byte[]> chunks = frame(wire, List.of(1, 3, 7, 1000));
        assertThat(chunks).hasSize(2);
        assertThat(new String(chunks.get(0), StandardCharsets.ISO_8859_1)).isEqualTo(chunk);
    }

    @Test
    void theTransactionIdMayHoldDashesAndEveryFlagEndsAChunk() throws Exception {
        for (String flag : List.of("$", "+", "#")) {
            byte[] wire = ascii("MSRP a-b-c SEND\r\n\r\n---\r\n-------a-b-c" + flag + "\r\n");
            assertThat(new ChunkFramer().endOfChunk(wire, 0, wire.length)).isEqualTo(wire.length);
        }
    }

    @Test
    void reportsTheEndInsideTheBytesAndKeepsCountOfTheCurrentChunk() throws Exception {
        byte[] one = ascii("MSRP t1 SEND\r\n-------t1$\r\n");
        byte[] wire = ascii("MSRP t1 SEND\r\n-------t1$\r\nMSRP t2 SE");
        ChunkFramer framer = new ChunkFramer();
        assertThat(framer.endOfChunk(wire, 0, wire.length)).isEqualTo(one.length);
        assertThat(framer.endOfChunk(wire, one.length, wire.length - one.length)).isEqualTo(-1);
        assertThat(framer.bytesInChunk()).isEqualTo(wire.length - one.length);
        assertThat(framer.atChunkBoundary()).isFalse();
    }

    @Test
    void refusesWhatIsNotAnMsrpStartLine() {
        for (String bad : List.of("GET / HTTP/1.1\r\n", "MSRP  SEND\r\n", "MSRP abc\r\n",
                "MSRP " + "x".repeat(33) + " SEND\r\n", "MSRP a\u00e9b SEND\r\n")) {
            byte[] wire = ascii(bad);
            assertThatThrownBy(() -> new ChunkFramer().endOfChunk(wire, 0, wire.length)).as(bad)
                    .isInstanceOf(ChunkParseException.class)
                    .satisfies(e -> assertThat(((ChunkParseException) e).isFatal()).isTrue());
        }
    }

    @Property(tries = 200)
    void anySequenceOfChunksCutAnywhereComesOutAsTheSameChunks(
            @ForAll @Size(min = 1, max = 6) List<@From("chunks") MsrpChunk> chunks,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 400) Integer> cuts) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<byte[]> encoded = new ArrayList<>();
        for (MsrpChunk c : chunks) {
            byte[] e = c.encode();
            encoded.add(e);
            wire.writeBytes(e);
        }
        List<byte[]> framed = frame(wire.toByteArray(), cuts);
        assertThat(framed).hasSameSizeAs(encoded);
        for (int i = 0; i < framed.size(); i++) {
            assertThat(Arrays.equals(framed.get(i), encoded.get(i))).as("chunk " + i).isTrue();
        }
    }

    @Provide
    Arbitrary<MsrpChunk> chunks() {
        return new ChunkPropertiesTest().chunks();
    }
}
