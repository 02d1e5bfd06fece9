package org.msrp4j.bench;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Option;
import org.msrp4j.bench.harness.OptionParser;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Bulk transfer over {@link MsrpTransport} on loopback, next to a raw socket copy of the same wire
 * bytes in the same run: the raw copy is the physical limit (DESIGN.md §7), and the figure that
 * matters is the ratio transport / raw.
 *
 * <p>For each chunk size and each of TCP and TLS, one connection pair carries the raw copy and
 * another the transport, both set up (and the TLS handshakes done) before anything is timed and
 * reused by every round. A round moves the whole payload as one message, sender and receiver on
 * their own threads (virtual by default):
 *
 * <ul>
 *   <li><b>raw</b>: the sender writes the chunks, encoded beforehand (start line, headers, body,
 *       end-line: the transport's own wire bytes, one write per chunk as the transport does), into
 *       the socket; the receiver reads into a buffer of the transport's read buffer size and
 *       discards, until all wire bytes have come.
 *   <li><b>msrp</b>: the sender builds each chunk ({@code newChunk()…build()}) and calls {@code
 *       writeChunk}; the receiver calls {@code readChunk()} until the chunk flagged {@code $}, and
 *       checks each chunk's Byte-Range, length, first and last byte, and every 61st chunk whole.
 * </ul>
 *
 * <p>Rounds of the two alternate (warm-up rounds first, then measured rounds whose order flips
 * every round) so that machine noise falls on both. A round's time runs from just before the
 * sender starts to the receiver's last byte. MB = 10^6 bytes of payload (body bytes); both sides
 * move the same wire bytes, so the ratio is the same counted either way.
 *
 * <p>Run {@code java -cp benchmarks.jar org.msrp4j.bench.TransportBench --help} for the options;
 * {@code run-transport-bench.sh} runs it with the defaults.
 */
public final class TransportBench {

    private static final MsrpUri SENDER = MsrpUri.parse("msrp://127.0.0.1:2855/sender0bench;tcp");
    private static final MsrpUri RECEIVER = MsrpUri.parse("msrp://127.0.0.1:2856/receiver0bench;tcp");
    private static final MsrpUri SENDER_TLS = MsrpUri.parse("msrps://127.0.0.1:2855/sender0bench;tcp");
    private static final MsrpUri RECEIVER_TLS = MsrpUri.parse("msrps://127.0.0.1:2856/receiver0bench;tcp");
    private static final String CONTENT_TYPE = "application/octet-stream";
    /** Every this many chunks (and the last) the receiver compares the whole body. */
    private static final int FULL_CHECK_EVERY = 61;

    private TransportBench() {
    }

    // ------------------------------------------------------------------ options

    private record Options(long payloadBytes, int[] chunkSizes, int warmup, int rounds, List<String> threads,
            List<String> protocols, String csv) {

        static Options parse(String[] args) {
            OptionParser p = new OptionParser("TransportBench");
            Option<Long> payloadMib = p.longOption("payload-mib", "N", 256L, 1, "message size in MiB");
            Option<List<Integer>> chunkKib = p.intListOption("chunk-kib", "A,B,...", List.of(64, 16, 4), 1,
                    "chunk body sizes in KiB, 1 to 4096");
            Option<Integer> warmup = p.intOption("warmup", "N", 3, 0, "warm-up rounds of each kind per case");
            Option<Integer> rounds = p.intOption("rounds", "N", 10, 1, "measured rounds of each kind per case");
            Option<List<String>> threads = p.listOption("threads", "K", List.of("virtual"),
                    List.of("virtual", "platform", "both"), "virtual, platform or both");
            Option<List<String>> protocols = p.listOption("protocols", "P", List.of("tcp", "tls"),
                    List.of("tcp", "tls"), "tcp, tls or tcp,tls");
            Option<String> csv = p.stringOption("csv", "FILE", null, "also write every measured round to FILE");
            Option<Boolean> quick = p.flag("quick", "64 MiB, chunks 64,4 KiB, 1 warm-up and 3 measured rounds");
            return p.parseOrExit(args, a -> {
                boolean q = a.get(quick);
                List<String> threadKinds = a.get(threads).contains("both") ? List.of("virtual", "platform")
                        : a.get(threads);
                int[] sizes = a.get(chunkKib, q ? List.of(64, 4) : chunkKib.defaultValue()).stream()
                        .mapToInt(k -> k * 1024).toArray();
                for (int size : sizes) {
                    a.require(size <= 4 * 1024 * 1024, "chunk size " + size / 1024 + " KiB (1 to 4096)");
                }
                a.require(!threadKinds.isEmpty() && !a.get(protocols).isEmpty(), "no threads or no protocols");
                return new Options(a.get(payloadMib, q ? 64L : 256L) * 1024 * 1024, sizes, a.get(warmup, q ? 1 : 3),
                        a.get(rounds, q ? 3 : 10), threadKinds, a.get(protocols), a.get(csv));
            });
        }
    }

    // ------------------------------------------------------------------ workload

    /**
     * The message cut into chunks: the bodies the transport sender passes to {@code data(...)}, and
     * the same chunks encoded, which the raw sender writes.
     */
    private record Workload(int chunkSize, byte[][] bodies, byte[][] wire, long payloadBytes, long wireBytes) {
    }

    private static byte[][] payload(long payloadBytes, int chunkSize) {
        int n = (int) ((payloadBytes + chunkSize - 1) / chunkSize);
        byte[][] bodies = new byte[n][];
        SplittableRandom rnd = new SplittableRandom(0x5EED_7A05L + chunkSize);
        long left = payloadBytes;
        for (int i = 0; i < n; i++) {
            bodies[i] = new byte[(int) Math.min(chunkSize, left)];
            rnd.nextBytes(bodies[i]);
            left -= bodies[i].length;
        }
        return bodies;
    }

    /** Encodes the bodies as the sender transport would build them (its paths; a fresh transaction id each). */
    private static Workload workload(byte[][] bodies, MsrpTransport sender, String messageId) {
        byte[][] wire = new byte[bodies.length][];
        long total = Arrays.stream(bodies).mapToLong(b -> b.length).sum();
        long pos = 1;
        long wireBytes = 0;
        for (int i = 0; i < bodies.length; i++) {
            MsrpChunk c = buildChunk(sender, bodies[i], pos, total, messageId);
            byte[] start = c.encodeStart();
            byte[] end = c.encodeEnd(c.continuation());
            byte[] w = new byte[start.length + bodies[i].length + end.length];
            System.arraycopy(start, 0, w, 0, start.length);
            System.arraycopy(bodies[i], 0, w, start.length, bodies[i].length);
            System.arraycopy(end, 0, w, start.length + bodies[i].length, end.length);
            wire[i] = w;
            wireBytes += w.length;
            pos += bodies[i].length;
        }
        return new Workload(bodies[0].length, bodies, wire, total, wireBytes);
    }

    private static MsrpChunk buildChunk(MsrpTransport sender, byte[] body, long start, long total, String messageId) {
        return sender.newChunk().data(body).contentType(CONTENT_TYPE).start(start).total(total).messageId(messageId)
                .build();
    }

    // ------------------------------------------------------------------ connections

    /** A connected socket pair on 127.0.0.1, TLS-layered (handshake done) when {@code tls}. */
    private record Conn(Socket sender, Socket receiver, Socket senderTcp, Socket receiverTcp) implements AutoCloseable {

        @Override
        public void close() {
            for (Socket s : new Socket[] {sender, receiver, senderTcp, receiverTcp}) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing at the end of the run
                }
            }
        }
    }

    private static SSLContext serverContext;
    private static SSLContext clientContext;

    private static Conn connect(boolean tls) throws Exception {
        Socket client;
        Socket accepted;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            client = new Socket();
            client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 5000);
            accepted = listener.accept();
        }
        // The transport sets TCP_NODELAY on its sockets; the raw pair gets the same.
        client.setTcpNoDelay(true);
        accepted.setTcpNoDelay(true);
        if (!tls) {
            return new Conn(client, accepted, client, accepted);
        }
        if (serverContext == null) {
            serverContext = TlsContexts.server(PkixCredentials.selfSigned("msrp4j-bench"));
            clientContext = TlsContexts.client();
        }
        String host = "127.0.0.1";
        SSLSocket clientTls = (SSLSocket) clientContext.getSocketFactory().createSocket(client, host,
                client.getPort(), true);
        SSLSocket serverTls = (SSLSocket) serverContext.getSocketFactory().createSocket(accepted, host,
                accepted.getLocalPort(), true);
        serverTls.setUseClientMode(false);
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread handshake = Thread.ofPlatform().start(() -> {
            try {
                serverTls.startHandshake();
            } catch (IOException e) {
                failed.set(e);
            }
        });
        clientTls.startHandshake();
        handshake.join();
        if (failed.get() != null) {
            throw failed.get();
        }
        return new Conn(clientTls, serverTls, client, accepted);
    }

    // ------------------------------------------------------------------ rounds

    /** One timed transfer. */
    private record Round(double seconds, double cpuSeconds, long allocatedBytes, long gcCount, double senderCpuSeconds,
            double receiverCpuSeconds, double otherCpuSeconds) {
    }

    private interface Side {
        void run() throws Exception;
    }

    private static final ThreadMXBean THREADS =
            (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * CPU time used by the whole machine so far, in jiffies of 1/100 s (Linux {@code /proc/stat}: user,
     * nice, system, irq, softirq, steal), or -1 where unknown. Less this process's CPU time, it tells
     * how much other processes ran during a round.
     */
    private static long machineBusyJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            if (!f[0].equals("cpu") || f.length < 9) {
                return -1;
            }
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Runs {@code receiver} and {@code sender} on threads from {@code threads}; times from just
     * before the sender starts until the receiver returns.
     */
    private static Round timed(ThreadFactory threads, Side sender, Side receiver) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] endedAt = new long[1];
        // CPU time of each side's own thread; -1 where the JVM does not measure it (virtual threads)
        long[] threadCpu = {-1, -1};
        Thread rx = threads.newThread(() -> {
            try {
                long c0 = THREADS.getCurrentThreadCpuTime();
                receiver.run();
                endedAt[0] = System.nanoTime();
                long c1 = THREADS.getCurrentThreadCpuTime();
                threadCpu[1] = c0 < 0 || c1 < 0 ? -1 : c1 - c0;
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        Thread tx = threads.newThread(() -> {
            try {
                long c0 = THREADS.getCurrentThreadCpuTime();
                sender.run();
                long c1 = THREADS.getCurrentThreadCpuTime();
                threadCpu[0] = c0 < 0 || c1 < 0 ? -1 : c1 - c0;
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        rx.start();
        Thread.sleep(20); // let the receiver block in its first read
        long busy0 = machineBusyJiffies();
        Meter meter = Meter.start();
        tx.start();
        rx.join();
        tx.join();
        if (failure.get() != null) {
            throw new IllegalStateException("round failed: " + failure.get(), failure.get());
        }
        Meter.Reading m = meter.stop(endedAt[0]);
        long busy1 = machineBusyJiffies();
        return new Round(m.seconds(), m.cpuSeconds(), m.allocatedBytes(), m.gcs(), threadCpu[0] / 1e9,
                threadCpu[1] / 1e9,
                busy0 < 0 || busy1 < 0 ? Double.NaN : Math.max(0, (busy1 - busy0) / 100.0 - m.cpuSeconds()));
    }

    private static Round rawRound(ThreadFactory threads, Conn c, Workload w, int readBufferSize) throws Exception {
        OutputStream out = c.sender().getOutputStream();
        InputStream in = c.receiver().getInputStream();
        return timed(threads, () -> {
            for (byte[] chunk : w.wire()) {
                out.write(chunk);
            }
            out.flush();
        }, () -> {
            byte[] buf = new byte[readBufferSize];
            long left = w.wireBytes();
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("raw peer closed with " + left + " bytes to come");
                }
                left -= n;
            }
        });
    }

    private static Round msrpRound(ThreadFactory threads, MsrpTransport tx, MsrpTransport rx, Workload w,
            String messageId) throws Exception {
        byte[][] bodies = w.bodies();
        long total = w.payloadBytes();
        return timed(threads, () -> {
            long pos = 1;
            for (byte[] body : bodies) {
                tx.writeChunk(buildChunk(tx, body, pos, total, messageId));
                pos += body.length;
            }
        }, () -> {
            long pos = 1;
            int i = 0;
            while (true) {
                MsrpChunk c = rx.readChunk();
                byte[] data = c.data();
                if (i >= bodies.length) {
                    throw new IllegalStateException("more chunks than sent: " + c);
                }
                byte[] sent = bodies[i];
                ByteRange range = c.byteRange();
                if (c.segment() != 0 || range == null || range.start() != pos || range.total() != total
                        || data.length != sent.length || data[0] != sent[0]
                        || data[data.length - 1] != sent[sent.length - 1] || !messageId.equals(c.messageId())) {
                    throw new IllegalStateException("chunk " + i + " differs from what was sent: " + c);
                }
                boolean last = i == bodies.length - 1;
                if ((i % FULL_CHECK_EVERY == 0 || last) && !Arrays.equals(data, sent)) {
                    throw new IllegalStateException("chunk " + i + " body differs from what was sent");
                }
                pos += data.length;
                i++;
                if (c.continuation() == Continuation.END) {
                    if (!last) {
                        throw new IllegalStateException("'$' on chunk " + i + " of " + bodies.length);
                    }
                    return;
                }
            }
        });
    }

    // ------------------------------------------------------------------ statistics

    /** The measured rounds of one kind in one case. */
    private record Series(List<Round> rounds, long payloadBytes, int chunks) {

        double[] mbps() {
            return rounds.stream().mapToDouble(r -> payloadBytes / r.seconds() / 1e6).toArray();
        }

        double mean() {
            return stats().mean();
        }

        Stats stats() {
            return Stats.of(mbps());
        }

        /** Process CPU time per wall time, in % of one core, averaged over the rounds. */
        double cpuPercent() {
            return 100 * rounds.stream().mapToDouble(Round::cpuSeconds).sum()
                    / rounds.stream().mapToDouble(Round::seconds).sum();
        }

        /**
         * CPU time of other processes per wall time during the rounds, in % of one core (NaN where
         * unknown): what else ran on the machine. Measured in jiffies, so coarse for short rounds.
         */
        double otherCpuPercent() {
            return 100 * rounds.stream().mapToDouble(Round::otherCpuSeconds).sum()
                    / rounds.stream().mapToDouble(Round::seconds).sum();
        }

        /**
         * CPU time of the sender's (or receiver's) thread per wall time, in % of one core; NaN
         * when not measured (virtual threads).
         */
        double threadCpuPercent(boolean sender) {
            double sum = 0;
            for (Round r : rounds) {
                double c = sender ? r.senderCpuSeconds() : r.receiverCpuSeconds();
                if (c < 0) {
                    return Double.NaN;
                }
                sum += c;
            }
            return 100 * sum / rounds.stream().mapToDouble(Round::seconds).sum();
        }

        /** Heap bytes allocated per chunk (by all threads, during the rounds), or -1 if unknown. */
        double allocPerChunk() {
            if (rounds.stream().anyMatch(r -> r.allocatedBytes() < 0)) {
                return -1;
            }
            return rounds.stream().mapToLong(Round::allocatedBytes).sum() / (double) (chunks * rounds.size());
        }

        double gcsPerRound() {
            return rounds.stream().mapToLong(Round::gcCount).sum() / (double) rounds.size();
        }
    }

    private record Result(String protocol, int chunkSize, String threads, Series raw, Series msrp, String tlsInfo) {

        double[] pairRatios() {
            double[] r = raw.mbps();
            double[] m = msrp.mbps();
            double[] out = new double[r.length];
            for (int i = 0; i < r.length; i++) {
                out[i] = m[i] / r[i];
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ the run

    private static Result runCase(Options o, String protocol, int chunkSize, String threadKind, byte[][] bodies,
            List<String[]> csvRows) throws Exception {
        boolean tls = protocol.equals("tls");
        ThreadFactory threads = threadKind.equals("virtual")
                ? Thread.ofVirtual().name("bench-", 0).factory()
                : Thread.ofPlatform().name("bench-", 0).factory();
        TransportSettings options = TransportSettings.DEFAULT;
        try (Conn rawConn = connect(tls); Conn msrpConn = connect(tls)) {
            MsrpTransport tx;
            MsrpTransport rx;
            if (tls) {
                tx = TransportInternals.open((SSLSocket) msrpConn.sender(), msrpConn.senderTcp(), SENDER_TLS, List.of(),
                        options);
                rx = TransportInternals.open((SSLSocket) msrpConn.receiver(), msrpConn.receiverTcp(), RECEIVER_TLS,
                        List.of(), options);
                tx.setFullRemotePath(List.of(RECEIVER_TLS));
                rx.setFullRemotePath(List.of(SENDER_TLS));
            } else {
                tx = TransportInternals.open(msrpConn.sender(), SENDER, List.of(), options);
                rx = TransportInternals.open(msrpConn.receiver(), RECEIVER, List.of(), options);
                tx.setFullRemotePath(List.of(RECEIVER));
                rx.setFullRemotePath(List.of(SENDER));
            }
            try (tx; rx) {
                String messageId = "bench" + chunkSize;
                Workload w = workload(bodies, tx, messageId);
                String tlsInfo = "";
                if (tls) {
                    var s = ((SSLSocket) msrpConn.sender()).getSession();
                    tlsInfo = s.getProtocol() + " " + s.getCipherSuite();
                }
                System.out.printf(Locale.ROOT, "%s, %d KiB chunks, %s threads: %d chunks, %,d payload bytes, %,d wire"
                        + " bytes%s%n", protocol.toUpperCase(Locale.ROOT), chunkSize / 1024, threadKind,
                        bodies.length, w.payloadBytes(), w.wireBytes(), tlsInfo.isEmpty() ? "" : ", " + tlsInfo);
                int readBuffer = options.readBufferSize();
                for (int i = 0; i < o.warmup(); i++) {
                    rawRound(threads, rawConn, w, readBuffer);
                    msrpRound(threads, tx, rx, w, messageId);
                }
                List<Round> raw = new ArrayList<>();
                List<Round> msrp = new ArrayList<>();
                for (int i = 0; i < o.rounds(); i++) {
                    Round r;
                    Round m;
                    if (i % 2 == 0) {
                        r = rawRound(threads, rawConn, w, readBuffer);
                        m = msrpRound(threads, tx, rx, w, messageId);
                    } else {
                        m = msrpRound(threads, tx, rx, w, messageId);
                        r = rawRound(threads, rawConn, w, readBuffer);
                    }
                    raw.add(r);
                    msrp.add(m);
                    double rm = w.payloadBytes() / r.seconds() / 1e6;
                    double mm = w.payloadBytes() / m.seconds() / 1e6;
                    System.out.printf(Locale.ROOT,
                            "  round %d: raw %,9.1f MB/s  msrp %,9.1f MB/s  ratio %.3f  (other processes' CPU %.0f%%"
                            + " / %.0f%%)%n", i + 1, rm, mm, mm / rm, 100 * r.otherCpuSeconds() / r.seconds(),
                            100 * m.otherCpuSeconds() / m.seconds());
                    for (Object[] row : new Object[][] {{"raw", r}, {"msrp", m}}) {
                        Round x = (Round) row[1];
                        csvRows.add(new String[] {protocol, Integer.toString(chunkSize), threadKind,
                            (String) row[0], Integer.toString(i + 1), String.format(Locale.ROOT, "%.6f", x.seconds()),
                            String.format(Locale.ROOT, "%.1f", w.payloadBytes() / x.seconds() / 1e6),
                            String.format(Locale.ROOT, "%.6f", x.cpuSeconds()), Long.toString(x.allocatedBytes()),
                            Long.toString(x.gcCount()), seconds(x.senderCpuSeconds()),
                            seconds(x.receiverCpuSeconds()), seconds(x.otherCpuSeconds())});
                    }
                }
                return new Result(protocol, chunkSize, threadKind, new Series(raw, w.payloadBytes(), bodies.length),
                        new Series(msrp, w.payloadBytes(), bodies.length), tlsInfo);
            }
        }
    }

    /** Seconds for the CSV; empty when not measured (negative or NaN). */
    private static String seconds(double value) {
        return value >= 0 ? String.format(Locale.ROOT, "%.6f", value) : "";
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JVM: %s %s, %d CPUs, max heap %d MiB, GC %s, options %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                rt.availableProcessors(), rt.maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "payload %d MiB as one message; chunks %s KiB; %d warm-up + %d measured rounds"
                + " per kind; threads %s; loadavg at start: %s%n", o.payloadBytes() >> 20,
                Arrays.toString(Arrays.stream(o.chunkSizes()).map(s -> s / 1024).toArray()), o.warmup(), o.rounds(),
                o.threads(), Meter.loadAverage());
        long need = 2 * o.payloadBytes() + 256L * 1024 * 1024;
        if (rt.maxMemory() < need) {
            System.err.printf("TransportBench: the heap (%d MiB) is too small for a %d MiB payload: give -Xmx%dm or"
                    + " more%n", rt.maxMemory() >> 20, o.payloadBytes() >> 20, need >> 20);
            System.exit(2);
        }
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        List<String[]> csvRows = new ArrayList<>();
        for (int chunkSize : o.chunkSizes()) {
            byte[][] bodies = payload(o.payloadBytes(), chunkSize);
            for (String protocol : o.protocols()) {
                for (String threadKind : o.threads()) {
                    results.add(runCase(o, protocol, chunkSize, threadKind, bodies, csvRows));
                }
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        printTable(o, results);
        System.out.printf(Locale.ROOT, "run time %.0f s; loadavg at end: %s%n", elapsed, Meter.loadAverage());
        if (o.csv() != null) {
            List<String> lines = new ArrayList<>();
            lines.add("protocol,chunk_bytes,threads,kind,round,seconds,mb_per_s,cpu_seconds,allocated_bytes,gcs,"
                    + "sender_thread_cpu_seconds,receiver_thread_cpu_seconds,other_processes_cpu_seconds");
            for (String[] row : csvRows) {
                lines.add(String.join(",", row));
            }
            Files.write(Path.of(o.csv()), lines);
            System.out.println("CSV: " + o.csv());
        }
    }

    private static void printTable(Options o, List<Result> results) {
        boolean threadCpu = results.stream().anyMatch(r -> !Double.isNaN(r.raw().threadCpuPercent(true)));
        System.out.println();
        System.out.println("MB = 10^6 payload (body) bytes; mean ± sample stdev over " + o.rounds()
                + " measured rounds; CPU = process CPU time / wall time (200% = both cores);");
        System.out.println("other = CPU time of other processes / wall time (the machine's noise; should be ~0%);");
        if (threadCpu) {
            System.out.println("tx/rx = CPU time of the sender's / receiver's thread / wall time (platform threads "
                    + "only);");
        }
        System.out.println("alloc = heap bytes allocated per chunk by all threads; ratio = mean msrp / mean raw;"
                + " pairs = median (min..max) of the per-round msrp/raw");
        String header = String.format(Locale.ROOT, "%-5s%7s%10s%-6s%11s%9s%11s%11s%7s%7s%s%10s%6s%8s%20s", "proto",
                "chunk", "threads", "  kind", "MB/s", "±", "min", "max", "CPU", "other",
                threadCpu ? String.format(Locale.ROOT, "%6s%6s", "tx", "rx") : "", "alloc", "GCs", "ratio", "pairs");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (Result r : results) {
            for (Series s : new Series[] {r.raw(), r.msrp()}) {
                boolean raw = s == r.raw();
                String ratio = "";
                String pairs = "";
                if (!raw) {
                    ratio = String.format(Locale.ROOT, "%.3f", r.msrp().mean() / r.raw().mean());
                    Stats p = Stats.of(r.pairRatios());
                    pairs = String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", p.median(), p.min(), p.max());
                }
                double alloc = s.allocPerChunk();
                String perThread = "";
                if (threadCpu) {
                    double tx = s.threadCpuPercent(true);
                    double rx = s.threadCpuPercent(false);
                    perThread = Double.isNaN(tx) ? String.format(Locale.ROOT, "%6s%6s", "-", "-")
                            : String.format(Locale.ROOT, "%5.0f%%%5.0f%%", tx, rx);
                }
                System.out.println(String.format(Locale.ROOT,
                        "%-5s%6dK%10s  %-4s%,11.1f%,9.1f%,11.1f%,11.1f%6.0f%%%6.0f%%%s%10s%6.1f%8s%20s",
                        r.protocol().toUpperCase(Locale.ROOT), r.chunkSize() / 1024, r.threads(),
                        raw ? "raw" : "msrp", s.mean(), s.stats().stdev(), s.stats().min(), s.stats().max(),
                        s.cpuPercent(),
                        s.otherCpuPercent(), perThread,
                        alloc < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", alloc), s.gcsPerRound(), ratio,
                        pairs));
            }
        }
        System.out.println();
        double noisiest = results.stream().flatMap(r -> Stream.of(r.raw(), r.msrp()))
                .mapToDouble(Series::otherCpuPercent).filter(x -> !Double.isNaN(x)).max().orElse(0);
        if (noisiest > 10) {
            System.out.printf(Locale.ROOT, "warning: other processes used up to %.0f%% of a core during a case; those"
                    + " figures are disturbed: rerun on an idle machine%n", noisiest);
        }
        for (String protocol : o.protocols()) {
            List<Result> of = results.stream().filter(r -> r.protocol().equals(protocol)).toList();
            double worst = of.stream().mapToDouble(r -> r.msrp().mean() / r.raw().mean()).min().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "goal msrp >= 0.8 x raw, %s: %s (lowest ratio %.3f)%n",
                    protocol.toUpperCase(Locale.ROOT), worst >= 0.8 ? "met" : "NOT met", worst);
        }
    }
}
