package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.RelayTestKit.Client;

/**
 * The honest user of issue 16's proof: while an attack runs, an honest client's AUTH and a
 * relayed message must each complete within a second, 20 times out of 20.
 *
 * <p>A receiver ({@code bob} by default) connects and AUTHs once, when this is made, and stays
 * connected; each {@link #round()} then connects a fresh sender ({@code alice}), AUTHs it and
 * relays one SEND from it to the receiver, timing both. The AUTH time runs from the start of the TCP
 * connect through the TLS handshake, the 401 and the 200 with Use-Path: what a user waits for. The
 * message time runs from writing the SEND until both the sender has the relay's 200 and the
 * receiver has the message. The receiver answers every request it gets with 200 and skips those
 * that are not the round's message (an attack may be sending to it too).
 *
 * <p>A first round runs when this is made (not under any attack yet), so class loading and JIT
 * warm-up do not count against the attack's rounds. Everything waits at most {@link
 * RelayTestKit#WAIT} for each step, so a relay that never answers fails the round rather than the
 * test hanging.
 */
final class HonestClient implements Closeable {

    /** Issue 16's bound on each honest AUTH and relayed message. */
    static final Duration LIMIT = Duration.ofSeconds(1);

    /** Issue 16's number of honest rounds that must each meet {@link #LIMIT}. */
    static final int ROUNDS = 20;

    /** How long one honest round took: the AUTH (connect included) and the relayed message. */
    record Round(Duration auth, Duration message) {

        /** The longer of the two. */
        Duration worst() {
            return auth.compareTo(message) >= 0 ? auth : message;
        }
    }

    private final MsrpUri relayUri;
    private final InetAddress from;
    private final String sender;
    private final Client receiver;
    /** The requests the receiver got that were not a round's message (e.g. an attack's), in order. */
    private final List<MsrpChunk> others = new CopyOnWriteArrayList<>();

    private HonestClient(MsrpUri relayUri, InetAddress from, String sender, Client receiver) {
        this.relayUri = relayUri;
        this.from = from;
        this.sender = sender;
        this.receiver = receiver;
    }

    /** Alice sends to bob over the relay's TLS listener, both from 127.0.0.1; one warm-up round done. */
    static HonestClient start(MsrpRelay relay) throws IOException {
        return start(relay, true, InetAddress.getByName("127.0.0.1"), "alice", "bob");
    }

    /**
     * An honest pair on {@code relay}'s TLS ({@code tls}) or TCP listener, connecting from source
     * address {@code from}: {@code sender} AUTHs afresh each round and sends to {@code receiver},
     * who is connected and AUTHed (password "secret", as {@link RelayTestKit#relay} has it) now.
     * One warm-up round is done before this returns.
     */
    static HonestClient start(MsrpRelay relay, boolean tls, InetAddress from, String sender, String receiver)
            throws IOException {
        return start(relay.listenerUri(tls), from, sender, receiver);
    }

    /** As {@link #start(MsrpRelay, boolean, InetAddress, String, String)}, for the relay listening at {@code uri}. */
    static HonestClient start(MsrpUri uri, InetAddress from, String sender, String receiver) throws IOException {
        Client r = Client.connect(uri, from);
        try {
            r.authOk(receiver);
            HonestClient h = new HonestClient(uri, from, sender, r);
            h.round();
            return h;
        } catch (IOException | RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    /** The receiver's connection, e.g. for its {@link Client#fullPath()} (what an attacker would learn from SDP). */
    Client receiver() {
        return receiver;
    }

    /** The requests the receiver got (and answered 200) that were not a round's message, in order. */
    List<MsrpChunk> others() {
        return others;
    }

    /**
     * One honest round: a fresh sender connects, AUTHs and relays one SEND to the receiver.
     *
     * @throws AssertionError if the AUTH is refused or the message does not arrive intact and answered 200
     */
    Round round() throws IOException {
        long t0 = System.nanoTime();
        try (Client a = Client.connect(relayUri, from)) {
            a.authOk(sender);
            long t1 = System.nanoTime();
            String text = "honest " + MsrpGrammar.randomIdent(8);
            MsrpChunk send = RelayTestKit.send(RelayTestKit.toPath(a, receiver.fullPath()), List.of(a.localUri), text);
            long t2 = System.nanoTime();
            a.write(send);
            awaitAt(send);
            awaitOk(a, send);
            long t3 = System.nanoTime();
            return new Round(Duration.ofNanos(t1 - t0), Duration.ofNanos(t3 - t2));
        }
    }

    /** {@code n} rounds one after the other. */
    List<Round> rounds(int n) throws IOException {
        List<Round> done = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            done.add(round());
        }
        return done;
    }

    /** Issue 16's check: {@link #ROUNDS} rounds, each AUTH and each message within {@link #LIMIT}. */
    List<Round> assertServed() throws IOException {
        List<Round> done = rounds(ROUNDS);
        assertThat(done).as("honest rounds (AUTH, message) under attack").allSatisfy(r -> {
            assertThat(r.auth()).as("honest AUTH").isLessThanOrEqualTo(LIMIT);
            assertThat(r.message()).as("honest relayed message").isLessThanOrEqualTo(LIMIT);
        });
        return done;
    }

    /** Reads at the receiver until {@code send} arrives, answering it and anything else with 200. */
    private void awaitAt(MsrpChunk send) throws IOException {
        long deadline = System.nanoTime() + RelayTestKit.WAIT.toNanos();
        while (true) {
            MsrpChunk got = receiver.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(got).as("the honest message at the receiver").isNotNull();
            if (got.isRequest() && !"REPORT".equals(got.method())) {
                receiver.write(receiver.transport.makeResponse(got, 200, "OK"));
            }
            if (got.isRequest() && send.messageId().equals(got.messageId())) {
                assertThat(new String(got.data(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(send.data(), StandardCharsets.UTF_8));
                return;
            }
            if (got.isRequest()) {
                others.add(got);
            }
        }
    }

    /** Reads at the sender until the relay's response to {@code send} arrives; it must be 200. */
    private static void awaitOk(Client a, MsrpChunk send) throws IOException {
        long deadline = System.nanoTime() + RelayTestKit.WAIT.toNanos();
        while (true) {
            MsrpChunk got = a.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(got).as("the relay's response to the honest SEND").isNotNull();
            if (got.isResponse() && send.transactionId().equals(got.transactionId())) {
                assertThat(got.code()).as("response to the honest SEND").isEqualTo(200);
                return;
            }
        }
    }

    @Override
    public void close() {
        receiver.close();
    }
}
