package org.msrp4j.bench;

import static org.msrp4j.bench.RelayBench.MIB;
import static org.msrp4j.bench.RelayBench.PASSWORD;
import static org.msrp4j.bench.RelayBench.USER;
import static org.msrp4j.bench.RelayBench.WAIT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.msrp4j.bench.RelayBench.Options;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.Connector;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/** The throughput part of {@link RelayBench}: a file and small messages through each variant. */
final class RelayThroughput {

    /** The relay-ws variant's largest chunk: a WebSocket message must fit the relay's buffer.max (128 KiB). */
    private static final int WS_CHUNK = 64 * 1024;
    /** Kamailio's account and realm in the interop fixture (interop/kamailio). */
    private static final String KAMAILIO_REALM = "example.org";
    private static final String KAMAILIO_USER = "alice";
    private static final String KAMAILIO_PASSWORD = "secret";

    private RelayThroughput() {
    }

    /** Two bound sessions: a file goes from {@code sender} to {@code receiver}. */
    private record Pair(String variant, MsrpSession sender, MsrpSession receiver, Receiver handler)
            implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            Thread other = Thread.ofVirtual().start(receiver::close);
            sender.close();
            other.join(WAIT.toMillis());
        }
    }

    /** Digests one incoming file at a time, checking that the Byte-Ranges follow on. */
    private static final class Receiver implements IncomingHandler, MessageRounds.Receiving {
        private volatile MessageRounds.Arrivals arrivals;
        private volatile String messageId;
        private volatile CompletableFuture<Long> done;
        private MessageDigest md;
        private long next;
        private long total;

        void expect(String id, long size) {
            md = sha256();
            next = 1;
            total = size;
            done = new CompletableFuture<>();
            messageId = id;
        }

        @Override
        public void count(MessageRounds.Arrivals counting) {
            arrivals = counting;
        }

        @Override
        public void onChunk(MsrpChunk chunk) {
            MessageRounds.Arrivals counting = arrivals;
            if (counting != null && "SEND".equals(chunk.method())
                    && MessageRounds.CONTENT_TYPE.equals(chunk.contentType())) {
                counting.arrived();
                return;
            }
            if (!"SEND".equals(chunk.method()) || messageId == null || !messageId.equals(chunk.messageId())) {
                return;
            }
            ByteRange r = chunk.byteRange();
            byte[] data = chunk.data();
            if (r == null || r.start() != next) {
                done.completeExceptionally(new IllegalStateException("expected bytes from " + next + ", got " + r));
                return;
            }
            md.update(data);
            next += data.length;
            if (next - 1 == total) {
                done.complete(System.nanoTime());
            }
        }

        @Override
        public void onError(IOException error) {
            CompletableFuture<Long> d = done;
            if (d != null) {
                d.completeExceptionally(error);
            }
        }
    }

    /**
     * Writes the file, then per protocol binds a pair for each variant, runs the warm-ups and the
     * rounds of the file and of the small messages, and prints the tables.
     */
    static void run(Options o, ChildRelay relay) throws Exception {
        System.out.printf(Locale.ROOT, "writing a %d MiB random file to %s ...%n", o.fileBytes() / MIB, o.dir());
        Path file = Files.createTempFile(o.dir(), "msrp4j-relay-bench-", ".bin");
        try {
            byte[][] digests = generate(file, o.fileBytes(), o.warmupBytes());
            List<String[]> table = new ArrayList<>();
            SideBySide side = new SideBySide();
            int kamailioFailures = 0;
            for (String protocol : o.protocols()) {
                boolean tls = protocol.equals("tls");
                MsrpUri relayUri = tls ? relay.tls : relay.tcp;
                int small = RelaySettings.DEFAULT_MAX_CHUNK_SIZE;
                List<Pair> pairs = new ArrayList<>();
                try {
                    pairs.add(pair(o, "direct", null, 0, tls, 0));
                    if (o.variants().contains("relay")) {
                        pairs.add(pair(o, "relay", ours(relayUri, o.relayChunk()), 0, tls, o.relayChunk()));
                    }
                    if (o.variants().contains("relay-8k")
                            && (o.relayChunk() != small || !o.variants().contains("relay"))) {
                        pairs.add(pair(o, "relay-8k", ours(relayUri, small), 0, tls, small));
                    }
                    if (o.variants().contains("relay-ws")) {
                        int wsChunk = Math.min(o.relayChunk(), WS_CHUNK);
                        pairs.add(pair(o, "relay-ws", ours(tls ? relay.wss : relay.ws, wsChunk), 0, tls, wsChunk));
                    }
                    if (o.variants().contains("kamailio")) {
                        pairs.add(pair(o, "kamailio", kamailio(o, tls), 0, tls, small));
                    }
                    if (o.variants().contains("pipe")) {
                        pairs.add(pair(o, "pipe", null, tls ? relay.pipeTls : relay.pipeTcp, tls, 0));
                    }
                    if (tls && o.variants().contains("engine-pipe")) {
                        pairs.add(pair(o, "engine-pipe", null, relay.pipeEngine, tls, 0));
                    }
                    if (o.variants().contains("direct-8k")) {
                        pairs.add(pair(o, "direct-8k", null, 0, tls, RelaySettings.DEFAULT_MAX_CHUNK_SIZE));
                    }
                    for (int w = 0; w < o.warmupRounds(); w++) {
                        for (int at = 0; at < pairs.size(); at++) {
                            if (transferOrReplace(o, pairs, at, tls, file, o.warmupBytes(), digests[1], protocol,
                                    "warm-up " + (w + 1)) < 0) {
                                kamailioFailures++;
                            }
                        }
                    }
                    Map<String, List<Double>> mbps = new LinkedHashMap<>();
                    Map<String, List<Double>> clientCpu = new LinkedHashMap<>();
                    Map<String, List<Double>> relayCpu = new LinkedHashMap<>();
                    for (int r = 0; r < o.rounds(); r++) {
                        for (int i = 0; i < pairs.size(); i++) {
                            int at = (i + r) % pairs.size();
                            Pair p = pairs.get(at);
                            long relay0 = relay.cpuNanos();
                            long client0 = Meter.processCpuNanos();
                            double seconds = transferOrReplace(o, pairs, at, tls, file, o.fileBytes(), digests[0],
                                    protocol, "round " + (r + 1));
                            if (seconds < 0) {
                                kamailioFailures++;
                                continue;
                            }
                            double clientNs = (Meter.processCpuNanos() - client0) / (double) o.fileBytes();
                            double relayNs = (relay.cpuNanos() - relay0) / (double) o.fileBytes();
                            mbps.computeIfAbsent(p.variant, k -> new ArrayList<>()).add(o.fileBytes() / seconds / 1e6);
                            clientCpu.computeIfAbsent(p.variant, k -> new ArrayList<>()).add(clientNs);
                            relayCpu.computeIfAbsent(p.variant, k -> new ArrayList<>()).add(relayNs);
                            System.out.printf(Locale.ROOT, "  %s %-8s round %d: %8.1f MB/s, CPU ns/byte: clients %.2f,"
                                    + " relay %.2f%n", protocol, p.variant, r + 1, o.fileBytes() / seconds / 1e6,
                                    clientNs, relayNs);
                        }
                    }
                    messageRounds(o, protocol, pairs, side);
                    String fileRow = "file " + protocol;
                    side.add(fileRow, "direct", mbps.get("direct-8k"));
                    side.add(fileRow, "kamailio", mbps.get("kamailio"));
                    side.add(fileRow, "relay", mbps.get(o.relayChunk() == small && o.variants().contains("relay")
                            ? "relay" : "relay-8k"));
                    double direct = Stats.of(mbps.get("direct")).mean();
                    for (Map.Entry<String, List<Double>> e : mbps.entrySet()) {
                        Stats stats = Stats.of(e.getValue());
                        String chunk = e.getKey().equals("direct") || e.getKey().endsWith("pipe")
                                ? "64 KiB (session default)"
                                : e.getKey().equals("relay-8k") ? "8 KiB (RelaySettings default)"
                                : e.getKey().equals("relay-ws") ? (Math.min(o.relayChunk(), WS_CHUNK) / 1024) + " KiB"
                                : e.getKey().equals("direct-8k") || e.getKey().equals("kamailio") ? "8 KiB"
                                : (o.relayChunk() / 1024) + " KiB";
                        table.add(new String[] {protocol.toUpperCase(Locale.ROOT), e.getKey(), chunk,
                                String.format(Locale.ROOT, "%,.1f ± %,.1f", stats.mean(), stats.stdev()),
                                e.getKey().equals("direct") ? "" : String.format(Locale.ROOT, "**%.3f**",
                                        stats.mean() / direct),
                                String.format(Locale.ROOT, "%.2f", Stats.of(clientCpu.get(e.getKey())).mean()),
                                e.getKey().startsWith("direct") || e.getKey().equals("kamailio") ? ""
                                        : String.format(Locale.ROOT, "%.2f",
                                        Stats.of(relayCpu.get(e.getKey())).mean())});
                    }
                } finally {
                    for (Pair p : pairs) {
                        p.close();
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%nThroughput (%d MiB file, %d rounds, SHA-256 checked on every transfer;"
                    + " relay: sender behind the relay, receiver direct)%n%n", o.fileBytes() / MIB, o.rounds());
            System.out.println("| transfer | variant | chunk | MB/s | relay / direct | CPU ns/byte: clients | relay |");
            System.out.println("|---|---|---|---:|---:|---:|---:|");
            for (String[] row : table) {
                System.out.println("| " + String.join(" | ", row) + " |");
            }
            System.out.println();
            side.print(o.rounds(), o.messages(), o.protocols(), o.kamailio());
            if (kamailioFailures > 0) {
                System.out.printf(Locale.ROOT, "Kamailio failed %d file round(s), left out of its means above%n",
                        kamailioFailures);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The sender's settings behind our relay at {@code uri}, chunks of at most {@code chunk} bytes;
     * the bench's own relay, in a child JVM on loopback with a certificate made there: trusted unchecked.
     */
    private static RelaySettings ours(MsrpUri uri, int chunk) {
        return RelaySettings.builder("bench", USER, PASSWORD).relays(List.of(uri)).useTls(uri.useTls())
                .trustAnyRelayCertificate(true).maxChunkSize(chunk).build();
    }

    /**
     * The sender's settings behind Kamailio (the interop fixture's account), 8 KiB chunks; its
     * certificate is the self-signed one start.sh made in the run directory: trusted unchecked.
     */
    private static RelaySettings kamailio(Options o, boolean tls) {
        return RelaySettings.builder(KAMAILIO_REALM, KAMAILIO_USER, KAMAILIO_PASSWORD).host("127.0.0.1")
                .port(tls ? o.kamailioTlsPort() : o.kamailioTcpPort()).useTls(tls).trustAnyRelayCertificate(true)
                .maxChunkSize(RelaySettings.DEFAULT_MAX_CHUNK_SIZE).build();
    }

    /**
     * The message rounds of one protocol on the pairs already bound for the file: sequential
     * ({@code o.messages()}: each message goes when the receiver has the one before and its 200 came)
     * and pipelined (ten times as many, {@value SideBySide#WINDOW} awaiting their 200s), direct,
     * through our relay and through Kamailio, interleaved in a rotating order; adds msgs/s to
     * {@code side}.
     */
    private static void messageRounds(Options o, String protocol, List<Pair> pairs,
            SideBySide side) throws Exception {
        if (o.messages() == 0) {
            return;
        }
        Map<String, Pair> measured = new LinkedHashMap<>();
        for (Pair p : pairs) {
            switch (p.variant) {
                case "direct", "kamailio" -> measured.putIfAbsent(p.variant, p);
                case "relay", "relay-8k" -> measured.putIfAbsent("relay", p);
                case "relay-ws" -> measured.putIfAbsent("relay-ws", p);
                default -> { }
            }
        }
        List<String> columns = new ArrayList<>(measured.keySet());
        int pipelined = 10 * o.messages();
        for (int w = 0; w < o.warmupRounds(); w++) {
            for (Pair p : measured.values()) {
                MessageRounds.sequential(p.sender, p.handler, Math.max(1, o.messages() / 4), WAIT);
                MessageRounds.pipelined(p.sender, p.handler, o.messages(), SideBySide.WINDOW, WAIT);
            }
        }
        for (int r = 0; r < o.rounds(); r++) {
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get((i + r) % columns.size());
                Pair p = measured.get(column);
                double sequential = MessageRounds.sequential(p.sender, p.handler, o.messages(), WAIT);
                double piped = MessageRounds.pipelined(p.sender, p.handler, pipelined, SideBySide.WINDOW, WAIT);
                side.add("sequential " + protocol, column, List.of(sequential));
                side.add("pipelined " + protocol, column, List.of(piped));
                System.out.printf(Locale.ROOT, "  %s %-8s round %d: %,9.0f msgs/s sequential, %,9.0f msgs/s"
                        + " pipelined%n", protocol, column, r + 1, sequential, piped);
            }
        }
    }

    /**
     * A sender and a receiver session: direct, with the sender behind the relay {@code relay}
     * describes when not null, or connecting through the byte pipe on {@code pipePort} when not 0;
     * file chunks of {@code chunk} bytes (0: the session default), the sender's window {@code o.window()}.
     */
    private static Pair pair(Options o, String variant, RelaySettings relay, int pipePort, boolean tls, int chunk)
            throws Exception {
        ConnectSettings settings = ConnectSettings.builder().connectTimeout(WAIT).bindTimeout(WAIT)
                .incomingConnectionTimeout(WAIT).build();
        Connector sender = pipePort != 0 ? new PipeConnector(pipePort)
                : relay == null ? new ConnectorDirect(settings)
                : new ConnectorRelay(relay, settings);
        AcceptorDirect receiver = new AcceptorDirect(settings);
        MsrpTransport[] bound = bind(sender, local(tls), receiver, local(tls));
        Receiver handler = new Receiver();
        SessionSettings.Builder options = SessionSettings.builder().window(o.window());
        if (chunk != 0) {
            options.fileChunkSize(chunk);
        }
        MsrpSession s = MsrpSession.start(bound[0], options.build(), chunkIgnored -> { });
        MsrpSession r = MsrpSession.start(bound[1], SessionSettings.DEFAULT, handler);
        return new Pair(variant, s, r, handler);
    }

    private static MsrpUri local(boolean tls) {
        return MsrpUri.builder().host("127.0.0.1").port(0).useTls(tls).build();
    }

    /** Prepares both sides, completes them concurrently; returns {active, passive} transports. */
    private static MsrpTransport[] bind(Connector active, MsrpUri activeUri, Connector passive, MsrpUri passiveUri)
            throws Exception {
        List<MsrpUri> passivePath = passive.prepare(passiveUri);
        List<MsrpUri> activePath;
        try {
            activePath = active.prepare(activeUri);
        } catch (IOException e) {
            passive.cleanup();
            throw e;
        }
        CompletableFuture<MsrpTransport> p = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                p.complete(passive.complete(activePath));
            } catch (Throwable e) {
                p.completeExceptionally(e);
            }
        });
        try {
            MsrpTransport a = active.complete(passivePath);
            return new MsrpTransport[] {a, p.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)};
        } catch (Exception e) {
            passive.cleanup();
            active.cleanup();
            p.thenAccept(MsrpTransport::close);
            throw e;
        }
    }

    /**
     * The seconds {@link #transfer} took with {@code pairs.get(at)}; or, when that pair goes through
     * Kamailio and the transfer failed, -1 after reporting it and putting a new session through
     * Kamailio in its place (Kamailio's failures are its own; a failure of any other variant ends
     * the run).
     */
    private static double transferOrReplace(Options o, List<Pair> pairs, int at, boolean tls, Path file, long size,
            byte[] expected, String protocol, String round) throws Exception {
        Pair p = pairs.get(at);
        try {
            return transfer(p, file, size, expected);
        } catch (ExecutionException e) {
            if (!p.variant.equals("kamailio")) {
                throw e;
            }
            System.out.printf(Locale.ROOT, "  %s kamailio %s FAILED (left out; a new session through Kamailio takes"
                    + " its place): %s%n", protocol, round, e.getCause());
            p.close();
            pairs.set(at, pair(o, "kamailio", kamailio(o, tls), 0, tls, RelaySettings.DEFAULT_MAX_CHUNK_SIZE));
            return -1;
        }
    }

    /** One transfer of the file's first {@code size} bytes; its seconds, after checking the digest. */
    private static double transfer(Pair p, Path file, long size, byte[] expected) throws Exception {
        String id = "relay-bench-" + System.nanoTime();
        p.handler.expect(id, size);
        FileChannel source = FileChannel.open(file, StandardOpenOption.READ);
        OutgoingFile f = new OutgoingFile(source, size, "application/octet-stream", 0, id);
        long t0 = System.nanoTime();
        p.sender.sendFile(f);
        long end = p.handler.done.get(5, TimeUnit.MINUTES);
        f.completion().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        source.close();
        byte[] got = p.handler.md.digest();
        if (!Arrays.equals(got, expected)) {
            throw new IllegalStateException(p.variant + ": SHA-256 " + HexFormat.of().formatHex(got) + " != "
                    + HexFormat.of().formatHex(expected));
        }
        return (end - t0) / 1e9;
    }

    /** Writes {@code size} random bytes; returns the SHA-256 of the whole and of the first {@code prefix} bytes. */
    private static byte[][] generate(Path path, long size, long prefix) throws IOException {
        MessageDigest whole = sha256();
        MessageDigest head = sha256();
        SplittableRandom rnd = new SplittableRandom(0x4E1A_7B0BL);
        byte[] block = new byte[MIB];
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; ) {
                int n = (int) Math.min(block.length, size - written);
                rnd.nextBytes(block);
                whole.update(block, 0, n);
                if (written < prefix) {
                    head.update(block, 0, (int) Math.min(n, prefix - written));
                }
                ByteBuffer b = ByteBuffer.wrap(block, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                written += n;
            }
        }
        return new byte[][] {whole.digest(), head.digest()};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
