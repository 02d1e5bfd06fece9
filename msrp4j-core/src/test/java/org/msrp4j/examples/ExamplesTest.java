package org.msrp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;

@Timeout(30)
class ExamplesTest {

    private static String text(MsrpChunk chunk) {
        return new String(chunk.data(), StandardCharsets.UTF_8);
    }

    private static void exchange(String host) throws Exception {
        SdpExchange sdp = new SdpExchange();
        CompletableFuture<MsrpChunk> inbound = CompletableFuture.supplyAsync(() -> {
            try {
                return InboundConnection.run(MsrpUri.builder().host(host).port(0).build(), sdp::answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        List<MsrpChunk> outbound = OutboundConnection.run(MsrpUri.builder().host(host).build(), sdp::offer);

        assertThat(outbound.get(0).code()).isEqualTo(200);
        assertThat(text(outbound.get(1))).isEqualTo("Hello world!");
        MsrpChunk received = inbound.get(10, TimeUnit.SECONDS);
        assertThat(text(received)).isEqualTo("Hello world!");
        assertThat(received.contentType()).isEqualTo("text/plain");
    }

    @Test
    void outboundAndInboundExamplesTalkOverIpv4() throws Exception {
        exchange("127.0.0.1");
    }

    @Test
    void outboundAndInboundExamplesTalkOverIpv6() throws Exception {
        exchange("::1");
    }

    @Test
    void twoPeersExchangeAMessage() throws Exception {
        assertThat(TwoPeers.exchange("Hello Bob! caf\u00e9")).isEqualTo("Hello Bob! caf\u00e9");
    }

    /** The README's "Using the library" quotes TwoPeers from its imports on: the two stay in step. */
    @Test
    void theReadmeQuotesTwoPeers() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/msrp4j/examples/TwoPeers.java"));
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("```java\n", readme.indexOf("## Using the library")) + "```java\n".length();
        String quoted = readme.substring(start, readme.indexOf("```\n", start));
        assertThat(quoted).isEqualTo(source.substring(source.indexOf("import ")));
    }

    @Test
    void mainRuns() throws Exception {
        InboundConnection.main(new String[0]);
    }
}
