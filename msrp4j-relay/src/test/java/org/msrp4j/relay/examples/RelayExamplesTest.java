package org.msrp4j.relay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.MsrpRelay;

@Timeout(60)
class RelayExamplesTest {

    private static MsrpRelay relay;

    @BeforeAll
    static void startRelay() throws Exception {
        relay = EmbeddedRelay.start();
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    private static String text(MsrpChunk chunk) {
        return new String(chunk.data(), StandardCharsets.UTF_8);
    }

    /** Whether {@code uri} names a session at the relay's TLS listener. */
    private static boolean atRelay(MsrpUri uri) {
        return uri.sessionId() != null && uri.withSessionId(null).equals(relay.listenerUri(true));
    }

    /** The From-Path a SEND from {@code senderPath} has on arrival at the owner of {@code receiverPath}. */
    private static List<MsrpUri> through(List<MsrpUri> receiverPath, List<MsrpUri> senderPath) {
        List<MsrpUri> path = new ArrayList<>(receiverPath.subList(0, receiverPath.size() - 1));
        path.addAll(senderPath);
        return path;
    }

    @Test
    void outboundAndInboundExamplesTalkThroughTheRelayBothWays() throws Exception {
        SdpExchange sdp = new SdpExchange();
        CompletableFuture<List<MsrpUri>> offered = new CompletableFuture<>();
        CompletableFuture<List<MsrpUri>> answered = new CompletableFuture<>();
        MsrpChunk atOfferer;
        MsrpChunk atAnswerer;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<MsrpChunk> answerer = threads.submit(() -> InboundRelayConnection.run(
                    EmbeddedRelay.settings(relay, "bob"), path -> {
                        answered.complete(path);
                        return sdp.answer(path);
                    }));
            atOfferer = OutboundRelayConnection.run(EmbeddedRelay.settings(relay, "alice"), path -> {
                offered.complete(path);
                return sdp.offer(path);
            });
            atAnswerer = answerer.get(10, TimeUnit.SECONDS);
        }

        assertThat(text(atAnswerer)).isEqualTo("Hello through the relay!");
        assertThat(text(atOfferer)).isEqualTo("Hello world!");
        assertThat(List.of(atAnswerer, atOfferer)).allSatisfy(m -> assertThat(m.contentType()).isEqualTo("text/plain"));
        for (CompletableFuture<List<MsrpUri>> path : List.of(offered, answered)) {
            assertThat(path.getNow(null)).as("a=path: the relay's Use-Path, then the local URI").hasSize(2)
                    .first().matches(RelayExamplesTest::atRelay, "a session at the relay");
        }
        assertThat(atAnswerer.fromPath()).as("the offerer's SEND came through both relay sessions")
                .isEqualTo(through(answered.getNow(null), offered.getNow(null)));
        assertThat(atOfferer.fromPath()).as("the answerer's SEND came through both relay sessions")
                .isEqualTo(through(offered.getNow(null), answered.getNow(null)));
    }

    @Test
    void eachMainRunsBothSides() throws Exception {
        InboundRelayConnection.main(new String[0]);
        OutboundRelayConnection.main(new String[0]);
    }
}
