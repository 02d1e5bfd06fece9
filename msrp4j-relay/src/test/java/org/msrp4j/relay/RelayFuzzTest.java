package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.RelayTestKit.Client;

/**
 * Fuzzes the relay's request handling with Jazzer: sequences of frames from two peers against a
 * real relay on loopback (one relay for the whole run; two fresh peers, alice and bob, AUTHed over
 * TCP from 127.0.0.2 for each input).
 *
 * <p>By default ({@code mvn test}) this replays the committed inputs in
 * {@code src/test/resources/org/msrp4j/relay/RelayFuzzTestInputs/frames/}; with {@code JAZZER_FUZZ=1}
 * it fuzzes for {@code maxDuration}. A crash found while fuzzing is saved in that directory: commit
 * it with the fix, and every build replays it.
 *
 * <p>Input: up to {@link #MAX_FRAMES} frames, each from either peer: raw bytes; a SEND to the other
 * peer (fuzzed Byte-Range, report headers, body, end flag, possibly cut short); a response to the
 * last request the peer received (fuzzed status); an AUTH (fuzzed Authorization and Expires); a
 * REPORT to the other peer (fuzzed Status and Byte-Range); or a pause to read what came.
 *
 * <p>Checked on every input:
 * <ol>
 *   <li>no runtime exception ends a relay thread or a connection's reader, since the relay
 *       started (a later input may be the one that sees a failure of an earlier one's timer);
 *   <li>what the relay sends the peers always parses as MSRP;
 *   <li>afterwards an honest client (127.0.0.1) still AUTHs and has a message relayed.
 * </ol>
 */
class RelayFuzzTest {

    static final int MAX_FRAMES = 12;
    private static final InetAddress PEERS = RelayPasswordGuessingTest.address("127.0.0.2");
    private static final String[] FLAGS = {"$", "+", "#"};
    private static final String[] REPORTS = {null, "yes", "no", "partial"};
    private static final int[] CODES = {200, 400, 403, 408, 413, 415, 423, 481, 501, 506};

    private static MsrpRelay relay;
    private static HonestClient honest;

    // No CR or LF in dictionary entries (see core's ChunkParserFuzzTest)
    @FuzzTest(maxDuration = "75s")
    @DictionaryEntries({"Digest ", "username=\"alice\"", "nonce=\"", "response=\"", "qop=auth", "nc=00000001",
        "cnonce=\"", "opaque=\"", "uri=\"", "1-*/*", "1-5/5", "*", "MSRP ", "-------", " SEND", " REPORT", " AUTH",
        "To-Path: ", "From-Path: ", "Byte-Range: ", "Content-Type: ", "msrp://127.0.0.1:"})
    void frames(FuzzedDataProvider data) throws Exception {
        MsrpRelay r = relay();
        try (Peer a = new Peer(r, "alice"); Peer b = new Peer(r, "bob")) {
            for (int i = 0; i < MAX_FRAMES && data.remainingBytes() > 0; i++) {
                boolean first = data.consumeBoolean();
                Peer from = first ? a : b;
                Peer to = first ? b : a;
                switch (data.consumeInt(0, 5)) {
                    case 0 -> from.write(data.consumeBytes(1024));
                    case 1 -> from.write(send(data, from, to));
                    case 2 -> from.respond(data);
                    case 3 -> from.write(auth(data, from));
                    case 4 -> from.write(report(data, from, to));
                    default -> from.drain(Duration.ofMillis(20));
                }
            }
            a.drain(Duration.ofMillis(50));
            b.drain(Duration.ofMillis(50));
        }
        assertThat(r.unexpectedFailures()).as("runtime exceptions in relay threads").isZero();
        honest.round();
    }

    private static synchronized MsrpRelay relay() throws IOException {
        if (relay == null) {
            // the peers' failed AUTHs must not get their address banned, nor their connections refused
            // plain TCP only: no certificate to make, nor TLS classes to instrument
            relay = MsrpRelay.start(RelayConfig.builder().listener(RelayConfig.Listener.tcp("127.0.0.1", 0))
                    .host("127.0.0.1").realm(RelayTestKit.REALM)
                    .users(RelayUsers.ofPasswords(Map.of("alice", "secret", "bob", "secret", "carol", "secret")))
                    .responseTimeout(Duration.ofSeconds(1)).stallTimeout(Duration.ofSeconds(2))
                    .abuseLimits(AbuseLimits.builder().addressFailures(Integer.MAX_VALUE)
                            .userFailures(Integer.MAX_VALUE).connectionsPerAddress(100_000).build()).build());
            honest = HonestClient.start(relay, false, RelayPasswordGuessingTest.address("127.0.0.1"), "carol",
                    "carol");
        }
        return relay;
    }

    @AfterAll
    static synchronized void stop() {
        if (honest != null) {
            honest.close();
        }
        if (relay != null) {
            relay.close();
        }
        honest = null;
        relay = null;
    }

    private static byte[] send(FuzzedDataProvider data, Peer from, Peer to) {
        String tid = MsrpGrammar.randomIdent(8);
        byte[] body = data.consumeBytes(2048);
        StringBuilder h = head(tid, "SEND", RelayTestKit.toPath(from.client, to.client.fullPath()), from);
        h.append("Message-ID: ").append(data.consumeBoolean() ? "m1" : MsrpGrammar.randomIdent(6)).append("\r\n");
        h.append("Byte-Range: ").append(byteRange(data, body.length)).append("\r\n");
        optional(h, "Failure-Report", data.pickValue(REPORTS));
        optional(h, "Success-Report", data.pickValue(REPORTS));
        if (body.length > 0) {
            h.append("Content-Type: text/plain\r\n\r\n");
        }
        byte[] start = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] end = ((body.length > 0 ? "\r\n" : "") + "-------" + tid + data.pickValue(FLAGS) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[start.length + body.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        System.arraycopy(end, 0, all, start.length + body.length, end.length);
        // sometimes cut short: the rest of the chunk never comes (or later frames carry on inside it)
        return data.consumeBoolean() ? all : java.util.Arrays.copyOf(all, data.consumeInt(0, all.length));
    }

    private static byte[] auth(FuzzedDataProvider data, Peer from) {
        String tid = MsrpGrammar.randomIdent(8);
        StringBuilder h = head(tid, "AUTH", List.of(from.client.relayUri), from);
        optional(h, "Authorization", data.consumeBoolean() ? "Digest " + data.consumeAsciiString(300) : null);
        optional(h, "Expires", data.consumeBoolean() ? data.consumeAsciiString(12) : null);
        h.append("-------").append(tid).append("$\r\n");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] report(FuzzedDataProvider data, Peer from, Peer to) {
        String tid = MsrpGrammar.randomIdent(8);
        StringBuilder h = head(tid, "REPORT", RelayTestKit.toPath(from.client, to.client.fullPath()), from);
        h.append("Message-ID: m1\r\n");
        h.append("Byte-Range: ").append(byteRange(data, data.consumeInt(0, 100))).append("\r\n");
        h.append("Status: 000 ").append(data.consumeInt(0, 999)).append(" x\r\n");
        h.append("-------").append(tid).append("$\r\n");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StringBuilder head(String tid, String method, List<MsrpUri> toPath, Peer from) {
        StringBuilder h = new StringBuilder("MSRP ").append(tid).append(' ').append(method).append("\r\nTo-Path:");
        for (MsrpUri u : toPath) {
            h.append(' ').append(u.encode());
        }
        return h.append("\r\nFrom-Path: ").append(from.client.localUri.encode()).append("\r\n");
    }

    /** A Byte-Range value: usually numbers near the body's length, sometimes anything. */
    private static String byteRange(FuzzedDataProvider data, int length) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> "1-" + length + "/" + length;
            case 1 -> data.consumeLong(0, 1L << 40) + "-" + data.consumeLong(-1, 1L << 40) + "/"
                    + (data.consumeBoolean() ? "*" : Long.toString(data.consumeLong(0, 1L << 40)));
            case 2 -> data.consumeInt(1, 200) + "-*/*";
            default -> data.consumeAsciiString(30);
        };
    }

    private static void optional(StringBuilder h, String name, String value) {
        if (value != null) {
            h.append(name).append(": ").append(value.replaceAll("[\r\n]", "")).append("\r\n");
        }
    }

    /** One fuzzed peer: an AUTHed client connection, the last request it received, and whether it is closed. */
    private static final class Peer implements AutoCloseable {
        final Client client;
        private final OutputStream out;
        private MsrpChunk lastRequest;
        private boolean closed;

        Peer(MsrpRelay relay, String user) throws IOException {
            this.client = Client.connect(relay.listenerUri(false), PEERS).authOk(user);
            this.out = client.tcp.getOutputStream();
        }

        void write(byte[] bytes) {
            if (closed) {
                return;
            }
            try {
                out.write(bytes);
            } catch (IOException e) {
                closed = true;
            }
        }

        /** Answers the last request received (reading what came first) with a fuzzed status. */
        void respond(FuzzedDataProvider data) {
            drain(Duration.ofMillis(10));
            MsrpChunk req = lastRequest;
            if (req == null) {
                return;
            }
            lastRequest = null;
            int code = data.consumeBoolean() ? data.pickValue(CODES) : data.consumeInt(0, 999);
            String text = "MSRP " + req.transactionId() + " " + code + " x\r\nTo-Path: " + req.fromPath().get(0).encode()
                    + "\r\nFrom-Path: " + client.localUri.encode() + "\r\n-------" + req.transactionId() + "$\r\n";
            write(text.getBytes(StandardCharsets.US_ASCII));
        }

        /** Reads what the relay sent until nothing more comes within {@code quiet}. */
        void drain(Duration quiet) {
            while (!closed) {
                MsrpChunk c;
                try {
                    c = client.transport.readChunk(1 << 20, quiet);
                } catch (MsrpTimeoutException e) {
                    return;
                } catch (ChunkParseException e) {
                    throw new AssertionError("the relay sent something that is not MSRP", e);
                } catch (IOException e) {
                    closed = true;
                    return;
                }
                if (c.isRequest() && !"REPORT".equals(c.method())) {
                    lastRequest = c;
                }
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
