package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;

@Timeout(30)
class MsrpSessionSmokeTest {

    @Test
    void deliverChunkGetsThe200AndThePeerGetsTheMessage() throws Exception {
        try (SessionPair pair = SessionPair.open("127.0.0.1", false)) {
            CopyOnWriteArrayList<MsrpChunk> received = new CopyOnWriteArrayList<>();
            MsrpSession bob = MsrpSession.start(pair.passive(), SessionSettings.DEFAULT, received::add);
            MsrpSession alice = MsrpSession.startQueued(pair.active(), SessionSettings.DEFAULT);
            MsrpChunk response = alice.deliverChunk(pair.active().newChunk().data("hello").build());
            assertThat(response.code()).isEqualTo(200);
            assertThat(received).hasSize(1);
            assertThat(new String(received.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("hello");

            bob.sendChunk(pair.passive().newChunk().data("back").build());
            MsrpChunk back = alice.receiveChunk();
            assertThat(new String(back.data(), StandardCharsets.UTF_8)).isEqualTo("back");

            byte[] content = new byte[1_000_000];
            new Random(1).nextBytes(content);
            OutgoingFile file = new OutgoingFile(new ByteArrayInputStream(content), content.length,
                    "application/octet-stream", 0, null);
            alice.sendFile(file);
            file.completion().get(10, TimeUnit.SECONDS);
            assertThat(file.bytesAcknowledged()).isEqualTo(content.length);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (MsrpChunk c : received) {
                if (file.messageId().equals(c.messageId())) {
                    got.writeBytes(c.data());
                }
            }
            assertThat(got.toByteArray()).isEqualTo(content);
            alice.shutdown(true);
            bob.shutdown(true);
        }
    }
}
