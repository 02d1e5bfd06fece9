package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.pattern;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.ByteRangeHeader;

/**
 * Issue 16 item 3: a sender that drips a chunk to bob holds nobody up. A short chunk is gathered
 * and goes on whole once complete; a long one streams in pieces, and the relay ends a piece early
 * (RFC 4976 §7.2) as soon as other senders wait for bob, going on with the rest in a new piece
 * afterwards; a chunk slower than the minimum rate, or taking longer than the maximum time, is
 * cut with '#' and its sender's connection closed. Honest AUTHs and messages to bob meanwhile
 * each take under a second, 20 of 20.
 */
@Timeout(120)
class RelayFairnessTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A relay whose stall timeout lets a sender drip one byte every {@link #DRIP}. */
    private static MsrpRelay relay(Consumer<RelayConfig.Builder> tweak) throws IOException {
        return RelayTestKit.relay(b -> tweak.accept(b.stallTimeout(Duration.ofSeconds(5))));
    }

    private static final Duration DRIP = Duration.ofMillis(1500);

    /**
     * From a fresh unauthenticated connection, a SEND to {@code bob} of {@code body}: the first
     * {@code fast} bytes at once, then the rest one byte every {@link #DRIP}.
     */
    private static CompletableFuture<Void> drip(Client attacker, Client bob, MsrpChunk send, byte[] body, int fast) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = attacker.tcp.getOutputStream();
                out.write(send.encodeStart());
                out.write(body, 0, fast);
                out.flush();
                for (int i = fast; i < body.length; i++) {
                    Thread.sleep(DRIP.toMillis());
                    out.write(body[i]);
                    out.flush();
                }
                out.write(send.encodeEnd(Continuation.END));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private static MsrpChunk sendTo(Client attacker, Client bob, int size) {
        MsrpChunk m = send(bob.fullPath(), List.of(attacker.localUri), "");
        m.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
        return m;
    }

    @Test
    void theRateAndTimeLimitsComeFromTheConfigurationFileWithSafeDefaults() throws IOException {
        RelayConfig defaults = RelayConfig.fromProperties(new Properties(), Path.of("."));
        assertThat(defaults.capacity().chunkMinRate()).isEqualTo(100);
        assertThat(defaults.capacity().chunkMaxTime()).isEqualTo(Duration.ofHours(1));
        Properties p = new Properties();
        p.setProperty("chunk.min-rate", "0");
        p.setProperty("chunk.max-time", "60");
        RelayConfig c = RelayConfig.fromProperties(p, Path.of("."));
        assertThat(c.capacity().chunkMinRate()).isZero();
        assertThat(c.capacity().chunkMaxTime()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aDrippedShortMessageHoldsNobodyUpAndArrivesWhole() throws Exception {
        try (MsrpRelay relay = relay(b -> b.chunkMinRate(0));
                HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            Client bob = honest.receiver();
            byte[] body = pattern(8, 0);
            MsrpChunk m = sendTo(attacker, bob, body.length);
            CompletableFuture<Void> dripping = drip(attacker, bob, m, body, 1);
            honest.assertServed();
            assertThat(dripping).as("still dripping while the honest rounds ran").isNotDone();
            dripping.get(60, TimeUnit.SECONDS);
            MsrpChunk got = bob.read();
            assertThat(got.messageId()).isEqualTo(m.messageId());
            assertThat(got.data()).isEqualTo(body);
            assertThat(got.byteRange()).isEqualTo(new ByteRange(1, 8, 8));
            assertThat(got.continuation()).isEqualTo(Continuation.END);
            bob.write(bob.transport.makeResponse(got, 200, "OK"));
            MsrpChunk ok = attacker.read();
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.transactionId()).isEqualTo(m.transactionId());
        }
    }

    @Test
    void aDrippedLongMessageIsSplitForOthersAndReassemblesWhole() throws Exception {
        try (MsrpRelay relay = relay(b -> b.chunkMinRate(0));
                HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            Client bob = honest.receiver();
            int fast = ForwardedChunk.STORE_LIMIT + 4000;
            byte[] body = pattern(fast + 6, 0);
            MsrpChunk m = sendTo(attacker, bob, body.length);
            CompletableFuture<Void> dripping = drip(attacker, bob, m, body, fast);
            honest.assertServed();
            assertThat(dripping).as("still dripping while the honest rounds ran").isNotDone();
            dripping.get(60, TimeUnit.SECONDS);

            List<MsrpChunk> pieces = piecesOf(m, honest, bob);
            assertThat(pieces.size()).as("the relay split the chunk for the honest senders").isGreaterThan(1);
            assertThat(reassembled(pieces, body.length)).isEqualTo(body);
            MsrpChunk ok = attacker.read();
            assertThat(ok.code()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "receiver over TLS: {0}")
    @ValueSource(booleans = {false, true})
    void aSteadyLongChunkTakesTurnsWithOthersAndReassemblesWhole(boolean tls) throws Exception {
        try (MsrpRelay relay = relay(b -> { });
                HonestClient honest = HonestClient.start(relay, tls, LOOPBACK, "alice", "bob");
                Client sender = Client.connect(relay.listenerUri(false)).authOk("carol")) {
            Client bob = honest.receiver();
            byte[] body = pattern(4 * 1024 * 1024, 0);
            MsrpChunk m = send(toPath(sender, bob.fullPath()), List.of(sender.localUri), "");
            m.addHeader(new ByteRangeHeader(new ByteRange(1, body.length, body.length)));
            // 64 KiB every 25 ms: about 1.6 s for the chunk, while the honest rounds run
            CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = sender.tcp.getOutputStream();
                    out.write(m.encodeStart());
                    for (int off = 0; off < body.length; off += 64 * 1024) {
                        out.write(body, off, 64 * 1024);
                        out.flush();
                        Thread.sleep(25);
                    }
                    out.write(m.encodeEnd(Continuation.END));
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, r -> Thread.ofVirtual().start(r));
            honest.assertServed();
            streaming.get(60, TimeUnit.SECONDS);
            List<MsrpChunk> pieces = piecesOf(m, honest, bob);
            assertThat(pieces.size()).as("the relay split the chunk for the honest senders").isGreaterThan(1);
            assertThat(reassembled(pieces, body.length)).isEqualTo(body);
            MsrpChunk ok = sender.read();
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.transactionId()).isEqualTo(m.transactionId());
        }
    }

    /** The pieces of {@code m} bob got during the honest rounds and after, until the last one. */
    private static List<MsrpChunk> piecesOf(MsrpChunk m, HonestClient honest, Client bob) throws IOException {
        List<MsrpChunk> pieces = new ArrayList<>(honest.others().stream()
                .filter(c -> m.messageId().equals(c.messageId())).toList());
        while (pieces.isEmpty() || pieces.get(pieces.size() - 1).continuation() == Continuation.MORE) {
            MsrpChunk got = bob.read();
            bob.write(bob.transport.makeResponse(got, 200, "OK"));
            if (m.messageId().equals(got.messageId())) {
                pieces.add(got);
            }
        }
        return pieces;
    }

    /** The message the pieces carry, checking that they follow on, each with a new transaction id. */
    private static byte[] reassembled(List<MsrpChunk> pieces, long total) {
        List<MsrpChunk> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparingLong(c -> c.byteRange().start()));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < sorted.size(); i++) {
            MsrpChunk p = sorted.get(i);
            ByteRange r = p.byteRange();
            assertThat(r.start()).as("piece %d starts where the others ended", i).isEqualTo(whole.size() + 1);
            assertThat(r.total()).isEqualTo(total);
            assertThat(p.continuation()).isEqualTo(i == sorted.size() - 1 ? Continuation.END : Continuation.MORE);
            whole.writeBytes(p.data());
        }
        assertThat(sorted.stream().map(MsrpChunk::transactionId).distinct()).hasSize(sorted.size());
        return whole.toByteArray();
    }

    @Test
    void aChunkBelowTheMinimumRateIsCutAndItsSenderClosed() throws Exception {
        try (MsrpRelay relay = relay(b -> b.chunkMinRate(20_000).stallTimeout(Duration.ofSeconds(2)));
                HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            Client bob = honest.receiver();
            int fast = ForwardedChunk.STORE_LIMIT + 4000;
            byte[] body = pattern(fast + 100, 0);
            MsrpChunk m = sendTo(attacker, bob, body.length);
            CompletableFuture<Void> dripping = drip(attacker, bob, m, body, fast);
            honest.assertServed();
            RelayAuthTest.assertThatClosed(attacker);
            assertThat(dripping).failsWithin(30, TimeUnit.SECONDS);
            List<MsrpChunk> pieces = piecesOf(m, honest, bob);
            assertThat(pieces.get(pieces.size() - 1).continuation()).isEqualTo(Continuation.ABORT);
            honest.assertServed();
        }
    }

    @Test
    void aChunkTakingLongerThanTheMaximumTimeIsCut() throws Exception {
        try (MsrpRelay relay = relay(b -> b.chunkMinRate(0).chunkMaxTime(Duration.ofSeconds(3)));
                Client bob = Client.connect(relay.listenerUri(false)).authOk("bob");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            int fast = ForwardedChunk.STORE_LIMIT + 4000;
            byte[] body = pattern(fast + 100, 0);
            MsrpChunk m = sendTo(attacker, bob, body.length);
            drip(attacker, bob, m, body, fast);
            MsrpChunk got;
            do {
                got = bob.read();
                bob.write(bob.transport.makeResponse(got, 200, "OK"));
            } while (got.continuation() == Continuation.MORE);
            assertThat(got.continuation()).isEqualTo(Continuation.ABORT);
            RelayAuthTest.assertThatClosed(attacker);
        }
    }
}
