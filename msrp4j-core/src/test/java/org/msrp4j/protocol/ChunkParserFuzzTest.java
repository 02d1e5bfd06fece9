package org.msrp4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Fuzzes {@link ChunkParser} with Jazzer.
 *
 * <p>By default ({@code mvn test}) this replays the committed inputs in
 * {@code src/test/resources/org/msrp4j/protocol/ChunkParserFuzzTestInputs/feed/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (see {@code .ci/fuzz.sh}). A crash found
 * while fuzzing is saved in that directory: commit it with the fix, and every build replays it.
 *
 * <p>Input format: the first byte chooses how the rest is split into pieces (a seed for the piece
 * sizes, see {@link #pieceSizes}); the rest is the bytes received from the wire.
 *
 * <p>Checked on every input:
 * <ol>
 *   <li>the parser throws nothing but {@link ChunkParseException} (anything else fails the test);
 *   <li>feeding the bytes in pieces gives the same events as feeding them at once;
 *   <li>every chunk that ended normally, re-encoded with its body, parses back to an equal chunk.
 * </ol>
 */
class ChunkParserFuzzTest {

    /**
     * Limits for re-parsing an encoded chunk. {@link MsrpChunk#encode()} writes {@code "Name: "}
     * where the wire may have had {@code "Name:"}, and writes the empty line that opens a body
     * section for any chunk with a Content-Type, even one that came with none (end-line straight
     * after the headers). So a chunk near the header-block limit can legitimately grow past it
     * when re-encoded (by at most one byte per header plus two). The other limits apply unchanged.
     */
    private static final ChunkParser.Limits ROUND_TRIP_LIMITS = new ChunkParser.Limits(
            ChunkParser.Limits.DEFAULT.maxStartLine(), 2 * ChunkParser.Limits.DEFAULT.maxHeaderBlock(),
            ChunkParser.Limits.DEFAULT.maxHeaders(), ChunkParser.Limits.DEFAULT.maxUriLength());

    // No CR or LF in dictionary entries: Jazzer (0.24 to 0.26) writes them unescaped into libFuzzer's
    // dictionary file, which then fails to parse. The fuzzer learns CRLF from comparisons anyway.
    @FuzzTest(maxDuration = "75s")
    @DictionaryEntries({"MSRP ", "-------", " SEND", " REPORT", " 200 OK", "To-Path: ", "From-Path: ",
        "Content-Type: ", "text/plain", "Message-ID: ", "Byte-Range: ", "1-*/*", "1-5/5", "Status: 000 200 OK",
        "Success-Report: yes", "Failure-Report: partial", "Use-Path: ", "msrp://", "msrps://",
        "a.example.com:7777/", ";tcp", "[::1]:1/", "%41"})
    void feed(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] wire = Arrays.copyOfRange(input, 1, input.length);
        Recorder inPieces = Recorder.split(wire, pieceSizes(input[0], wire.length));
        Recorder atOnce = Recorder.whole(wire);

        assertThat(inPieces.events).as("events when fed in pieces vs. at once").isEqualTo(atOnce.events);

        for (MsrpChunk chunk : atOnce.chunks) {
            byte[] encoded = chunk.encode();
            MsrpChunk reparsed;
            try {
                reparsed = ChunkParser.parse(encoded, ROUND_TRIP_LIMITS);
            } catch (ChunkParseException e) {
                throw new AssertionError("re-encoded " + chunk + " does not parse: " + Recorder.escape(encoded), e);
            }
            assertThat(reparsed).as("re-encoded %s, wire %s", chunk, Recorder.escape(encoded)).isEqualTo(chunk);
        }
    }

    /**
     * Piece sizes adding up to {@code total}: pseudo-random sizes from 1 to {@code (seed & 31) + 1}
     * bytes, so seed 0 feeds byte by byte.
     */
    static int[] pieceSizes(byte seed, int total) {
        int maxSize = (seed & 31) + 1;
        Random random = new Random(seed);
        List<Integer> sizes = new ArrayList<>();
        for (int left = total; left > 0; ) {
            int size = Math.min(left, 1 + random.nextInt(maxSize));
            sizes.add(size);
            left -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
