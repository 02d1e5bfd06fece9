package org.msrp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
    void mainRuns() throws Exception {
        InboundConnection.main(new String[0]);
    }
}
