package org.msrp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.transport.Loop.A;
import static org.msrp4j.transport.Loop.B;
import static org.msrp4j.transport.Loop.WAIT;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * What a relay client needs of a transport: a relay path set late, awaited responses, the close signal, a chunk cap.
 */
class MsrpTransportRelaySupportTest {

    private static final MsrpUri RELAY = MsrpUri.parse("msrp://127.0.0.1:7009/relay1;tcp");
    private final Loop loop = new Loop();

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
    }

    @Test
    void anAwaitedResponseGoesToItsFutureAndTheReaderGetsTheRest() throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk request = p.a().newChunk().data("x").build();
        CompletableFuture<MsrpChunk> awaited = TransportInternals.awaitResponse(p.a(), request.transactionId());
        p.a().writeChunk(request);
        MsrpChunk got = p.b().readChunk(1024, WAIT);
        p.b().writeResponse(got, 200, "OK");
        MsrpChunk other = p.b().newChunk().data("y").build();
        p.b().writeChunk(other);

        assertThat(p.a().readChunk(1024, WAIT).transactionId()).as("the reader skips the awaited response")
                .isEqualTo(other.transactionId());
        assertThat(awaited.get(5, TimeUnit.SECONDS).code()).isEqualTo(200);
    }

    @Test
    void awaitedResponsesFailAndTheCloseFutureCompletesWhenTheTransportCloses() throws Exception {
        Loop.Pair p = loop.tcp();
        CompletableFuture<MsrpChunk> awaited = TransportInternals.awaitResponse(p.a(), "never");
        CompletableFuture<Void> closed = p.a().closeFuture();
        assertThat(closed).isNotDone();

        p.a().close();

        assertThat(closed.get(5, TimeUnit.SECONDS)).isNull();
        assertThatThrownBy(() -> awaited.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectionClosedException.class);
        assertThatThrownBy(() -> TransportInternals.awaitResponse(p.a(), "late").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void aRelayPathSetLaterAddressesChunksAndChecksPaths() throws Exception {
        Loop.Pair p = loop.tcp();
        p.a().setLocalRelayPath(List.of(RELAY));

        assertThat(p.a().newChunk().build().toPath()).containsExactly(RELAY, B);
        assertThat(p.a().fullLocalPath()).containsExactly(RELAY, A);
        MsrpChunk viaRelay = p.b().newChunk().build();
        viaRelay.headers().set(new ToPathHeader(List.of(A)));
        viaRelay.headers().set(new FromPathHeader(List.of(RELAY, B)));
        assertThat(p.a().checkIncomingSendChunk(viaRelay)).isEmpty();
    }

    @Test
    void theChunkCapIsUnsetByDefaultAndRefusesNegativeValues() throws Exception {
        Loop.Pair p = loop.tcp();
        assertThat(p.a().maxChunkSize()).isZero();
        TransportInternals.setMaxChunkSize(p.a(), 8192);
        assertThat(p.a().maxChunkSize()).isEqualTo(8192);
        assertThatThrownBy(() -> TransportInternals.setMaxChunkSize(p.a(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRemotePathThroughRelaysCapsChunksAtTheRelayedSizeUnlessACapIsSet() throws Exception {
        Loop.Pair p = loop.tcp("127.0.0.1", TransportSettings.DEFAULT,
                TransportSettings.builder().relayedChunkSize(4000).build());
        p.a().setFullRemotePath(List.of(RELAY, B));
        p.b().setFullRemotePath(List.of(RELAY, A));
        assertThat(p.a().maxChunkSize()).as("the default").isEqualTo(TransportSettings.DEFAULT.relayedChunkSize())
                .isEqualTo(8 * 1024);
        assertThat(p.b().maxChunkSize()).isEqualTo(4000);
        TransportInternals.setMaxChunkSize(p.b(), 20_000);
        assertThat(p.b().maxChunkSize()).as("an explicit cap wins").isEqualTo(20_000);
        p.a().setFullRemotePath(List.of(B));
        assertThat(p.a().maxChunkSize()).as("a direct path").isZero();
        assertThat(TransportSettings.builder().relayedChunkSize(0).build().relayedChunkSize()).isZero();
        assertThatThrownBy(() -> TransportSettings.builder().relayedChunkSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
