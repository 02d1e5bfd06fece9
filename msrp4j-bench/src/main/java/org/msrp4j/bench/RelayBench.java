package org.msrp4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Option;
import org.msrp4j.bench.harness.OptionParser;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.AcceptorRelay;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.Connector;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.AbuseLimits;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.relay.NextHopPolicy;
import org.msrp4j.relay.RelayConfig;
import org.msrp4j.relay.RelayListener;
import org.msrp4j.relay.RelayUsers;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * The relay benchmark: throughput through one hop of {@link MsrpRelay} against the same transfer
 * direct, and how many relayed sessions the relay holds and what each costs it. The relay runs in
 * a child JVM started by this harness (same jar, its own heap), so its heap, threads and file
 * descriptors are measured apart from the clients'.
 *
 * <p><b>Throughput.</b> A random file (1 GiB by default, SHA-256 taken while writing it) goes by
 * {@link MsrpSession#sendFile} from a sender to a receiver on 127.0.0.1, over TCP and over TLS:
 * <ul>
 *   <li><b>direct</b>: {@link ConnectorDirect} to {@link AcceptorDirect}, session defaults (64 KiB
 *       file chunks);
 *   <li><b>relay</b>: the sender behind the relay ({@link ConnectorRelay}, AUTHed), the receiver an
 *       {@link AcceptorDirect} the relay connects to: sender, relay, receiver, one relay hop, both
 *       legs TLS or both TCP; chunks of {@code --relay-chunk-kib} (64 KiB by default, the direct
 *       chunk size: our relay streams chunks of any size);
 *   <li><b>relay-8k</b>: the same with {@link RelaySettings#DEFAULT_MAX_CHUNK_SIZE} (8 KiB, the
 *       client's default, sized for Kamailio's frame limit);
 *   <li><b>direct-8k</b> (on request): direct with 8 KiB file chunks, what relay-8k costs without
 *       the relay;
 *   <li><b>pipe</b>: the floor of any relay on JSSE sockets: the sender connects to a {@link
 *       BytePipe} in the relay's JVM, which ends TLS and starts it again towards the receiver (or
 *       copies TCP) and moves the bytes without reading MSRP; responses come end to end;
 *   <li><b>engine-pipe</b> (TLS only): the same pipe on {@link javax.net.ssl.SSLEngine} and socket
 *       channels ({@link EnginePipe}), the floor of a relay rebuilt that way;
 *   <li><b>kamailio</b> (when given its ports): the sender behind Kamailio's MSRP relay (started by
 *       {@code run-relay-bench.sh} through the interop fixture, its account alice), 8 KiB chunks,
 *       as Kamailio refuses frames over about 11 KiB.
 * </ul>
 * The receiver's handler checks that the Byte-Ranges follow on and digests every body; each
 * transfer must give the file's SHA-256. Warm-ups of a prefix come first; then measured rounds,
 * the variants interleaved, their order rotating every round. MB = 10^6 file bytes. Each transfer
 * also reports the CPU time (user and system) per file byte of this JVM (sender and receiver) and
 * of the relay's JVM (the pipes run there too), which shows where the two cores go. The sender's
 * window ({@code --window}, the session's 16 by default) bounds what a pipe can reach, as its
 * responses come from the receiver; the relay answers each chunk itself.
 *
 * <p><b>Beside Kamailio.</b> On the same pairs, {@link MessageRounds} of 100-byte messages,
 * sequential and pipelined, direct, through our relay and through Kamailio; a table then puts
 * direct, Kamailio and our relay side by side (the file with 8 KiB chunks: direct-8k, kamailio,
 * relay-8k) with the ratios msrp4j / Kamailio and relay / direct.
 *
 * <p><b>Capacity.</b> Relayed sessions, each two relay clients over TCP, a {@link ConnectorRelay}
 * here and an {@link AcceptorRelay} in a second child JVM, both AUTHed and bound to each other
 * through the relay (the binding SEND), then one SEND each way with its 200, all held at once:
 * {@code --single-sessions} of them through one relay (two sockets per session in the relay), then
 * {@code --sessions} through a chain of two relays, each client AUTHed to its own relay (the
 * common case of RFC 4976: each party's provider runs a relay) and the relays sharing one
 * connection. A process may hold at most {@code ulimit -n} sockets; under a hard limit of 20,000
 * one relay holds 9,990 two-client sessions at most, the chain 10,000 and more. Each relay then
 * reports (after two {@code System.gc()}) its used heap, compared with the same figure before the
 * first client connected, its threads and its file descriptors, its CPU time per session set up,
 * its CPU over {@code --idle-seconds} while it holds the sessions idle, and the sessions per GiB
 * of heap that its heap per session gives.
 *
 * <p>Run with {@code --help} for the options.
 */
public final class RelayBench {

    private static final int MIB = 1024 * 1024;
    private static final String USER = "bench";
    private static final String PASSWORD = "secret";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The relay-ws variant's largest chunk: a WebSocket message must fit the relay's buffer.max (128 KiB). */
    private static final int WS_CHUNK = 64 * 1024;
    /** Kamailio's account and realm in the interop fixture (interop/kamailio). */
    private static final String KAMAILIO_REALM = "example.org";
    private static final String KAMAILIO_USER = "alice";
    private static final String KAMAILIO_PASSWORD = "secret";

    private RelayBench() {
    }

    /** Runs the benchmark, or (with {@code --serve}) the child relay the benchmark talks to. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--serve")) {
            serve(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--clients")) {
            serveClients();
            return;
        }
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "load average at start: %s%n", Meter.loadAverage());
        try (ChildRelay relay = ChildRelay.start(o)) {
            if (o.parts.contains("throughput")) {
                throughput(o, relay);
            }
            if (o.parts.contains("capacity")) {
                capacity(o, relay);
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", Meter.loadAverage());
    }

    // ------------------------------------------------------------------ options

    private record Options(long fileBytes, long warmupBytes, int warmupRounds, int rounds, int relayChunk,
            List<String> protocols, List<String> variants, List<String> parts, int sessions, int singleSessions,
            int parallel, int relayBufferKib, int relayBufferMaxKib, String relayJvm, String clientJvm, Path dir,
            int window, int kamailioTcpPort, int kamailioTlsPort, int messages, int idleSeconds, String relayThreads) {

        /** Whether Kamailio's relay is measured (the script started it and gave its ports). */
        boolean kamailio() {
            return kamailioTcpPort > 0;
        }

        static Options parse(String[] args) {
            OptionParser p = new OptionParser("RelayBench");
            List<String> allParts = List.of("throughput", "capacity");
            Option<List<String>> parts = p.listOption("parts", "L", allParts, allParts, "throughput, capacity or both");
            Option<Long> fileMib = p.longOption("file-mib", "N", 1024L, 1, "file size in MiB");
            Option<Long> warmupMib = p.longOption("warmup-mib", "N", 256L, 1, "warm-up transfer size");
            Option<Integer> warmupRounds = p.intOption("warmup-rounds", "N", 2, 0, "warm-up transfers per variant");
            Option<Integer> rounds = p.intOption("rounds", "N", 5, 1, "measured rounds per variant");
            Option<Integer> chunkKib = p.intOption("relay-chunk-kib", "K", 64, 1,
                    "the relay variant's chunk size; relay-8k is always 8");
            List<String> tcpTls = List.of("tcp", "tls");
            Option<List<String>> protocols = p.listOption("protocols", "P", tcpTls, tcpTls, "tcp, tls or tcp,tls");
            Option<List<String>> variants = p.listOption("variants", "V", null, List.of("relay", "relay-8k",
                    "relay-ws", "direct-8k", "pipe", "engine-pipe", "kamailio"), """
                    variants measured against direct, of relay, relay-8k, relay-ws (the
                    sender reaches our relay over WebSocket, RFC 7977: ws for tcp, wss
                    for tls; chunks of at most 64 KiB), direct-8k, pipe, engine-pipe
                    (TLS only), kamailio (default: all but direct-8k and kamailio; with
                    the Kamailio ports, all)""");
            Option<Integer> kamailioTcpPort = p.intOption("kamailio-tcp-port", "N", null, 1, """
                    Kamailio's MSRP relay on 127.0.0.1 (the interop fixture's users and
                    realm): measured beside ours with 8 KiB chunks (run-relay-bench.sh
                    starts it and passes this and the next)""");
            Option<Integer> kamailioTlsPort = p.intOption("kamailio-tls-port", "N", null, 1, "its TLS port");
            Option<Integer> messages = p.intOption("messages", "N", 10_000, 0, """
                    sequential 100-byte messages per round and variant, ten times as
                    many pipelined (window 64); 0: none""");
            Option<Integer> idleSeconds = p.intOption("idle-seconds", "N", 10, 1, """
                    how long the relay's idle CPU is measured while it holds the
                    capacity part's sessions""");
            Option<Integer> sessions = p.intOption("sessions", "N", 10_000, 1,
                    "relayed sessions held at once through two relays");
            Option<Integer> singleSessions = p.intOption("single-sessions", "N", 9_900, 1, """
                    relayed sessions held at once through one relay (two
                    sockets each in the relay, under a 20,000 open-file limit)""");
            Option<Integer> parallel = p.intOption("parallel", "N", 64, 1, "sessions being set up at once");
            Option<Integer> bufferKib = p.intOption("relay-buffer-kib", "K", null, 0,
                    "the relay's read buffer per idle connection (default: the relay's, 4)");
            Option<Integer> bufferMaxKib = p.intOption("relay-buffer-max-kib", "K", null, 0,
                    "how far the relay's buffers grow while a body streams\n(default: the relay's, 128)");
            Option<String> relayJvm = p.stringOption("relay-jvm", "OPTS", "-Xms2g -Xmx2g -XX:+AlwaysPreTouch",
                    "each relay JVM's options");
            Option<List<String>> relayThreads = p.listOption("relay-threads", "T", null, List.of("virtual", "platform"),
                    "what reads each relay connection: virtual or platform\n(default: the relay's, virtual)");
            Option<String> clientJvm = p.stringOption("client-jvm", "OPTS", "-Xmx2g",
                    "the passive clients' JVM's options");
            Option<Path> dir = p.pathOption("dir", "DIR", null, "where the temporary file goes\n"
                    + "(default java.io.tmpdir)");
            Option<Integer> window = p.intOption("window", "N", SessionSettings.DEFAULT.window(), 1,
                    "the sender's file chunks awaiting responses");
            Option<Boolean> quick = p.flag("quick", "32 MiB file, 1 x 16 MiB warm-up, 2 rounds, 2000 messages, 1000\n"
                    + "sessions each, 5 s idle");
            return p.parseOrExit(args, a -> {
                boolean q = a.get(quick);
                long file = a.get(fileMib, q ? 32L : 1024L);
                long warmup = a.get(warmupMib, q ? 16L : 256L);
                int kamailioTcp = a.get(kamailioTcpPort, 0);
                int kamailioTls = a.get(kamailioTlsPort, 0);
                List<String> variantList = a.get(variants, kamailioTcp > 0
                        ? List.of("relay", "relay-8k", "relay-ws", "pipe", "engine-pipe", "kamailio", "direct-8k")
                        : List.of("relay", "relay-8k", "relay-ws", "pipe", "engine-pipe"));
                a.require(a.get(relayThreads, List.<String>of()).size() <= 1, "--relay-threads takes one value");
                a.require(warmup <= file, "--warmup-mib must not exceed --file-mib");
                a.require((kamailioTcp > 0) == (kamailioTls > 0),
                        "--kamailio-tcp-port and --kamailio-tls-port go together");
                a.require(!variantList.contains("kamailio") || kamailioTcp > 0,
                        "the kamailio variant needs --kamailio-tcp-port and --kamailio-tls-port");
                return new Options(file * MIB, warmup * MIB, a.get(warmupRounds, q ? 1 : 2), a.get(rounds, q ? 2 : 5),
                        a.get(chunkKib) * 1024, a.get(protocols), variantList, a.get(parts),
                        a.get(sessions, q ? 1_000 : 10_000), a.get(singleSessions, q ? 1_000 : 9_900),
                        a.get(parallel), a.get(bufferKib, 0), a.get(bufferMaxKib, 0), a.get(relayJvm),
                        a.get(clientJvm), a.get(dir, Path.of(System.getProperty("java.io.tmpdir"))), a.get(window),
                        kamailioTcp, kamailioTls, a.get(messages, q ? 2_000 : 10_000), a.get(idleSeconds, q ? 5 : 10),
                        a.get(relayThreads, List.<String>of()).stream().findFirst().orElse(null));
            });
        }
    }

    // ------------------------------------------------------------------ the relay in its own JVM

    /**
     * The child side: starts a relay on 127.0.0.1 (TLS, TCP, ws and wss listeners, user bench/secret), prints
     * its URIs, then answers {@code stats} lines on stdin until {@code quit} or end of input.
     */
    private static void serve(String[] args) throws Exception {
        RelayConfig.Builder b = RelayConfig.builder()
                .listener(RelayListener.tls("127.0.0.1", 0))
                .listener(RelayListener.tcp("127.0.0.1", 0))
                .listener(RelayListener.webSocket(false, "127.0.0.1", 0))
                .listener(RelayListener.webSocket(true, "127.0.0.1", 0))
                .host("127.0.0.1").realm("bench")
                .users(RelayUsers.ofPasswords(Map.of(USER, PASSWORD)))
                // everything runs on loopback, and one account holds every session
                .nextHopPolicy(NextHopPolicy.builder().allowLoopback(true).build())
                .maxReservationsPerUser(Integer.MAX_VALUE).maxConnectionsPerUser(Integer.MAX_VALUE)
                // every client connects from 127.0.0.1, many at once on a loaded machine
                .abuseLimits(AbuseLimits.builder().connectionsPerAddress(Integer.MAX_VALUE).handshakeTimeout(WAIT)
                        .firstRequestTimeout(WAIT).build());
        for (String a : args) {
            String v = a.substring(a.indexOf('=') + 1);
            if (a.startsWith("--max-connections=")) {
                b.maxConnections(Integer.parseInt(v));
            } else if (a.startsWith("--buffer-kib=")) {
                b.bufferSize(Integer.parseInt(v) * 1024);
            } else if (a.startsWith("--buffer-max-kib=")) {
                b.maxBufferSize(Integer.parseInt(v) * 1024);
            } else if (a.startsWith("--threads=")) {
                b.readerThreads(RelayConfig.ReaderThreads.valueOf(v.toUpperCase(Locale.ROOT)));
            }
        }
        PrintStream out = System.out;
        try (MsrpRelay relay = MsrpRelay.start(b.build());
                BytePipe tcpPipe = BytePipe.start(null);
                BytePipe tlsPipe = BytePipe.start(PkixCredentials.selfSigned("127.0.0.1"));
                EnginePipe enginePipe = EnginePipe.start(PkixCredentials.selfSigned("127.0.0.1"));
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println("LISTEN " + relay.listenerUri(false) + " " + relay.listenerUri(true) + " " + tcpPipe.port()
                    + " " + tlsPipe.port() + " " + enginePipe.port() + " " + relay.webSocketUri(false) + " "
                    + relay.webSocketUri(true));
            out.flush();
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                if (line.equals("cpu")) {
                    out.println("CPU " + Meter.processCpuNanos());
                    out.flush();
                } else if (line.equals("stats")) {
                    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                    for (int i = 0; i < 2; i++) {
                        System.gc();
                        Thread.sleep(300);
                    }
                    out.printf(Locale.ROOT, "STATS heap=%d sessions=%d connections=%d relayThreads=%d jvmThreads=%d"
                            + " fds=%d cpuMillis=%d%n", memory.getHeapMemoryUsage().getUsed(), relay.sessionCount(),
                            relay.connectionCount(), relay.threadCount(),
                            ManagementFactory.getThreadMXBean().getThreadCount(), openFds(),
                            Meter.processCpuNanos() / 1_000_000);
                    out.flush();
                }
            }
        }
    }

    /** The parent's handle on the child relay. */
    private static final class ChildRelay implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final PrintStream in;
        final MsrpUri tcp;
        final MsrpUri tls;
        /** The ports of the byte pipes (see {@link BytePipe}) in the relay's JVM. */
        final int pipeTcp;
        final int pipeTls;
        final int pipeEngine;
        /** The relay's WebSocket listeners (RFC 7977): ws and wss. */
        final MsrpUri ws;
        final MsrpUri wss;

        private ChildRelay(Process process, BufferedReader out, String[] listening) {
            this.process = process;
            this.out = out;
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.tcp = MsrpUri.parse(listening[1]);
            this.tls = MsrpUri.parse(listening[2]);
            this.pipeTcp = Integer.parseInt(listening[3]);
            this.pipeTls = Integer.parseInt(listening[4]);
            this.pipeEngine = Integer.parseInt(listening[5]);
            this.ws = MsrpUri.parse(listening[6]);
            this.wss = MsrpUri.parse(listening[7]);
        }

        static ChildRelay start(Options o) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(Arrays.asList(o.relayJvm.trim().split("\\s+")));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayBench.class.getName(), "--serve",
                    "--max-connections=" + (2 * Math.max(o.sessions, o.singleSessions) + 1000)));
            if (o.relayBufferKib > 0) {
                cmd.add("--buffer-kib=" + o.relayBufferKib);
            }
            if (o.relayBufferMaxKib > 0) {
                cmd.add("--buffer-max-kib=" + o.relayBufferMaxKib);
            }
            if (o.relayThreads != null) {
                cmd.add("--threads=" + o.relayThreads);
            }
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("LISTEN ") && line.startsWith("[")) {
                System.err.println(line); // the JVM's own log lines (e.g. -XX:StartFlightRecording's)
                line = out.readLine();
            }
            if (line == null || !line.startsWith("LISTEN ")) {
                p.destroy();
                throw new IOException("the relay JVM did not start: " + line);
            }
            String[] uris = line.split(" ");
            System.out.printf(Locale.ROOT, "relay JVM pid %d (%s; %s readers): %s %s%n", p.pid(), o.relayJvm,
                    o.relayThreads == null ? "virtual" : o.relayThreads, uris[1], uris[2]);
            return new ChildRelay(p, out, uris);
        }

        /** The relay JVM's CPU time so far (user and system), without a GC. */
        long cpuNanos() throws IOException {
            in.println("cpu");
            String line = out.readLine();
            if (line == null || !line.startsWith("CPU ")) {
                throw new IOException("the relay JVM answered " + line);
            }
            return Long.parseLong(line.substring(4));
        }

        /** The relay's figures after two GCs. */
        Map<String, Long> stats() throws IOException {
            in.println("stats");
            String line = out.readLine();
            if (line == null || !line.startsWith("STATS ")) {
                throw new IOException("the relay JVM answered " + line);
            }
            Map<String, Long> m = new LinkedHashMap<>();
            for (String kv : line.substring(6).split(" ")) {
                m.put(kv.substring(0, kv.indexOf('=')), Long.parseLong(kv.substring(kv.indexOf('=') + 1)));
            }
            return m;
        }

        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------ throughput

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

    private static void throughput(Options o, ChildRelay relay) throws Exception {
        System.out.printf(Locale.ROOT, "writing a %d MiB random file to %s ...%n", o.fileBytes / MIB, o.dir);
        Path file = Files.createTempFile(o.dir, "msrp4j-relay-bench-", ".bin");
        try {
            byte[][] digests = generate(file, o.fileBytes, o.warmupBytes);
            List<String[]> table = new ArrayList<>();
            SideBySide side = new SideBySide();
            int kamailioFailures = 0;
            for (String protocol : o.protocols) {
                boolean tls = protocol.equals("tls");
                MsrpUri relayUri = tls ? relay.tls : relay.tcp;
                int small = RelaySettings.DEFAULT_MAX_CHUNK_SIZE;
                List<Pair> pairs = new ArrayList<>();
                try {
                    pairs.add(pair(o, "direct", null, 0, tls, 0));
                    if (o.variants.contains("relay")) {
                        pairs.add(pair(o, "relay", ours(relayUri, o.relayChunk), 0, tls, o.relayChunk));
                    }
                    if (o.variants.contains("relay-8k") && (o.relayChunk != small || !o.variants.contains("relay"))) {
                        pairs.add(pair(o, "relay-8k", ours(relayUri, small), 0, tls, small));
                    }
                    if (o.variants.contains("relay-ws")) {
                        int wsChunk = Math.min(o.relayChunk, WS_CHUNK);
                        pairs.add(pair(o, "relay-ws", ours(tls ? relay.wss : relay.ws, wsChunk), 0, tls, wsChunk));
                    }
                    if (o.variants.contains("kamailio")) {
                        pairs.add(pair(o, "kamailio", kamailio(o, tls), 0, tls, small));
                    }
                    if (o.variants.contains("pipe")) {
                        pairs.add(pair(o, "pipe", null, tls ? relay.pipeTls : relay.pipeTcp, tls, 0));
                    }
                    if (tls && o.variants.contains("engine-pipe")) {
                        pairs.add(pair(o, "engine-pipe", null, relay.pipeEngine, tls, 0));
                    }
                    if (o.variants.contains("direct-8k")) {
                        pairs.add(pair(o, "direct-8k", null, 0, tls, RelaySettings.DEFAULT_MAX_CHUNK_SIZE));
                    }
                    for (int w = 0; w < o.warmupRounds; w++) {
                        for (int at = 0; at < pairs.size(); at++) {
                            if (transferOrReplace(o, pairs, at, tls, file, o.warmupBytes, digests[1], protocol,
                                    "warm-up " + (w + 1)) < 0) {
                                kamailioFailures++;
                            }
                        }
                    }
                    Map<String, List<Double>> mbps = new LinkedHashMap<>();
                    Map<String, List<Double>> clientCpu = new LinkedHashMap<>();
                    Map<String, List<Double>> relayCpu = new LinkedHashMap<>();
                    for (int r = 0; r < o.rounds; r++) {
                        for (int i = 0; i < pairs.size(); i++) {
                            int at = (i + r) % pairs.size();
                            Pair p = pairs.get(at);
                            long relay0 = relay.cpuNanos();
                            long client0 = Meter.processCpuNanos();
                            double seconds = transferOrReplace(o, pairs, at, tls, file, o.fileBytes, digests[0],
                                    protocol, "round " + (r + 1));
                            if (seconds < 0) {
                                kamailioFailures++;
                                continue;
                            }
                            double clientNs = (Meter.processCpuNanos() - client0) / (double) o.fileBytes;
                            double relayNs = (relay.cpuNanos() - relay0) / (double) o.fileBytes;
                            mbps.computeIfAbsent(p.variant, k -> new ArrayList<>()).add(o.fileBytes / seconds / 1e6);
                            clientCpu.computeIfAbsent(p.variant, k -> new ArrayList<>()).add(clientNs);
                            relayCpu.computeIfAbsent(p.variant, k -> new ArrayList<>()).add(relayNs);
                            System.out.printf(Locale.ROOT, "  %s %-8s round %d: %8.1f MB/s, CPU ns/byte: clients %.2f,"
                                    + " relay %.2f%n", protocol, p.variant, r + 1, o.fileBytes / seconds / 1e6,
                                    clientNs, relayNs);
                        }
                    }
                    messageRounds(o, protocol, pairs, side);
                    String fileRow = "file " + protocol;
                    side.add(fileRow, "direct", mbps.get("direct-8k"));
                    side.add(fileRow, "kamailio", mbps.get("kamailio"));
                    side.add(fileRow, "relay", mbps.get(o.relayChunk == small && o.variants.contains("relay")
                            ? "relay" : "relay-8k"));
                    double direct = Stats.of(mbps.get("direct")).mean();
                    for (Map.Entry<String, List<Double>> e : mbps.entrySet()) {
                        Stats stats = Stats.of(e.getValue());
                        String chunk = e.getKey().equals("direct") || e.getKey().endsWith("pipe")
                                ? "64 KiB (session default)"
                                : e.getKey().equals("relay-8k") ? "8 KiB (RelaySettings default)"
                                : e.getKey().equals("relay-ws") ? (Math.min(o.relayChunk, WS_CHUNK) / 1024) + " KiB"
                                : e.getKey().equals("direct-8k") || e.getKey().equals("kamailio") ? "8 KiB"
                                : (o.relayChunk / 1024) + " KiB";
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
                    + " relay: sender behind the relay, receiver direct)%n%n", o.fileBytes / MIB, o.rounds);
            System.out.println("| transfer | variant | chunk | MB/s | relay / direct | CPU ns/byte: clients | relay |");
            System.out.println("|---|---|---|---:|---:|---:|---:|");
            for (String[] row : table) {
                System.out.println("| " + String.join(" | ", row) + " |");
            }
            System.out.println();
            side.print(o.rounds, o.messages, o.protocols, o.kamailio());
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
                .port(tls ? o.kamailioTlsPort : o.kamailioTcpPort).useTls(tls).trustAnyRelayCertificate(true)
                .maxChunkSize(RelaySettings.DEFAULT_MAX_CHUNK_SIZE).build();
    }

    /**
     * The message rounds of one protocol on the pairs already bound for the file: sequential
     * ({@code o.messages}: each message goes when the receiver has the one before and its 200 came)
     * and pipelined (ten times as many, {@value SideBySide#WINDOW} awaiting their 200s), direct,
     * through our relay and through Kamailio, interleaved in a rotating order; adds msgs/s to
     * {@code side}.
     */
    private static void messageRounds(Options o, String protocol, List<Pair> pairs,
            SideBySide side) throws Exception {
        if (o.messages == 0) {
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
        int pipelined = 10 * o.messages;
        for (int w = 0; w < o.warmupRounds; w++) {
            for (Pair p : measured.values()) {
                MessageRounds.sequential(p.sender, p.handler, Math.max(1, o.messages / 4), WAIT);
                MessageRounds.pipelined(p.sender, p.handler, o.messages, SideBySide.WINDOW, WAIT);
            }
        }
        for (int r = 0; r < o.rounds; r++) {
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get((i + r) % columns.size());
                Pair p = measured.get(column);
                double sequential = MessageRounds.sequential(p.sender, p.handler, o.messages, WAIT);
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
     * file chunks of {@code chunk} bytes (0: the session default), the sender's window {@code o.window}.
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
        SessionSettings.Builder options = SessionSettings.builder().window(o.window);
        if (chunk != 0) {
            options.fileChunkSize(chunk);
        }
        MsrpSession s = MsrpSession.start(bound[0], options.build(), chunkIgnored -> { });
        MsrpSession r = MsrpSession.start(bound[1], SessionSettings.DEFAULT, handler);
        return new Pair(variant, s, r, handler);
    }

    /**
     * The sender's side of the pipe variant: connects to the pipe, names the receiver's port, then
     * (for TLS) starts TLS with the pipe and binds to the receiver through it.
     */
    private static final class PipeConnector implements Connector {
        private final int pipePort;
        private ReadAheadSocket socket;
        private MsrpUri localUri;

        PipeConnector(int pipePort) {
            this.pipePort = pipePort;
        }

        @Override
        public List<MsrpUri> prepare(MsrpUri uri) throws IOException {
            socket = new ReadAheadSocket();
            socket.bind(new InetSocketAddress(uri.host(), 0));
            localUri = uri.withPort(socket.getLocalPort());
            return List.of(localUri);
        }

        @Override
        public MsrpTransport complete(List<MsrpUri> fullRemotePath) throws IOException {
            MsrpUri target = fullRemotePath.get(0);
            BytePipe.connect(socket, pipePort, target.port());
            MsrpTransport t;
            if (target.useTls()) {
                socket.enableReadAhead();
                SSLSocket tls = (SSLSocket) TlsContexts.client().getSocketFactory().createSocket(socket,
                        target.host(), pipePort, true);
                tls.startHandshake();
                t = TransportInternals.open(tls, socket, localUri, List.of(), TransportSettings.DEFAULT);
            } else {
                t = TransportInternals.open(socket, localUri, List.of(), TransportSettings.DEFAULT);
            }
            Binding.active(t, fullRemotePath, WAIT);
            return t;
        }

        @Override
        public void cleanup() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing was sent yet
            }
        }
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

    /** One transfer of the file's first {@code size} bytes; its seconds, after checking the digest. */
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

    // ------------------------------------------------------------------ capacity

    /**
     * The capacity part, twice: the sessions through one relay (both clients of a session AUTHed to
     * it), and through a chain of two relays (each client AUTHed to its own relay, the relays
     * sharing one connection). A process here may hold at most {@code ulimit -n} sockets, and one
     * relay holds two per session, so the single relay holds {@code --single-sessions} (9,900 by
     * default, under a 20,000 limit); the chain holds {@code --sessions} with one socket per session
     * in each relay. The sessions' passive clients live in a child JVM for the same reason.
     */
    private static void capacity(Options o, ChildRelay relay) throws Exception {
        try (ChildClients far = ChildClients.start(o)) {
            capacityRun(o, "one relay", o.singleSessions, List.of(relay), far);
            try (ChildRelay second = ChildRelay.start(o)) {
                capacityRun(o, "two relays in a chain", o.sessions, List.of(relay, second), far);
            }
        }
    }

    private static ConnectSettings leanSettings() {
        return ConnectSettings.builder().connectTimeout(WAIT).bindTimeout(WAIT).incomingConnectionTimeout(WAIT)
                .transportSettings(TransportSettings.builder().readBufferSize(1024).build()).build();
    }

    private static RelaySettings relaySettings(MsrpUri relay) {
        return RelaySettings.builder("bench", USER, PASSWORD).relays(List.of(relay)).build();
    }

    private static void capacityRun(Options o, String topology, int n, List<ChildRelay> relays, ChildClients far)
            throws Exception {
        ChildRelay near = relays.get(0);
        ChildRelay farRelay = relays.get(relays.size() - 1);
        List<Map<String, Long>> before = new ArrayList<>();
        for (ChildRelay r : relays) {
            before.add(r.stats());
        }
        long clientFdsBefore = openFds();
        ConnectSettings settings = leanSettings();
        RelaySettings nearSettings = relaySettings(near.tcp);
        System.out.printf(Locale.ROOT, "%s: setting up %,d relayed sessions (%,d relay clients over TCP, the passive"
                + " ones in JVM pid %d), %d at a time ...%n", topology, n, 2 * n, far.process.pid(), o.parallel);
        List<MsrpTransport> held = new ArrayList<>(n);
        Semaphore gate = new Semaphore(o.parallel);
        long t0 = System.nanoTime();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<MsrpTransport>> running = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                running.add(ex.submit(() -> {
                    gate.acquire();
                    try {
                        return relayedSession(id, nearSettings, farRelay.tcp, settings, far);
                    } finally {
                        gate.release();
                    }
                }));
            }
            for (Future<MsrpTransport> f : running) {
                held.add(f.get());
            }
        }
        double setup = (System.nanoTime() - t0) / 1e9;
        List<Map<String, Long>> during = new ArrayList<>();
        for (ChildRelay r : relays) {
            during.add(r.stats());
        }
        long[] idle = idleCpuNanos(relays, o.idleSeconds);
        long clientFds = openFds() - clientFdsBefore;
        long farFds = far.fds();
        System.out.printf(Locale.ROOT, "%nCapacity, %s: %,d relayed sessions, each two TCP relay clients AUTHed and"
                + " bound through %s, one message each way%n%n", topology, n,
                relays.size() == 1 ? "the relay" : "both relays");
        System.out.println("| figure | " + (relays.size() == 1 ? "relay" : "relay 1 (active clients) | relay 2"
                + " (passive clients)") + " |");
        System.out.println("|---|" + "---:|".repeat(relays.size()));
        row("relayed sessions held at once", relays, r -> String.format(Locale.ROOT, "**%,d**", n));
        row("relay URIs / connections", relays, r -> String.format(Locale.ROOT, "%,d / %,d",
                during.get(r).get("sessions"), during.get(r).get("connections")));
        row("relay heap after GC, before → held", relays, r -> String.format(Locale.ROOT, "%.1f → %.1f MiB",
                before.get(r).get("heap") / (double) MIB, during.get(r).get("heap") / (double) MIB));
        row("relay heap per relayed session", relays, r -> String.format(Locale.ROOT, "**%.1f KiB**",
                (during.get(r).get("heap") - before.get(r).get("heap")) / 1024.0 / n));
        row("relay threads (its own, virtual) / JVM platform threads", relays, r -> String.format(Locale.ROOT,
                "%,d / %d", during.get(r).get("relayThreads"), during.get(r).get("jvmThreads")));
        row("relay fds before → held", relays, r -> String.format(Locale.ROOT, "%,d → %,d",
                before.get(r).get("fds"), during.get(r).get("fds")));
        row("relay CPU during the set-up / per session", relays, r -> String.format(Locale.ROOT, "%.1f s / %.0f µs",
                (during.get(r).get("cpuMillis") - before.get(r).get("cpuMillis")) / 1e3,
                (during.get(r).get("cpuMillis") - before.get(r).get("cpuMillis")) * 1e3 / n));
        row("relay CPU idle, holding them", relays, r -> String.format(Locale.ROOT,
                "%,d ms in %d s: **%.2f %%** of a core", idle[r] / 1_000_000, o.idleSeconds,
                idle[r] / (o.idleSeconds * 1e9) * 100));
        row("relay CPU per idle session", relays, r -> String.format(Locale.ROOT, "%.1f ns/s",
                idle[r] / (double) o.idleSeconds / n));
        row("relayed sessions per GiB of heap (extrapolated)", relays, r -> {
            long grown = during.get(r).get("heap") - before.get(r).get("heap");
            return grown <= 0 ? "— (the heap did not grow)"
                    : String.format(Locale.ROOT, "**%,.0f**", 1024.0 * MIB * n / grown);
        });
        System.out.printf(Locale.ROOT, "%nset-up (AUTH both clients, bind, two messages), all %,d sessions: %.1f s"
                + " (%,.0f sessions/s); client fds held: %,d here, %,d in the passive clients' JVM%n%n", n, setup,
                n / setup, clientFds, farFds);
        for (int r = 0; r < relays.size(); r++) {
            if (during.get(r).get("sessions") != (relays.size() == 1 ? 2L * n : n)) {
                throw new IllegalStateException("relay " + (r + 1) + " holds " + during.get(r).get("sessions")
                        + " URIs");
            }
        }
        long c0 = System.nanoTime();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (MsrpTransport t : held) {
                ex.submit(t::close);
            }
        }
        far.closeAll();
        for (int r = 0; r < relays.size(); r++) {
            Map<String, Long> after = relays.get(r).stats();
            for (int i = 0; i < 100 && after.get("sessions") > 0; i++) {
                Thread.sleep(200);
                after = relays.get(r).stats();
            }
            System.out.printf(Locale.ROOT, "relay %d after the clients closed (%.1f s): URIs %d, connections %d, heap"
                    + " %.1f MiB, fds %d, relay threads %d%n", r + 1, (System.nanoTime() - c0) / 1e9,
                    after.get("sessions"), after.get("connections"), after.get("heap") / (double) MIB,
                    after.get("fds"), after.get("relayThreads"));
        }
        System.out.println();
    }

    /**
     * Each relay's CPU time over {@code seconds} while the clients hold their sessions and send
     * nothing: what the held sessions cost it idle (timers, keep-alives, the JVM's own threads).
     */
    private static long[] idleCpuNanos(List<ChildRelay> relays, int seconds) throws Exception {
        long[] start = new long[relays.size()];
        for (int r = 0; r < relays.size(); r++) {
            start[r] = relays.get(r).cpuNanos();
        }
        Thread.sleep(seconds * 1000L);
        long[] used = new long[relays.size()];
        for (int r = 0; r < relays.size(); r++) {
            used[r] = relays.get(r).cpuNanos() - start[r];
        }
        return used;
    }

    /** One relayed session: the active client here, the passive one in {@code far}; returns the active transport. */
    private static MsrpTransport relayedSession(int id, RelaySettings nearSettings, MsrpUri farRelay,
            ConnectSettings settings, ChildClients far) throws Exception {
        CompletableFuture<String> farPath = far.request("prepare " + id + " " + farRelay);
        ConnectorRelay active = new ConnectorRelay(nearSettings, settings);
        List<MsrpUri> path;
        List<MsrpUri> remote;
        try {
            path = active.prepare(null);
            remote = parsePath(farPath.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            active.cleanup();
            throw e;
        }
        CompletableFuture<String> farDone = far.request("complete " + id + " " + encodePath(path));
        MsrpTransport t = active.complete(remote);
        try {
            MsrpChunk ping = t.newChunk().data("ping").contentType("text/plain").build();
            t.writeChunk(ping);
            // the relay's 200 and the far side's answer may come in either order
            boolean answered = false;
            boolean ponged = false;
            while (!answered || !ponged) {
                MsrpChunk c = t.readChunk(1 << 16, WAIT);
                if (c.isResponse()) {
                    expectOk(c, ping);
                    answered = true;
                } else if ("SEND".equals(c.method()) && "pong".equals(new String(c.data(), StandardCharsets.UTF_8))) {
                    t.writeResponse(c, 200, "OK");
                    ponged = true;
                } else {
                    throw new IllegalStateException("expected the 200 to the ping or a pong, got " + c);
                }
            }
            farDone.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return t;
        } catch (Exception e) {
            t.close();
            throw e;
        }
    }

    private static void expectOk(MsrpChunk response, MsrpChunk request) {
        if (!response.isResponse() || response.code() != 200
                || !response.transactionId().equals(request.transactionId())) {
            throw new IllegalStateException("expected the 200 to " + request.transactionId() + ", got " + response);
        }
    }

    private static String encodePath(List<MsrpUri> path) {
        return String.join(" ", path.stream().map(MsrpUri::encode).toList());
    }

    private static List<MsrpUri> parsePath(String text) {
        return Arrays.stream(text.trim().split(" ")).map(MsrpUri::parse).toList();
    }

    /**
     * The child side holding the passive clients: {@code prepare ID RELAY} prepares an {@link
     * AcceptorRelay} and answers {@code ok ID PATH}; {@code complete ID PATH} binds it, takes the
     * active side's message, sends one back and answers {@code ok ID}; {@code fds} and {@code close}
     * (every transport) answer {@code ok fds N} and {@code ok close}. Failures answer {@code fail ID
     * MESSAGE}. Requests are served concurrently, answers come in any order.
     */
    private static void serveClients() throws Exception {
        PrintStream out = System.out;
        Object printing = new Object();
        ConnectSettings settings = leanSettings();
        Map<String, AcceptorRelay> prepared = new ConcurrentHashMap<>();
        List<MsrpTransport> held = Collections.synchronizedList(new ArrayList<>());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                String[] w = line.split(" ", 3);
                ex.submit(() -> {
                    String answer;
                    try {
                        answer = switch (w[0]) {
                            case "prepare" -> {
                                AcceptorRelay a = new AcceptorRelay(relaySettings(MsrpUri.parse(w[2])), settings);
                                prepared.put(w[1], a);
                                yield "ok " + w[1] + " " + encodePath(a.prepare(null));
                            }
                            case "complete" -> {
                                MsrpTransport t = prepared.remove(w[1]).complete(parsePath(w[2]));
                                held.add(t);
                                MsrpChunk ping = t.readChunk(1 << 16, WAIT);
                                t.writeResponse(ping, 200, "OK");
                                MsrpChunk pong = t.newChunk().data("pong").contentType("text/plain").build();
                                t.writeChunk(pong);
                                expectOk(t.readChunk(1 << 16, WAIT), pong);
                                yield "ok " + w[1];
                            }
                            case "fds" -> "ok fds " + openFds();
                            case "close" -> {
                                List<MsrpTransport> all;
                                synchronized (held) {
                                    all = new ArrayList<>(held);
                                    held.clear();
                                }
                                try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
                                    for (MsrpTransport t : all) {
                                        closing.submit(t::close);
                                    }
                                }
                                yield "ok close";
                            }
                            default -> "fail " + w[0] + " unknown request";
                        };
                    } catch (Exception e) {
                        answer = "fail " + (w.length > 1 ? w[1] : w[0]) + " " + e;
                    }
                    synchronized (printing) {
                        out.println(answer);
                        out.flush();
                    }
                    return null;
                });
            }
        }
    }

    /** The parent's handle on the child JVM holding passive clients. */
    private static final class ChildClients implements AutoCloseable {
        final Process process;
        private final PrintStream in;
        private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
        private final Thread reader;

        private ChildClients(Process process) {
            this.process = process;
            this.in = new PrintStream(process.getOutputStream(), false, StandardCharsets.UTF_8);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            this.reader = Thread.ofVirtual().name("relay-bench-clients").start(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        String[] w = line.split(" ", 3);
                        CompletableFuture<String> f = waiting.remove(w[1]);
                        if (f != null) {
                            if (w[0].equals("ok")) {
                                f.complete(w.length > 2 ? w[2] : "");
                            } else {
                                f.completeExceptionally(new IOException("passive client " + w[1] + ": "
                                        + (w.length > 2 ? w[2] : "")));
                            }
                        }
                    }
                } catch (IOException e) {
                    // the child ended
                }
                waiting.values().forEach(f -> f.completeExceptionally(new IOException("the clients' JVM ended")));
            });
        }

        static ChildClients start(Options o) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(Arrays.asList(o.clientJvm.trim().split("\\s+")));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayBench.class.getName(), "--clients"));
            return new ChildClients(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        /** Sends {@code request} (whose second word is its key) and returns the future answer. */
        CompletableFuture<String> request(String request) {
            String key = request.split(" ", 3)[1];
            CompletableFuture<String> f = new CompletableFuture<>();
            waiting.put(key, f);
            synchronized (in) {
                in.println(request);
                in.flush();
            }
            return f;
        }

        long fds() throws Exception {
            CompletableFuture<String> f = new CompletableFuture<>();
            waiting.put("fds", f);
            send("fds");
            return Long.parseLong(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }

        void closeAll() throws Exception {
            CompletableFuture<String> f = new CompletableFuture<>();
            waiting.put("close", f);
            send("close");
            f.get(5 * WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        private void send(String line) {
            synchronized (in) {
                in.println(line);
                in.flush();
            }
        }

        @Override
        public void close() throws InterruptedException {
            send("quit");
            in.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(5_000);
        }
    }

    private static void row(String name, List<ChildRelay> relays, IntFunction<String> cell) {
        StringBuilder b = new StringBuilder("| " + name + " |");
        for (int r = 0; r < relays.size(); r++) {
            b.append(' ').append(cell.apply(r)).append(" |");
        }
        System.out.println(b);
    }

    // ------------------------------------------------------------------ small helpers

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
