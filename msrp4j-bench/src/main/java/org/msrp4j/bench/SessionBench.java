package org.msrp4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Option;
import org.msrp4j.bench.harness.OptionParser;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionOptions;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.MsrpTransport;

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
 *       (binding SEND, TLS handshake), once with {@link SessionOptions#DEFAULT} and once tuned
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
 *       org.msrp4j.session.SessionOptions#threadFactory() platform threads} for the sessions and the
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
    private static final int RAW_BLOCK = 64 * 1024;
    private static final int MIB = 1024 * 1024;
    private static final long WAIT_SECONDS = 300;
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

    /** One timed run: wall seconds, process CPU seconds, GCs, and (small messages) latencies in ns. */
    private record Sample(double seconds, double cpuSeconds, long gcs, long[] latencies) {
    }

    private static Sample sample(Meter.Reading r, long[] latencies) {
        return new Sample(r.seconds(), r.cpuSeconds(), r.gcs(), latencies);
    }

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

    // ------------------------------------------------------------------ raw connections

    private record RawConn(Socket sender, Socket receiver, String tlsInfo) implements AutoCloseable {

        @Override
        public void close() {
            for (Socket s : new Socket[] {sender, receiver}) {
                try {
                    s.close();
                } catch (IOException e) {
                    // end of the run
                }
            }
        }
    }

    private static RawConn rawConnect(boolean tls, TlsCredentials credentials) throws Exception {
        return rawConnect(tls, credentials, false);
    }

    /** As above; with {@code readAhead}, TLS is layered on {@link ReadAheadSocket}s as the connectors do. */
    private static RawConn rawConnect(boolean tls, TlsCredentials credentials, boolean readAhead) throws Exception {
        Socket client = readAhead ? new ReadAheadSocket() : new Socket();
        Socket accepted;
        try (ServerSocket listener = readAhead ? ReadAheadSocket.newServerSocket() : new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 5000);
            accepted = listener.accept();
        }
        if (readAhead) {
            ((ReadAheadSocket) client).enableReadAhead();
            ((ReadAheadSocket) accepted).enableReadAhead();
        }
        client.setTcpNoDelay(true);
        accepted.setTcpNoDelay(true);
        if (!tls) {
            return new RawConn(client, accepted, "");
        }
        SSLContext serverCtx = TlsContexts.server(credentials);
        SSLContext clientCtx = TlsContexts.client();
        SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket(client, "127.0.0.1", client.getPort(),
                true);
        SSLSocket s = (SSLSocket) serverCtx.getSocketFactory().createSocket(accepted, null, accepted.getLocalPort(),
                true);
        c.setUseClientMode(true);
        s.setUseClientMode(false);
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                s.startHandshake();
            } catch (IOException e) {
                failed.set(e);
            }
        });
        c.startHandshake();
        t.join();
        if (failed.get() != null) {
            throw failed.get();
        }
        return new RawConn(c, s, c.getSession().getProtocol() + " " + c.getSession().getCipherSuite());
    }

    // ------------------------------------------------------------------ session pairs

    /**
     * What the receiving session's handler does: one task at a time, set before the sender starts
     * (a volatile write the reader thread sees at its next chunk).
     */
    private static final class Receiver implements IncomingHandler {
        volatile Task task;

        @Override
        public void onChunk(MsrpChunk chunk) {
            Task t = task;
            if (t == null || !"SEND".equals(chunk.method())) {
                return;
            }
            try {
                t.onChunk(chunk);
            } catch (Throwable e) {
                t.fail(e);
            }
        }

        @Override
        public void onError(IOException e) {
            Task t = task;
            if (t != null) {
                t.fail(e);
            }
        }
    }

    private abstract static class Task {
        /** Completes with the System.nanoTime() of the last expected arrival. */
        final CompletableFuture<Long> done = new CompletableFuture<>();

        abstract void onChunk(MsrpChunk chunk) throws Exception;

        void fail(Throwable e) {
            done.completeExceptionally(e);
        }

        long await() throws Exception {
            return done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Digests one incoming file, checking that the Byte-Ranges follow each other. */
    private static final class FileTask extends Task {
        final String messageId;
        final long total;
        final MessageDigest md = sha256();
        long next = 1;
        byte[] digest;

        FileTask(String messageId, long total) {
            this.messageId = messageId;
            this.total = total;
        }

        @Override
        void onChunk(MsrpChunk chunk) {
            if (!messageId.equals(chunk.messageId())) {
                throw new IllegalStateException("a chunk of another message: " + chunk);
            }
            ByteRange r = chunk.byteRange();
            byte[] data = chunk.data();
            if (r == null || r.start() != next || r.total() != total) {
                throw new IllegalStateException("expected bytes from " + next + " of " + total + ", got " + r);
            }
            if (digesting) {
                md.update(data);
            }
            next += data.length;
            if (next - 1 > total) {
                throw new IllegalStateException("more than " + total + " bytes");
            }
            if (next - 1 == total && !chunk.hasMoreSegments()) {
                if (chunk.continuation() != Continuation.END) {
                    throw new IllegalStateException("the last chunk is not flagged $: " + chunk);
                }
                long now = System.nanoTime();
                digest = md.digest();
                done.complete(now);
            }
        }
    }

    /** Counts incoming small messages; done at the {@code expected}-th. */
    private static final class CountTask extends Task {
        final int expected;
        final int bodyLength;
        int seen;

        CountTask(int expected, int bodyLength) {
            this.expected = expected;
            this.bodyLength = bodyLength;
        }

        @Override
        void onChunk(MsrpChunk chunk) {
            if (chunk.data().length != bodyLength) {
                throw new IllegalStateException("a message of " + chunk.data().length + " bytes: " + chunk);
            }
            if (++seen == expected) {
                done.complete(System.nanoTime());
            }
        }
    }

    /** A sending and a receiving session over one connection made by the connectors. */
    private record Pair(MsrpSession sender, MsrpSession receiver, Receiver handler, SessionOptions options)
            implements AutoCloseable {

        @Override
        public void close() {
            sender.close();
            receiver.close();
        }
    }

    private static Pair sessionPair(boolean tls, TlsCredentials credentials, SessionOptions sendOptions,
            SessionOptions receiveOptions) throws Exception {
        ConnectSettings acceptorSettings = ConnectSettings.builder().tlsCredentials(credentials).build();
        AcceptorDirect acceptor = new AcceptorDirect(acceptorSettings);
        ConnectorDirect connector = new ConnectorDirect();
        List<MsrpUri> acceptorPath = acceptor.prepare(MsrpUri.builder().host("127.0.0.1").port(0).useTls(tls).build());
        List<MsrpUri> connectorPath = connector.prepare(MsrpUri.builder().host("127.0.0.1").useTls(tls).build());
        CompletableFuture<MsrpTransport> accepted = new CompletableFuture<>();
        Thread.ofVirtual().name("bench-accept").start(() -> {
            try {
                accepted.complete(acceptor.complete(connectorPath));
            } catch (Throwable e) {
                accepted.completeExceptionally(e);
            }
        });
        MsrpTransport connected = connector.complete(acceptorPath);
        MsrpTransport acceptedTransport = accepted.get(60, TimeUnit.SECONDS);
        Receiver handler = new Receiver();
        MsrpSession receiver = MsrpSession.start(acceptedTransport, receiveOptions, handler);
        MsrpSession sender = MsrpSession.start(connected, sendOptions, chunk -> { });
        return new Pair(sender, receiver, handler, sendOptions);
    }

    // ------------------------------------------------------------------ file rounds

    private interface Body {
        void run() throws Exception;
    }

    /** Starts {@code body} on a virtual thread; the returned future fails with what it throws. */
    private static CompletableFuture<Void> virtual(String name, Body body) {
        return start(true, name, body);
    }

    /** Starts {@code body} on a virtual or platform thread; the future fails with what it throws. */
    private static CompletableFuture<Void> start(boolean virtualThread, String name, Body body) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        (virtualThread ? Thread.ofVirtual() : Thread.ofPlatform()).name(name).start(() -> {
            try {
                body.run();
                f.complete(null);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static void checkDigest(String what, byte[] expected, byte[] actual) {
        if (!digesting) {
            return;
        }
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(what + ": SHA-256 differs: sent " + HexFormat.of().formatHex(expected)
                    + ", received " + (actual == null ? "nothing" : HexFormat.of().formatHex(actual)));
        }
    }

    private static int verified;

    private static Sample rawFile(RawConn c, TestFile f, long bytes, byte[] expected) throws Exception {
        OutputStream out = c.sender().getOutputStream();
        InputStream in = c.receiver().getInputStream();
        long[] end = new long[1];
        byte[][] digest = new byte[1][];
        CompletableFuture<Void> rx = virtual("raw-rx", () -> {
            MessageDigest md = sha256();
            byte[] buf = new byte[RAW_BLOCK];
            long left = bytes;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("raw peer closed with " + left + " bytes to come");
                }
                if (digesting) {
                    md.update(buf, 0, n);
                }
                left -= n;
            }
            end[0] = System.nanoTime();
            digest[0] = md.digest();
        });
        Thread.sleep(20); // let the receiver block in its first read
        Meter meter = Meter.start();
        CompletableFuture<Void> tx = virtual("raw-tx", () -> {
            try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
                byte[] buf = new byte[RAW_BLOCK];
                ByteBuffer bb = ByteBuffer.wrap(buf);
                long left = bytes;
                while (left > 0) {
                    bb.clear().limit((int) Math.min(buf.length, left));
                    while (bb.hasRemaining()) {
                        if (ch.read(bb) < 0) {
                            throw new IOException("the file ended early");
                        }
                    }
                    out.write(buf, 0, bb.position());
                    left -= bb.position();
                }
                out.flush();
            }
        });
        tx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        rx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Sample s = sample(meter.stop(end[0]), new long[0]);
        checkDigest("raw transfer", expected, digest[0]);
        verified += digesting ? 1 : 0;
        return s;
    }

    private static Sample msrpFile(Pair p, TestFile f, long bytes, byte[] expected) throws Exception {
        // the whole file as an application sends it; a warm-up sends the first bytes of it
        OutgoingFile file = bytes == f.size() ? OutgoingFile.of(f.path(), FILE_TYPE)
                : new OutgoingFile(FileChannel.open(f.path(), StandardOpenOption.READ), bytes, FILE_TYPE, 0, null);
        FileTask task = new FileTask(file.messageId(), bytes);
        p.handler().task = task;
        Meter meter = Meter.start();
        p.sender().sendFile(file);
        long end = task.await();
        Sample s = sample(meter.stop(end), new long[0]);
        file.completion().get(WAIT_SECONDS, TimeUnit.SECONDS);
        p.handler().task = null;
        checkDigest("msrp transfer", expected, task.digest);
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

    private static Sample msrpSequential(Pair p, int n, boolean virtualThread) throws Exception {
        CountTask task = new CountTask(n, TEXT.length);
        p.handler().task = task;
        long[] lat = new long[n];
        long[] end = new long[1];
        Meter meter = Meter.start();
        start(virtualThread, "seq-tx", () -> {
            MsrpSession s = p.sender();
            for (int i = 0; i < n; i++) {
                MsrpChunk c = textChunk(s);
                long t0 = System.nanoTime();
                MsrpChunk response = s.deliverChunk(c);
                long t1 = System.nanoTime();
                lat[i] = t1 - t0;
                if (response == null || response.code() != 200) {
                    throw new IllegalStateException("response " + response);
                }
            }
            end[0] = System.nanoTime();
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Sample sample = sample(meter.stop(end[0]), lat);
        task.await();
        p.handler().task = null;
        return sample;
    }

    private static Sample msrpPipelined(Pair p, int n, int window) throws Exception {
        CountTask task = new CountTask(n, TEXT.length);
        p.handler().task = task;
        Semaphore room = new Semaphore(window);
        int[] failures = new int[1];
        Meter meter = Meter.start();
        CompletableFuture<Void> tx = virtual("pipe-tx", () -> {
            MsrpSession s = p.sender();
            for (int i = 0; i < n; i++) {
                room.acquire();
                s.sendChunk(textChunk(s), response -> {
                    if (response.code() != 200) {
                        failures[0]++;
                    }
                    room.release();
                });
            }
        });
        long end = task.await();
        Sample sample = sample(meter.stop(end), new long[0]);
        tx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (!room.tryAcquire(window, WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pipelined responses missing");
        }
        if (failures[0] > 0) {
            throw new IllegalStateException(failures[0] + " pipelined messages were not answered 200");
        }
        p.handler().task = null;
        return sample;
    }

    private static void readFully(InputStream in, byte[] buf, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int n = in.read(buf, off, len - off);
            if (n < 0) {
                throw new IOException("raw peer closed");
            }
            off += n;
        }
    }

    /** The far side of a raw ping-pong: reads {@code n} requests, answering each with a reply. */
    private static CompletableFuture<Void> rawServer(RawConn c, int n, int requestSize, int replySize,
            boolean virtualThreads) throws IOException {
        OutputStream sOut = c.receiver().getOutputStream();
        InputStream sIn = c.receiver().getInputStream();
        byte[] reply = new byte[replySize];
        Arrays.fill(reply, (byte) 'r');
        return start(virtualThreads, "raw-server", () -> {
            byte[] buf = new byte[requestSize];
            for (int i = 0; i < n; i++) {
                readFully(sIn, buf, requestSize);
                sOut.write(reply);
                sOut.flush();
            }
        });
    }

    private static byte[] rawRequest(int requestSize) {
        byte[] request = new byte[requestSize];
        Arrays.fill(request, (byte) 'q');
        return request;
    }

    private static Sample rawSequential(RawConn c, int n, int requestSize, int replySize, boolean virtualThreads)
            throws Exception {
        OutputStream cOut = c.sender().getOutputStream();
        InputStream cIn = c.sender().getInputStream();
        byte[] request = rawRequest(requestSize);
        CompletableFuture<Void> server = rawServer(c, n, requestSize, replySize, virtualThreads);
        long[] lat = new long[n];
        long[] end = new long[1];
        Meter meter = Meter.start();
        start(virtualThreads, "raw-client", () -> {
            byte[] buf = new byte[replySize];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                cOut.write(request);
                cOut.flush();
                readFully(cIn, buf, replySize);
                lat[i] = System.nanoTime() - t0;
            }
            end[0] = System.nanoTime();
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Sample s = sample(meter.stop(end[0]), lat);
        server.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return s;
    }

    /**
     * {@link #rawSequential} on virtual threads with the client's replies read by a thread of
     * their own that hands each to the waiting caller (three wake-ups per round trip, not two).
     */
    private static Sample rawSequentialHandOff(RawConn c, int n, int requestSize, int replySize) throws Exception {
        OutputStream cOut = c.sender().getOutputStream();
        InputStream cIn = c.sender().getInputStream();
        byte[] request = rawRequest(requestSize);
        CompletableFuture<Void> server = rawServer(c, n, requestSize, replySize, true);
        Semaphore replies = new Semaphore(0);
        CompletableFuture<Void> reader = start(true, "raw-client-reader", () -> {
            byte[] buf = new byte[replySize];
            for (int i = 0; i < n; i++) {
                readFully(cIn, buf, replySize);
                replies.release();
            }
        });
        long[] lat = new long[n];
        long[] end = new long[1];
        Meter meter = Meter.start();
        start(true, "raw-client", () -> {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                cOut.write(request);
                cOut.flush();
                replies.acquire();
                lat[i] = System.nanoTime() - t0;
            }
            end[0] = System.nanoTime();
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Sample s = sample(meter.stop(end[0]), lat);
        reader.get(WAIT_SECONDS, TimeUnit.SECONDS);
        server.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return s;
    }

    /** The encoded chunks of one ~64 KiB write, and how many chunks it holds. */
    private record Batch(byte[] bytes, int chunks, int chunkSize) {
    }

    private static Batch encodedBatch(MsrpSession s) {
        byte[] one = textChunk(s).encode();
        int k = Math.max(1, 64 * 1024 / one.length);
        byte[] all = new byte[k * one.length];
        for (int i = 0; i < k; i++) {
            System.arraycopy(textChunk(s).encode(), 0, all, i * one.length, one.length);
        }
        return new Batch(all, k, one.length);
    }

    private static Sample rawPipelined(RawConn c, int n, Batch batch) throws Exception {
        OutputStream out = c.sender().getOutputStream();
        InputStream in = c.receiver().getInputStream();
        long total = (long) n * batch.chunkSize();
        long[] end = new long[1];
        CompletableFuture<Void> rx = virtual("raw-rx", () -> {
            byte[] buf = new byte[RAW_BLOCK];
            long left = total;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw new IOException("raw peer closed");
                }
                left -= r;
            }
            end[0] = System.nanoTime();
        });
        Thread.sleep(20);
        Meter meter = Meter.start();
        virtual("raw-tx", () -> {
            int left = n;
            while (left > 0) {
                int k = Math.min(left, batch.chunks());
                out.write(batch.bytes(), 0, k * batch.chunkSize());
                left -= k;
            }
            out.flush();
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        rx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return sample(meter.stop(end[0]), new long[0]);
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
        SessionOptions defaults = SessionOptions.DEFAULT;
        SessionOptions tunedSend = SessionOptions.builder().fileChunkSize(o.tunedChunkSize()).window(o.tunedWindow())
                .build();
        SessionOptions tunedReceive = SessionOptions.builder().readSegmentSize(o.tunedSegmentSize()).build();
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
                try (RawConn raw = rawConnect(tls, credentials);
                        Pair pair = sessionPair(tls, credentials, defaults, defaults)) {
                    if (o.parts().contains("seq")) {
                        SessionOptions platform = defaults.toBuilder()
                                .threadFactory(Thread.ofPlatform().daemon().factory()).build();
                        try (Pair platformPair = sessionPair(tls, credentials, platform, platform)) {
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
            SessionOptions defaults, SessionOptions tunedSend, SessionOptions tunedReceive, String defaultLabel,
            String tunedLabel) throws Exception {
        boolean tls = protocol.equals("tls");
        List<String> kinds = o.fileVariants();
        try (RawConn raw = kinds.contains("raw") ? rawConnect(tls, credentials) : null;
                RawConn rawReadAhead = tls && kinds.contains("raw-ra") ? rawConnect(true, credentials, true) : null;
                Pair def = kinds.contains("default") ? sessionPair(tls, credentials, defaults, defaults) : null;
                Pair tuned = kinds.contains("tuned") ? sessionPair(tls, credentials, tunedSend, tunedReceive) : null) {
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

    private static Series[] seqCase(Options o, String protocol, RawConn raw, Pair pair, Pair platformPair)
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

    private static Series[] pipeCase(Options o, String protocol, RawConn raw, Pair pair) throws Exception {
        String p = protocol.toUpperCase(Locale.ROOT);
        Batch batch = encodedBatch(pair.sender());
        Series sRaw = new Series(p, String.format(Locale.ROOT, "raw one-way stream of the %d B SENDs",
                batch.chunkSize()), o.pipeCount());
        Series sMsrp = new Series(p, String.format(Locale.ROOT, "msrp sendChunk, window %d", o.pipeWindow()),
                o.pipeCount());
        if (o.pipeWarmup() > 0) {
            rawPipelined(raw, o.pipeWarmup(), batch);
            msrpPipelined(pair, o.pipeWarmup(), o.pipeWindow());
        }
        for (int r = 0; r < o.rounds(); r++) {
            if (r % 2 == 0) {
                sRaw.samples.add(rawPipelined(raw, o.pipeCount(), batch));
                sMsrp.samples.add(msrpPipelined(pair, o.pipeCount(), o.pipeWindow()));
            } else {
                sMsrp.samples.add(msrpPipelined(pair, o.pipeCount(), o.pipeWindow()));
                sRaw.samples.add(rawPipelined(raw, o.pipeCount(), batch));
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
            System.out.printf(Locale.ROOT, "File transfer, %,d bytes (%d MiB); MB = 10^6 bytes; K = SessionOptions"
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
                goals.add(String.format(Locale.ROOT, "     (with platform threads, SessionOptions.threadFactory, %s: "
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
