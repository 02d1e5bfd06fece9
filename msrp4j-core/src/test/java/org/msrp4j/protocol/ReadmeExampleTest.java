package org.msrp4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/** The protocol example of README.md, kept compiling and running. */
class ReadmeExampleTest {

    @Test
    void readmeProtocolExample() throws Exception {
        MsrpUri bob = MsrpUri.parse("msrp://bob.example.com:8888/9di4eae923wzd;tcp");
        MsrpUri alice = MsrpUri.builder().host("::1").port(7777).sessionId(MsrpGrammar.randomIdent(12)).build();

        byte[] text = "Hey Bob, are you there?".getBytes(StandardCharsets.UTF_8);
        MsrpChunk send = MsrpChunk.request(MsrpGrammar.randomIdent(10), "SEND")
                .addHeader(new ToPathHeader(List.of(bob)))
                .addHeader(new FromPathHeader(List.of(alice)))
                .addHeader(new MessageIdHeader(MsrpGrammar.randomIdent(16)))
                .addHeader(new ByteRangeHeader(new ByteRange(1, text.length, text.length)))
                .addHeader(new ContentTypeHeader("text/plain"))
                .setData(text);
        byte[] wire = send.encode();

        StringBuilder events = new StringBuilder();
        ChunkParser parser = new ChunkParser(new ChunkListener() {
            public void chunkStarted(MsrpChunk chunk) {
                events.append("start ");
            }

            public void chunkData(MsrpChunk chunk, ByteBuffer data) {
                events.append("data ");
            }

            public void chunkEnded(MsrpChunk chunk, Continuation flag) {
                events.append("end ").append(flag.flag());
            }

            public void chunkMalformed(ChunkParseException e) {
                events.append("malformed ");
            }
        });
        parser.feed(wire, 0, wire.length);

        MsrpChunk one = ChunkParser.parse(wire);
        assertThat(events).hasToString("start data end $");
        assertThat(one).isEqualTo(send);
        assertThat(one.toPath()).containsExactly(bob);
    }
}
