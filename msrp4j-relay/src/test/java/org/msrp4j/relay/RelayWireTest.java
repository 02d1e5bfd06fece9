package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;

/** The relay's wire forms made as bytes are byte for byte those of the chunks they stand for. */
class RelayWireTest {

    private static final List<MsrpUri> TO = List.of(MsrpUri.parse("msrp://127.0.0.1:2855/bob;tcp"));
    private static final List<MsrpUri> FROM = List.of(MsrpUri.parse("msrp://127.0.0.1:2855/relay;tcp"),
            MsrpUri.parse("msrps://[::1]:3000/alice;tcp"));

    private static MsrpChunk parse(String headers, String body) throws Exception {
        String wire = "MSRP in000001 SEND\r\nTo-Path: msrp://127.0.0.1:2855/relay;tcp msrp://127.0.0.1:2855/bob;tcp\r\n"
                + "From-Path: msrps://[::1]:3000/alice;tcp\r\n" + headers
                + (body == null ? "" : "\r\n" + body + "\r\n") + "-------in000001$\r\n";
        return ChunkParser.parse(wire.getBytes(StandardCharsets.UTF_8));
    }

    private static List<MsrpChunk> requests() throws Exception {
        return List.of(
                parse("Message-ID: msg1x\r\nByte-Range: 1-5/5\r\nContent-Type: text/plain\r\n", "hello"),
                parse("Message-ID: msg2x\r\nByte-Range: 8193-16384/1048576\r\nX-Note: caf\u00e9 \u2603\r\n"
                        + "Content-Description: na\u00efve\r\nContent-Type: application/octet-stream\r\n",
                        "x".repeat(8192)),
                parse("Message-ID: msg3x\r\nByte-Range: 1-0/0\r\n", null),
                parse("Message-ID: msg4x\r\nFailure-Report: partial\r\nContent-Type: text/plain\r\n", "no range"));
    }

    private static byte[] bytes(RelayWire wire) {
        return Arrays.copyOf(wire.array(), wire.length());
    }

    @Test
    void headsAndEndLinesAreThoseOfTheRewrittenChunk() throws Exception {
        RelayWire wire = new RelayWire();
        for (MsrpChunk request : requests()) {
            for (ByteRange range : Arrays.asList(null, new ByteRange(8193, ByteRange.UNKNOWN, 1048576))) {
                MsrpChunk piece = RelayChunks.rewrite(request, "out00001", TO, FROM, range);
                if (!RelayWire.headFits(request, range)) {
                    assertThat(request.byteRange()).isNull();
                    continue;
                }
                wire.head(request, "out00001", RelayWire.toPathLine(TO), RelayWire.fromPathLine(FROM), range);
                assertThat(new String(bytes(wire), StandardCharsets.UTF_8))
                        .isEqualTo(new String(piece.encodeStart(), StandardCharsets.UTF_8));
                assertThat(bytes(wire)).isEqualTo(piece.encodeStart());
                for (Continuation flag : Continuation.values()) {
                    wire.end("out00001", RelayWire.hasBody(request), flag);
                    assertThat(bytes(wire)).isEqualTo(piece.encodeEnd(flag));
                }
            }
        }
    }

    @Test
    void theOkIsTheResponseToTheRequest() throws Exception {
        RelayWire wire = new RelayWire();
        for (MsrpChunk request : requests()) {
            MsrpChunk ok = RelayChunks.response(request, Status.OK, "OK");
            wire.clear();
            wire.appendOk(request.transactionId(), RelayWire.responsePaths(request));
            if (ok != null) {
                assertThat(bytes(wire)).isEqualTo(ok.encode());
            }
        }
        wire.clear();
        wire.append("abc".getBytes(StandardCharsets.US_ASCII));
        MsrpChunk first = requests().get(0);
        wire.appendOk(first.transactionId(), RelayWire.responsePaths(first));
        assertThat(new String(bytes(wire), StandardCharsets.UTF_8))
                .isEqualTo("abc" + new String(RelayChunks.response(first, Status.OK, "OK").encode(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void transactionIdsAreIdentsNeverRepeated() {
        TransactionIds ids = new TransactionIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ids.next();
            assertThat(MsrpGrammar.isIdent(id)).isTrue();
            assertThat(id).hasSize(TransactionIds.LENGTH);
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(new TransactionIds().next()).isNotEqualTo(new TransactionIds().next());
    }
}
