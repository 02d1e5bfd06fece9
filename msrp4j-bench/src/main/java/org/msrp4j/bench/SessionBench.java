package org.msrp4j.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.net.ssl.SSLSocket;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Option;
import org.msrp4j.bench.harness.OptionParser;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.bench.workload.RawLink;
import org.msrp4j.bench.workload.Sample;
import org.msrp4j.bench.workload.SessionLink;
import org.msrp4j.bench.workload.SessionWorkload;
import org.msrp4j.bench.workload.SessionWorkload.Batch;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;

/**
 * The end-to-end loopback harness for {@link MsrpSession}: one run, both endpoints in this JVM on
 * 127.0.0.1, every msrp4j figure next to a raw-socket baseline measured in the same run, printed as
 * a table with ratios and the goals' verdicts. Meant to run with {@code -Xmx64m}
 * ({@code run-session-bench.sh} does), which also shows that files are streamed.
 *
 * <p><b>Files.</b> A random file (1 GiB by default) is written to a temporary directory once, its
 * SHA-256 computed while writing it (the sender's digest). Every transfer, raw or msrp4j, is
 * digested on the receiving side as the bytes arrive and must give the same SHA-256; the file is
 * deleted at the end.
 *
 * <ul>
 *   <li><b>raw</b>: a connected pair of plain sockets (TCP_NODELAY, as the transport sets), or of
 *       {@link SSLSocket}s from the same {@link TlsContexts} the connectors use (handshake done
 *       before timing). The sender reads the file through a {@link FileChannel} 64 KiB at a time
 *       and writes each block to the socket; the receiver reads into a 64 KiB buffer and feeds
 *       every read to SHA-256, until all bytes have come.
 *   <li><b>raw-ra</b> (TLS only, for information): the same copy with TLS layered on {@link
 *       ReadAheadSocket}s, as the connectors layer it; the goal's ratio stays against plain JSSE.
 *   <li><b>msrp</b>: a session pair set up by {@link ConnectorDirect} / {@link AcceptorDirect}
 *       (binding SEND, TLS handshake), once with {@link SessionSettings#DEFAULT} and once tuned
 *       (larger file chunks and receive segments; see the options). The sender calls {@link
 *       MsrpSession#sendFile} with {@link OutgoingFile#of}; the receiver's {@link
 *       IncomingHandler#onChunk} checks that each chunk (or segment) continues the Byte-Range where
 *       the last one ended and feeds its body to SHA-256.
 * </ul>
 *
 * <p>A round's time runs from just before the sender starts to the receiver's last byte digested;
 * MB = 10^6 file bytes. Warm-up transfers (a prefix of the file, checked against the prefix's
 * SHA-256) come first; then the measured rounds of the variants of one protocol are interleaved,
 * their order flipping every round.
 *
 * <p><b>Small messages</b> (100-byte {@code text/plain} bodies, on the default session pair):
 *
 * <ul>
 *   <li><b>sequential msrp</b>: one virtual thread calls {@link MsrpSession#deliverChunk} N times;
 *       each call's latency is recorded (p50/p99 over all measured rounds).
 *   <li><b>sequential raw</b>: ping-pong on a raw socket pair with a virtual thread on each side: a
 *       request of the encoded SEND's size, answered with a reply of the encoded 200 response's
 *       size, each read completely before the next write. The same on platform threads is shown
 *       for reference (what virtual-thread wake-ups cost on the machine), beside msrp with {@link
 *       org.msrp4j.session.SessionSettings#threadFactory() platform threads} for the sessions and the
 *       caller, and so is a ping-pong
 *       whose replies a second client thread reads and hands to the caller, as a session's reader
 *       does for {@code deliverChunk}: three thread wake-ups per round trip instead of two, the
 *       floor for any API where the caller waits while a reader reads.
 *   <li><b>pipelined msrp</b>: one virtual thread calls {@link MsrpSession#sendChunk(MsrpChunk,
 *       java.util.function.Consumer)} N times, at most W messages unanswered (a semaphore released
 *       by the response callback, so memory stays bounded); msgs/s from the first send to the
 *       receiver's handler seeing the N-th message.
 *   <li><b>pipelined raw</b>: a one-way stream of the same encoded SEND chunks, written about 64
 *       KiB at a time; the receiver reads and discards (no parsing, no replies: the ceiling, not a
 *       like-for-like).
 * </ul>
 *
 * <p>Run with {@code --help} for the options.
 */
public final class SessionBench {

    private static final String FILE_TYPE = "application/octet-stream";
    private static final int MIB = 1024 * 1024;
    /** Whether receivers digest what they get (off only with --no-digest, to isolate the transfer itself). */
    private static boolean digesting = true;

    private SessionBench() {
    }

    // ------------------------------------------------------------------ options

    private record Options(long fileBytes, long warmupBytes, int warmupRounds, int rounds, int seqCount, int seqWarmup,
            int pipeCount, int pipeWarmup, int pipeWindow, int tunedChunkSize, int tunedWindow, int tunedSegmentSize,
            List<String> protocols, List<String> messageProtocols, List<String> parts, List<String> fileVariants,
            Path dir) {

        static Options parse(String[] args) {
            OptionParser p = new OptionParser("SessionBench");
            Option<Long> fileMib = p.longOption("file-mib", "N", 1024L, 1, "file size in MiB");
            Option<Long> warmupMib = p.longOption("warmup-mib", "N", 256L, 0, "warm-up transfer size");
            Option<Integer> warmupRounds = p.intOption("warmup-rounds", "N", 3, 0, "warm-up transfers per variant");
            Option<Integer> rounds = p.intOption("rounds", "N", 5, 1, "measured rounds per variant");
            Option<Integer> seq = p.intOption("seq", "N", 20_000, 1, "sequential round trips per round");
            Option<Integer> seqWarmup = p.intOption("seq-warmup", "N", 10_000, 0, "warm-up round trips");
            Option<Integer> pipe = p.intOption("pipe", "N", 500_000, 1, "pipelined messages per round");
            Option<Integer> pipeWarmup = p.intOption("pipe-warmup", "N", 200_000, 0, "warm-up pipelined messages");
            Option<Integer> pipeWindow = p.intOption("pipe-window", "W", 1024, 1,
                    "most unanswered pipelined messages");
            Option<Integer> tunedChunkKib = p.intOption("tuned-chunk-kib", "K", 256, 1,
                    "fileChunkSize of the tuned file variant");
            Option<Integer> tunedWindow = p.intOption("tuned-window", "W", 16, 1, "window of the tuned file variant");
            Option<Integer> tunedSegmentKib = p.intOption("tuned-segment-kib", "K", 256, 1,
                    "the tuned receiver's readSegmentSize");
            List<String> tcpTls = List.of("tcp", "tls");
            Option<List<String>> protocols = p.listOption("protocols", "P", tcpTls, tcpTls,
                    "file transfers over tcp, tls or tcp,tls");
            Option<List<String>> messageProtocols = p.listOption("message-protocols", "P", tcpTls, tcpTls,
                    "small messages over tcp, tls or tcp,tls; empty: none");
            List<String> allParts = List.of("file", "seq", "pipe");
            Option<List<String>> parts = p.listOption("parts", "L", allParts, allParts, "which parts to run");
            List<String> allVariants = List.of("raw", "default", "tuned", "raw-ra");
            Option<List<String>> fileVariants = p.listOption("file-variants", "L", allVariants, allVariants,
                    "which file variants to transfer\n(raw-ra: TLS only)");
            Option<Path> dir = p.pathOption("dir", "DIR", null, "where the temporary file goes\n"
                    + "(default java.io.tmpdir)");
            Option<Boolean> noDigest = p.flag("no-digest", "receivers only count bytes (no SHA-256): isolates the "
                    + "transfer");
            Option<Boolean> appIdOption = p.flag("app-ids", "small messages get counter ids from the application "
                    + "instead of\nthe random ones ChunkBuilder draws from SecureRandom (diagnostic)");
            Option<Boolean> quick = p.flag("quick", "128 MiB file, 3 x 64 MiB warm-up, 2 rounds, 5000 round trips,\n"
                    + "100000 pipelined messages");
            return p.parseOrExit(args, a -> {
                boolean q = a.get(quick);
                long file = a.get(fileMib, q ? 128L : 1024L);
                long warmup = a.get(warmupMib, q ? 64L : 256L);
                a.require(warmup <= file, "--warmup-mib must not exceed --file-mib");
                appIds = a.get(appIdOption);
                digesting = !a.get(noDigest);
                return new Options(file * MIB, warmup * MIB, a.get(warmupRounds), a.get(rounds, q ? 2 : 5),
                        a.get(seq, q ? 5_000 : 20_000), a.get(seqWarmup, q ? 5_000 : 10_000),
                        a.get(pipe, q ? 100_000 : 500_000), a.get(pipeWarmup, q ? 100_000 : 200_000),
                        a.get(pipeWindow), a.get(tunedChunkKib) * 1024, a.get(tunedWindow),
                        a.get(tunedSegmentKib) * 1024, a.get(protocols), a.get(messageProtocols), a.get(parts),
                        a.get(fileVariants), a.get(dir, Path.of(System.getProperty("java.io.tmpdir"))));
            });
        }
    }

    // ------------------------------------------------------------------ measuring

    /** The samples of one variant, and how to turn one into a rate. */
    private static final class Series {
        final String protocol;
        final String label;
        final double units; // bytes (files) or messages per sample
        final List<Sample> samples = new ArrayList<>();

        Series(String protocol, String label, double units) {
            this.protocol = protocol;
            this.label = label;
            this.units = units;
        }

        double[] rates() {
            return samples.stream().mapToDouble(s -> units / s.seconds()).toArray();
        }

        double mean() {
            return stats().mean();
        }

        Stats stats() {
            return Stats.of(rates());
        }

        double cpuPercent() {
            return 100 * samples.stream().mapToDouble(Sample::cpuSeconds).sum()
                    / samples.stream().mapToDouble(Sample::seconds).sum();
        }

        double gcsPerRound() {
            return samples.stream().mapToLong(Sample::gcs).sum() / (double) samples.size();
        }

        /** Latency percentile in microseconds over all samples' latencies. */
        double percentileMicros(double p) {
            return Stats.percentile(samples.stream().map(Sample::latencies).toList(), p) / 1e3;
        }
    }

    // ------------------------------------------------------------------ the file

    /** The generated file, its SHA-256, and the SHA-256 of its first {@code warmupBytes}. */
    private record TestFile(Path path, long size, byte[] sha256, long warmupBytes, byte[] warmupSha256) {
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestFile generate(Path dir, long size, long warmupBytes) throws Exception {
        Path path = Files.createTempFile(dir, "msrp4j-session-bench-", ".bin");
        path.toFile().deleteOnExit();
        MessageDigest md = sha256();
        byte[] warmupDigest = null;
        SplittableRandom rnd = new SplittableRandom(0x5E55_10B5L);
        byte[] block = new byte[MIB];
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long written = 0;
            while (written < size) {
                int n = (int) Math.min(block.length, size - written);
                rnd.nextBytes(block);
                if (warmupDigest == null && written + n >= warmupBytes) {
                    // the prefix digest: the bytes up to warmupBytes, then go on with the rest
                    int head = (int) (warmupBytes - written);
                    md.update(block, 0, head);
                    warmupDigest = ((MessageDigest) md.clone()).digest();
                    md.update(block, head, n - head);
                } else {
                    md.update(block, 0, n);
                }
                ByteBuffer b = ByteBuffer.wrap(block, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                written += n;
            }
            out.force(false);
        }
        return new TestFile(path, size, md.digest(), warmupBytes, warmupDigest);
    }

    // ------------------------------------------------------------------ rounds

    private static int verified;

    private static Sample rawFile(RawLink c, TestFile f, long bytes, byte[] expected) throws Exception {
        Sample s = SessionWorkload.rawCopy(c, FileChannel.open(f.path(), StandardOpenOption.READ), bytes,
                digesting ? expected : null);
        verified += digesting ? 1 : 0;
        return s;
    }

    private static Sample msrpFile(SessionLink p, TestFile f, long bytes, byte[] expected) throws Exception {
        // the whole file as an application sends it; a warm-up sends the first bytes of it
        OutgoingFile file = bytes == f.size() ? OutgoingFile.of(f.path(), FILE_TYPE)
                : new OutgoingFile(FileChannel.open(f.path(), StandardOpenOption.READ), bytes, FILE_TYPE, 0, null);
        Sample s = SessionWorkload.sessionCopy(p, file, digesting ? expected : null);
        verified += digesting ? 1 : 0;
        return s;
    }

    // ------------------------------------------------------------------ small-message rounds

    private static final byte[] TEXT = text100();

    private static byte[] text100() {
        String s = "The quick brown fox jumps over the lazy dog; MSRP carries it as one 100-byte text/plain body.";
        StringBuilder b = new StringBuilder(s);
        while (b.length() < 100) {
            b.append('.');
        }
        return b.substring(0, 100).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether small messages carry ids made by the application (--app-ids) instead of the builder's random ones. */
    private static boolean appIds;
    private static long idCounter = 1_000_000_000L;

    private static MsrpChunk textChunk(MsrpSession s) {
        var b = s.transport().newChunk().data(TEXT).contentType("text/plain");
        if (appIds) {
            String id = Long.toString(idCounter++, 36);
            b.transactionId("t" + id).messageId("m" + id);
        }
        return b.build();
    }

    private static Sample msrpSequential(SessionLink p, int n, boolean virtualThread) throws Exception {
        return SessionWorkload.sessionRoundTrips(p, n, virtualThread, SessionBench::textChunk);
    }

    private static Sample msrpPipelined(SessionLink p, int n, int window) throws Exception {
        return SessionWorkload.sessionPipelined(p, n, window, SessionBench::textChunk);
    }

    private static Sample rawSequential(RawLink c, int n, int requestSize, int replySize, boolean virtualThreads)
            throws Exception {
        return SessionWorkload.rawRoundTrips(c, n, requestSize, replySize, virtualThreads);
    }

    private static Sample rawSequentialHandOff(RawLink c, int n, int requestSize, int replySize) throws Exception {
        return SessionWorkload.rawRoundTripsHandOff(c, n, requestSize, replySize);
    }

    // ------------------------------------------------------------------ the run

    private interface Variant {
        Sample run(long bytes, byte[] expected) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JVM: %s %s, %d CPUs, max heap %d MiB, GC %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                rt.availableProcessors(), rt.maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        List<String> plan = new ArrayList<>();
        if (o.parts().contains("file") && !o.protocols().isEmpty()) {
            plan.add(String.format(Locale.ROOT, "file %d MiB over %s (%d warm-ups of %d MiB)", o.fileBytes() / MIB,
                    o.protocols(), o.warmupRounds(), o.warmupBytes() / MIB));
        }
        if (o.parts().contains("seq") && !o.messageProtocols().isEmpty()) {
            plan.add(String.format(Locale.ROOT, "sequential %,d over %s (warm-up %,d)", o.seqCount(),
                    o.messageProtocols(), o.seqWarmup()));
        }
        if (o.parts().contains("pipe") && !o.messageProtocols().isEmpty()) {
            plan.add(String.format(Locale.ROOT, "pipelined %,d over %s (warm-up %,d, window %d)", o.pipeCount(),
                    o.messageProtocols(), o.pipeWarmup(), o.pipeWindow()));
        }
        System.out.printf(Locale.ROOT, "%s; %d measured rounds each; loadavg at start: %s%n", String.join("; ", plan),
                o.rounds(), Meter.loadAverage());
        long started = System.nanoTime();
        TlsCredentials credentials = PkixCredentials.selfSigned("msrp4j-bench");
        SessionSettings defaults = SessionSettings.DEFAULT;
        SessionSettings tunedSend = SessionSettings.builder().fileChunkSize(o.tunedChunkSize()).window(o.tunedWindow())
                .build();
        SessionSettings tunedReceive = SessionSettings.builder().readSegmentSize(o.tunedSegmentSize()).build();
        String tunedLabel = String.format(Locale.ROOT, "msrp sendFile, tuned (%dK, w%d, seg %dK)",
                o.tunedChunkSize() / 1024, o.tunedWindow(), o.tunedSegmentSize() / 1024);
        String defaultLabel = String.format(Locale.ROOT, "msrp sendFile, defaults (%dK, w%d, seg %dK)",
                defaults.fileChunkSize() / 1024, defaults.window(), defaults.readSegmentSize() / 1024);

        List<Series[]> fileResults = new ArrayList<>();
        List<Series[]> seqResults = new ArrayList<>();
        List<Series[]> pipeResults = new ArrayList<>();
        TestFile file = null;
        Thread cleanup = null;
        try {
            if (o.parts().contains("file") && !o.protocols().isEmpty()) {
                long g0 = System.nanoTime();
                file = generate(o.dir(), o.fileBytes(), o.warmupBytes());
                TestFile gen = file;
                cleanup = new Thread(() -> {
                    try {
                        Files.deleteIfExists(gen.path());
                    } catch (IOException e) {
                        // best effort at exit
                    }
                });
                rt.addShutdownHook(cleanup);
                System.out.printf(Locale.ROOT, "generated %s: %,d bytes in %.1f s, SHA-256 %s%n", file.path(),
                        file.size(), (System.nanoTime() - g0) / 1e9, HexFormat.of().formatHex(file.sha256()));
                for (String protocol : o.protocols()) {
                    fileResults.add(fileCase(o, protocol, file, credentials, defaults, tunedSend, tunedReceive,
                            defaultLabel, tunedLabel));
                }
            }
            for (String protocol : o.messageProtocols()) {
                boolean tls = protocol.equals("tls");
                if (!o.parts().contains("seq") && !o.parts().contains("pipe")) {
                    break;
                }
                try (RawLink raw = RawLink.connect(tls, credentials, false);
                        SessionLink pair = SessionLink.direct(tls, credentials, defaults, defaults)) {
                    if (o.parts().contains("seq")) {
                        SessionSettings platform = defaults.toBuilder()
                                .threadFactory(Thread.ofPlatform().daemon().factory()).build();
                        try (SessionLink platformPair = SessionLink.direct(tls, credentials, platform, platform)) {
                            seqResults.add(seqCase(o, protocol, raw, pair, platformPair));
                        }
                    }
                    if (o.parts().contains("pipe")) {
                        pipeResults.add(pipeCase(o, protocol, raw, pair));
                    }
                }
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file.path());
                if (cleanup != null) {
                    rt.removeShutdownHook(cleanup);
                }
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        printTable(o, fileResults, seqResults, pipeResults, file);
        System.out.printf(Locale.ROOT, "max heap %d MiB; peak use per heap pool: %s; %d GCs in all%n",
                rt.maxMemory() >> 20, Meter.heapPeaks(), Meter.gcCount());
        System.out.printf(Locale.ROOT, "run time %.0f s; loadavg at end: %s%n", elapsed, Meter.loadAverage());
    }

    private static Series[] fileCase(Options o, String protocol, TestFile f, TlsCredentials credentials,
            SessionSettings defaults, SessionSettings tunedSend, SessionSettings tunedReceive, String defaultLabel,
            String tunedLabel) throws Exception {
        boolean tls = protocol.equals("tls");
        List<String> kinds = o.fileVariants();
        try (RawLink raw = kinds.contains("raw") ? RawLink.connect(tls, credentials, false) : null;
                RawLink rawReadAhead = tls && kinds.contains("raw-ra") ? RawLink.connect(true, credentials, true)
                        : null;
                SessionLink def = kinds.contains("default") ? SessionLink.direct(tls, credentials, defaults, defaults)
                        : null;
                SessionLink tuned = kinds.contains("tuned")
                        ? SessionLink.direct(tls, credentials, tunedSend, tunedReceive) : null) {
            String p = protocol.toUpperCase(Locale.ROOT);
            System.out.printf(Locale.ROOT, "%s file transfers%s%n", p, raw == null || raw.tlsInfo().isEmpty() ? ""
                    : " (raw TLS: " + raw.tlsInfo() + "; the sessions use the same TlsContexts)");
            Series[] all = new Series[4];
            Variant[] variants = new Variant[4];
            if (raw != null) {
                all[0] = new Series(p, digesting ? "raw socket copy, rx SHA-256" : "raw socket copy", f.size());
                variants[0] = (bytes, sha) -> rawFile(raw, f, bytes, sha);
            }
            if (def != null) {
                all[1] = new Series(p, defaultLabel, f.size());
                variants[1] = (bytes, sha) -> msrpFile(def, f, bytes, sha);
            }
            if (tuned != null) {
                all[2] = new Series(p, tunedLabel, f.size());
                variants[2] = (bytes, sha) -> msrpFile(tuned, f, bytes, sha);
            }
            if (rawReadAhead != null) {
                all[3] = new Series(p, "(raw TLS copy over ReadAheadSocket)", f.size());
                variants[3] = (bytes, sha) -> rawFile(rawReadAhead, f, bytes, sha);
            }
            String[] names = {"raw", "default", "tuned", "raw-ra"};
            for (int w = 0; w < o.warmupRounds() && f.warmupBytes() > 0; w++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  warm-up %d (%d MiB):", w + 1,
                        f.warmupBytes() / MIB));
                for (int v = 0; v < variants.length; v++) {
                    if (variants[v] != null) {
                        Sample s = variants[v].run(f.warmupBytes(), f.warmupSha256());
                        line.append(String.format(Locale.ROOT, "  %s %,.1f MB/s", names[v],
                                f.warmupBytes() / s.seconds() / 1e6));
                    }
                }
                System.out.println(line);
            }
            for (int r = 0; r < o.rounds(); r++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d:", r + 1));
                for (int k = 0; k < variants.length; k++) {
                    int v = r % 2 == 0 ? k : variants.length - 1 - k;
                    if (variants[v] != null) {
                        all[v].samples.add(variants[v].run(f.size(), f.sha256()));
                    }
                }
                for (int v = 0; v < all.length; v++) {
                    if (all[v] != null) {
                        Sample last = all[v].samples.get(all[v].samples.size() - 1);
                        line.append(String.format(Locale.ROOT, "  %s %,.1f MB/s", names[v],
                                f.size() / last.seconds() / 1e6));
                    }
                }
                System.out.println(line);
            }
            return all;
        }
    }

    private static Series[] seqCase(Options o, String protocol, RawLink raw, SessionLink pair, SessionLink platformPair)
            throws Exception {
        String p = protocol.toUpperCase(Locale.ROOT);
        MsrpChunk sample = textChunk(pair.sender());
        int requestSize = sample.encode().length;
        MsrpChunk response = pair.receiver().transport().makeResponse(sample, 200, "OK");
        int replySize = response.encode().length;
        Series sRaw = new Series(p, String.format(Locale.ROOT, "raw ping-pong %d B / %d B", requestSize, replySize),
                o.seqCount());
        Series sMsrp = new Series(p, "msrp deliverChunk, 100 B body", o.seqCount());
        Series sPlatform = new Series(p, "(raw ping-pong, platform threads)", o.seqCount());
        Series sMsrpPlatform = new Series(p, "(msrp, platform threads)", o.seqCount());
        Series sHandOff = new Series(p, "(raw, replies via a reader thread)", o.seqCount());
        if (o.seqWarmup() > 0) {
            rawSequential(raw, o.seqWarmup(), requestSize, replySize, true);
            msrpSequential(pair, o.seqWarmup(), true);
            rawSequential(raw, o.seqWarmup(), requestSize, replySize, false);
            msrpSequential(platformPair, o.seqWarmup(), false);
            rawSequentialHandOff(raw, o.seqWarmup(), requestSize, replySize);
        }
        for (int r = 0; r < o.rounds(); r++) {
            if (r % 2 == 0) {
                sRaw.samples.add(rawSequential(raw, o.seqCount(), requestSize, replySize, true));
                sMsrp.samples.add(msrpSequential(pair, o.seqCount(), true));
                sPlatform.samples.add(rawSequential(raw, o.seqCount(), requestSize, replySize, false));
                sMsrpPlatform.samples.add(msrpSequential(platformPair, o.seqCount(), false));
                sHandOff.samples.add(rawSequentialHandOff(raw, o.seqCount(), requestSize, replySize));
            } else {
                sHandOff.samples.add(rawSequentialHandOff(raw, o.seqCount(), requestSize, replySize));
                sMsrpPlatform.samples.add(msrpSequential(platformPair, o.seqCount(), false));
                sPlatform.samples.add(rawSequential(raw, o.seqCount(), requestSize, replySize, false));
                sMsrp.samples.add(msrpSequential(pair, o.seqCount(), true));
                sRaw.samples.add(rawSequential(raw, o.seqCount(), requestSize, replySize, true));
            }
            System.out.printf(Locale.ROOT, "  %s sequential round %d: raw %,.0f rt/s  msrp %,.0f rt/s  (on platform"
                    + " threads: raw %,.0f rt/s, msrp %,.0f rt/s; raw with a reader thread %,.0f rt/s)%n", p, r + 1,
                    o.seqCount() / sRaw.samples.get(r).seconds(), o.seqCount() / sMsrp.samples.get(r).seconds(),
                    o.seqCount() / sPlatform.samples.get(r).seconds(),
                    o.seqCount() / sMsrpPlatform.samples.get(r).seconds(),
                    o.seqCount() / sHandOff.samples.get(r).seconds());
        }
        return new Series[] {sRaw, sMsrp, sPlatform, sMsrpPlatform, sHandOff};
    }

    private static Series[] pipeCase(Options o, String protocol, RawLink raw, SessionLink pair) throws Exception {
        String p = protocol.toUpperCase(Locale.ROOT);
        Batch batch = Batch.of(pair.sender(), SessionBench::textChunk);
        Series sRaw = new Series(p, String.format(Locale.ROOT, "raw one-way stream of the %d B SENDs",
                batch.chunkSize()), o.pipeCount());
        Series sMsrp = new Series(p, String.format(Locale.ROOT, "msrp sendChunk, window %d", o.pipeWindow()),
                o.pipeCount());
        if (o.pipeWarmup() > 0) {
            SessionWorkload.rawStream(raw, o.pipeWarmup(), batch);
            msrpPipelined(pair, o.pipeWarmup(), o.pipeWindow());
        }
        for (int r = 0; r < o.rounds(); r++) {
            if (r % 2 == 0) {
                sRaw.samples.add(SessionWorkload.rawStream(raw, o.pipeCount(), batch));
                sMsrp.samples.add(msrpPipelined(pair, o.pipeCount(), o.pipeWindow()));
            } else {
                sMsrp.samples.add(msrpPipelined(pair, o.pipeCount(), o.pipeWindow()));
                sRaw.samples.add(SessionWorkload.rawStream(raw, o.pipeCount(), batch));
            }
            System.out.printf(Locale.ROOT, "  %s pipelined round %d: raw %,.0f msgs/s  msrp %,.0f msgs/s%n", p, r + 1,
                    o.pipeCount() / sRaw.samples.get(r).seconds(), o.pipeCount() / sMsrp.samples.get(r).seconds());
        }
        return new Series[] {sRaw, sMsrp};
    }

    // ------------------------------------------------------------------ the table

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void printTable(Options o, List<Series[]> files, List<Series[]> seq, List<Series[]> pipe,
            TestFile f) {
        System.out.println();
        System.out.println("mean ± sample stdev (min..max) over " + o.rounds() + " measured rounds; CPU = process CPU"
                + " time / wall time (200% = both cores); GCs per round; ratio = mean msrp / mean raw");
        List<String> goals = new ArrayList<>();
        if (!files.isEmpty()) {
            System.out.println();
            System.out.printf(Locale.ROOT, "File transfer, %,d bytes (%d MiB); MB = 10^6 bytes; K = SessionSettings"
                    + ".fileChunkSize, w = window, seg = the receiver's readSegmentSize%n", f.size(), f.size() / MIB);
            if (digesting) {
                System.out.printf(Locale.ROOT, "SHA-256 check: all %d transfers matched on the receiving side the"
                        + " digest computed when the file was written (%s; warm-ups: that of the first %d MiB)%n",
                        verified, HexFormat.of().formatHex(f.sha256()), f.warmupBytes() / MIB);
            } else {
                System.out.println("--no-digest: receivers counted bytes only, no SHA-256");
            }
            String h = String.format(Locale.ROOT, "%-5s %-46s %10s %8s %17s %6s %5s %7s", "proto", "variant", "MB/s",
                    "±", "min..max", "CPU", "GCs", "ratio");
            System.out.println(h);
            System.out.println("-".repeat(h.length()));
            for (Series[] c : files) {
                Series raw = c[0];
                for (Series s : c) {
                    if (s == null) {
                        continue;
                    }
                    System.out.println(String.format(Locale.ROOT, "%-5s %-46s %,10.1f %,8.1f %17s %5.0f%% %5.1f %7s",
                            s.protocol, s.label, s.mean() / 1e6, s.stats().stdev() / 1e6,
                            String.format(Locale.ROOT, "%,.0f..%,.0f", s.stats().min() / 1e6, s.stats().max() / 1e6),
                            s.cpuPercent(),
                            s.gcsPerRound(), s == raw || raw == null ? ""
                                    : String.format(Locale.ROOT, "%.3f", s.mean() / raw.mean())));
                }
                for (int v = 1; v < 3 && raw != null; v++) {
                    if (c[v] != null) {
                        double ratio = c[v].mean() / raw.mean();
                        goals.add(String.format(Locale.ROOT, "goal file >= 0.7 x raw %s, %s: %.3f %s", raw.protocol,
                                v == 1 ? "defaults" : "tuned", ratio, verdict(ratio >= 0.7)));
                    }
                }
            }
        }
        if (!seq.isEmpty()) {
            System.out.println();
            System.out.println("Sequential small messages: one request in flight; latency of each call (msrp: the "
                    + "deliverChunk call; raw: write + read of the reply); ratio = msrp / raw, both on virtual or both "
                    + "on platform threads");
            String h = String.format(Locale.ROOT, "%-5s %-36s %10s %8s %17s %8s %8s %8s %6s %5s %7s", "proto",
                    "variant", "rt/s", "±", "min..max", "p50 µs", "p99 µs", "p99.9", "CPU", "GCs", "ratio");
            System.out.println(h);
            System.out.println("-".repeat(h.length()));
            for (Series[] c : seq) {
                for (Series s : c) {
                    System.out.println(String.format(Locale.ROOT,
                            "%-5s %-36s %,10.0f %,8.0f %17s %8.1f %8.1f %8.1f %5.0f%% %5.1f %7s", s.protocol, s.label,
                            s.mean(), s.stats().stdev(),
                            String.format(Locale.ROOT, "%,.0f..%,.0f", s.stats().min(), s.stats().max()),
                            s.percentileMicros(50), s.percentileMicros(99), s.percentileMicros(99.9), s.cpuPercent(),
                            s.gcsPerRound(), s == c[1] ? String.format(Locale.ROOT, "%.3f", s.mean() / c[0].mean())
                                    : s == c[3] ? String.format(Locale.ROOT, "%.3f", s.mean() / c[2].mean()) : ""));
                }
                goals.add(String.format(Locale.ROOT, "goal sequential >= 20,000 rt/s %s: %,.0f %s", c[1].protocol,
                        c[1].mean(), verdict(c[1].mean() >= 20_000)));
                goals.add(String.format(Locale.ROOT, "     (with platform threads, SessionSettings.threadFactory, %s: "
                        + "%,.0f %s)", c[3].protocol, c[3].mean(), verdict(c[3].mean() >= 20_000)));
            }
        }
        if (!pipe.isEmpty()) {
            System.out.println();
            System.out.println("Pipelined small messages: msgs/s from the first send to the receiver's N-th arrival");
            String h = String.format(Locale.ROOT, "%-5s %-36s %12s %10s %23s %6s %5s %7s", "proto", "variant",
                    "msgs/s", "±", "min..max", "CPU", "GCs", "ratio");
            System.out.println(h);
            System.out.println("-".repeat(h.length()));
            for (Series[] c : pipe) {
                for (Series s : c) {
                    System.out.println(String.format(Locale.ROOT, "%-5s %-36s %,12.0f %,10.0f %23s %5.0f%% %5.1f %7s",
                            s.protocol, s.label, s.mean(), s.stats().stdev(),
                            String.format(Locale.ROOT, "%,.0f..%,.0f", s.stats().min(), s.stats().max()),
                            s.cpuPercent(), s.gcsPerRound(),
                            s == c[0] ? "" : String.format(Locale.ROOT, "%.3f", s.mean() / c[0].mean())));
                }
                goals.add(String.format(Locale.ROOT, "goal pipelined >= 200,000 msgs/s %s: %,.0f %s", c[1].protocol,
                        c[1].mean(), verdict(c[1].mean() >= 200_000)));
            }
        }
        System.out.println();
        goals.forEach(System.out::println);
    }
}
