package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.protocol.MsrpChunk;

/** The {@code threads} setting: what kind of thread reads each relay connection. */
class RelayReaderThreadsTest {

    @Test
    void virtualReadersAreTheDefaultAndPlatformOnesAreConfigured(@TempDir Path dir) throws IOException {
        assertThat(RelayConfig.builder().build().readerThreads()).isEqualTo(RelayConfig.ReaderThreads.VIRTUAL);
        Path file = dir.resolve("threads.properties");
        Files.writeString(file, "threads = platform\n");
        RelayConfig c = RelayConfig.load(file);
        assertThat(c.readerThreads()).isEqualTo(RelayConfig.ReaderThreads.PLATFORM);
        assertThat(c.toBuilder().build().readerThreads()).isEqualTo(RelayConfig.ReaderThreads.PLATFORM);
    }

    @Test
    void platformReadersRelayMessagesAndEndWithTheRelay() throws IOException {
        MsrpRelay relay = RelayTestKit.relay(b -> b.readerThreads(RelayConfig.ReaderThreads.PLATFORM));
        try (Client a = Client.connect(relay.listenerUri(true)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            for (int i = 0; i < 3; i++) {
                MsrpChunk req = send(toPath(a, b.fullPath()), List.of(a.localUri), "hello " + i);
                assertThat(a.exchange(req).code()).isEqualTo(200);
                MsrpChunk got = b.read();
                assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("hello " + i);
                b.write(b.transport.makeResponse(got, 200, "OK"));
            }
            // platform threads are the ones the JVM lists; virtual threads are not
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("msrp-relay in "))
                    .hasSize(2).allSatisfy(t -> assertThat(t.isVirtual()).isFalse());
        } finally {
            relay.close();
        }
        assertThat(relay.threadCount()).isZero();
    }

    @Test
    void platformReadersNeverInterleaveSendersToOneReceiver() throws Exception {
        int each = 20;
        int size = 20_000;
        MsrpRelay relay = RelayTestKit.relay(b -> b.readerThreads(RelayConfig.ReaderThreads.PLATFORM));
        try {
            RelayTestKit.sendersNeverInterleave(relay, 4, each, size, (a, b, fill) -> {
                for (MsrpChunk c : RelayTestKit.writeFilled(a, b, fill, each, size)) {
                    assertThat(a.read().code()).isEqualTo(200);
                }
            });
        } finally {
            relay.close();
        }
    }

    @Test
    void virtualReadersByDefault() throws IOException {
        MsrpRelay relay = RelayTestKit.relay(b -> { });
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            assertThat(relay.connectionCount()).isEqualTo(1);
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().startsWith("msrp-relay in "));
        } finally {
            relay.close();
        }
    }
}
