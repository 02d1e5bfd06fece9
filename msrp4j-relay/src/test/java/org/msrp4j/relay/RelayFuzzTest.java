package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
 * <p>Input: up to {@link #MAX_FRAMES} frames, read front to back by {@link Input} (missing bytes
 * read as 0). Each frame starts with a byte: bit 0 the peer (alice, bob), the rest modulo 6 the
 * kind, followed by its fields:
 * <ol start="0">
 *   <li>raw bytes: u16 length (modulo 1025), the bytes;
 *   <li>a SEND to the other peer: u8 Message-ID choice, a Byte-Range (see {@link #byteRange}), u8
 *       Failure-Report and u8 Success-Report choice (none, yes, no, partial), u16 body length
 *       (modulo 2049) and the body, u8 end flag ($, +, #), u16 cut (0: whole, else cut after that
 *       many bytes modulo the length: the rest never comes, or later frames carry on inside it);
 *   <li>a response to the last request the peer received: u16 status code (modulo 1000);
 *   <li>an AUTH: u8 Authorization length (0: none) and its ASCII value after "Digest ", u8
 *       Expires length (0: none) and its ASCII value;
 *   <li>a REPORT to the other peer: a Byte-Range, u16 status code (modulo 1000);
 *   <li>a pause: reads what came for 20 ms.
 * </ol>
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

    private static MsrpRelay relay;
    private static HonestClient honest;

    // No CR or LF in dictionary entries (see core's ChunkParserFuzzTest)
    @FuzzTest(maxDuration = "75s")
    @DictionaryEntries({"username=\"alice\"", "nonce=\"", "response=\"", "qop=auth", "nc=00000001", "cnonce=\"",
        "opaque=\"", "uri=\"", "MSRP ", "-------", " SEND", " REPORT", " AUTH", "To-Path: ", "From-Path: ",
        "Byte-Range: ", "msrp://127.0.0.1:"})
    void frames(byte[] bytes) throws Exception {
        // Jazzer's SSRF detector would take the loopback connections for a finding
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(
                (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"))) {
            run(new Input(bytes));
        }
    }

    private static void run(Input in) throws Exception {
        MsrpRelay r = relay();
        try (Peer a = new Peer(r, "alice"); Peer b = new Peer(r, "bob")) {
            for (int i = 0; i < MAX_FRAMES && in.left() > 0; i++) {
                int head = in.u8();
                Peer from = (head & 1) == 0 ? a : b;
                Peer to = from == a ? b : a;
                switch ((head >> 1) % 6) {
                    case 0 -> from.write(in.bytes(in.u16() % 1025));
                    case 1 -> from.write(send(in, from, to));
                    case 2 -> from.respond(in.u16() % 1000);
                    case 3 -> from.write(auth(in, from));
                    case 4 -> from.write(report(in, from, to));
                    default -> from.drain(Duration.ofMillis(20));
                }
            }
            a.drain(Duration.ofMillis(10));
            b.drain(Duration.ofMillis(10));
        }
        assertThat(r.unexpectedFailures()).as("runtime exceptions in relay threads").isZero();
        honest.round();
    }

    private static synchronized MsrpRelay relay() throws IOException {
        if (relay == null) {
            // plain TCP only: no certificate to make, nor TLS classes to instrument; the peers' failed
            // AUTHs must not get their address banned, nor their connections refused
            relay = MsrpRelay.start(RelayConfig.builder().listener(RelayListener.tcp("127.0.0.1", 0))
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

    private static byte[] send(Input in, Peer from, Peer to) {
        String tid = MsrpGrammar.randomIdent(8);
        StringBuilder h = head(tid, "SEND", RelayTestKit.toPath(from.client, to.client.fullPath()), from);
        h.append("Message-ID: ").append(in.u8() % 2 == 0 ? "m1" : MsrpGrammar.randomIdent(6)).append("\r\n");
        String range = byteRange(in);
        optional(h, "Failure-Report", REPORTS[in.u8() % REPORTS.length]);
        optional(h, "Success-Report", REPORTS[in.u8() % REPORTS.length]);
        byte[] body = in.bytes(in.u16() % 2049);
        h.append("Byte-Range: ").append(range.replace("LENGTH", Integer.toString(body.length))).append("\r\n");
        if (body.length > 0) {
            h.append("Content-Type: text/plain\r\n\r\n");
        }
        byte[] start = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] end = ((body.length > 0 ? "\r\n" : "") + "-------" + tid + FLAGS[in.u8() % FLAGS.length] + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[start.length + body.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        System.arraycopy(end, 0, all, start.length + body.length, end.length);
        int cut = in.u16();
        return cut == 0 ? all : Arrays.copyOf(all, cut % all.length);
    }

    private static byte[] auth(Input in, Peer from) {
        String tid = MsrpGrammar.randomIdent(8);
        StringBuilder h = head(tid, "AUTH", List.of(from.client.relayUri), from);
        int n = in.u8();
        optional(h, "Authorization", n == 0 ? null : "Digest " + in.ascii(n));
        n = in.u8();
        optional(h, "Expires", n == 0 ? null : in.ascii(n));
        h.append("-------").append(tid).append("$\r\n");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] report(Input in, Peer from, Peer to) {
        String tid = MsrpGrammar.randomIdent(8);
        StringBuilder h = head(tid, "REPORT", RelayTestKit.toPath(from.client, to.client.fullPath()), from);
        h.append("Message-ID: m1\r\n");
        h.append("Byte-Range: ").append(byteRange(in).replace("LENGTH", "10")).append("\r\n");
        h.append("Status: 000 ").append(in.u16() % 1000).append(" x\r\n");
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

    /**
     * A Byte-Range value, {@code LENGTH} standing for the body's length: u8 choice, then for 0
     * {@code 1-LENGTH/LENGTH}; 1: u32 start, u32 end, u32 total (end or total 0: {@code *}); 2: u8
     * start, end and total unknown; 3: u8 length and ASCII text.
     */
    private static String byteRange(Input in) {
        return switch (in.u8() % 4) {
            case 0 -> "1-LENGTH/LENGTH";
            case 1 -> {
                long start = in.u32();
                long end = in.u32();
                long total = in.u32();
                yield start + "-" + (end == 0 ? "*" : Long.toString(end)) + "/"
                        + (total == 0 ? "*" : Long.toString(total));
            }
            case 2 -> in.u8() + "-*/*";
            default -> in.ascii(in.u8());
        };
    }

    private static void optional(StringBuilder h, String name, String value) {
        if (value != null) {
            h.append(name).append(": ").append(value.replaceAll("[\r\n]", "")).append("\r\n");
        }
    }

    /** Reads the fuzzer's bytes front to back; past the end, numbers are 0 and arrays empty. */
    static final class Input {
        private final byte[] b;
        private int at;

        Input(byte[] bytes) {
            this.b = bytes;
        }

        int left() {
            return b.length - at;
        }

        int u8() {
            return at < b.length ? b[at++] & 0xff : 0;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        long u32() {
            return (long) u16() << 16 | u16();
        }

        byte[] bytes(int n) {
            int k = Math.min(n, left());
            byte[] out = Arrays.copyOfRange(b, at, at + k);
            at += k;
            return out;
        }

        /** Up to {@code n} bytes as ASCII, CR and LF left out (they would end the header). */
        String ascii(int n) {
            return new String(bytes(n), StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "");
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

        /** Answers the last request received (reading what came first) with status {@code code}. */
        void respond(int code) {
            drain(Duration.ofMillis(10));
            MsrpChunk req = lastRequest;
            if (req == null) {
                return;
            }
            lastRequest = null;
            String text = "MSRP " + req.transactionId() + " " + String.format("%03d", code) + " x\r\nTo-Path: "
                    + req.fromPath().get(0).encode() + "\r\nFrom-Path: " + client.localUri.encode() + "\r\n-------"
                    + req.transactionId() + "$\r\n";
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
