package org.msrp4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Option;
import org.msrp4j.bench.harness.OptionParser;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.file.FileTransferListener;
import org.msrp4j.file.FileTransferSettings;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.file.TransferResult;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.IncomingMessage;
import org.msrp4j.session.MessageAssembler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/**
 * The RFC 5547 file transfer stream's throughput beside {@link MsrpSession#sendFile} in the same
 * run, on 127.0.0.1 over TCP, both writing the file to disk on the receiving side: <b>sendFile</b>
 * is a session pair whose receiver puts the message into a file with {@link
 * MessageAssembler#toDirectory}; <b>stream</b> is a {@link FileTransferStream} push answered by
 * another, which also hashes (SHA-1 and SHA-256) as the bytes arrive and verifies before moving the
 * file into place. The sender's hashing before the offer is outside the timed part, as the offer
 * waits for it. Rounds alternate the two; the goal is stream ≥ 0.95 × sendFile. Meant to run with
 * {@code -Xmx64m}, which shows that both stream from and to disk. Beside the time each prints the
 * CPU time the process used for it, which a loaded machine disturbs less: what the stream adds.
 *
 * <p>Usage: {@code java -Xmx64m -cp benchmarks.jar org.msrp4j.bench.FileStreamBench --file-mib=N --rounds=N}
 * (defaults 1024 and 3; {@code --help} lists the options); the files go to {@code java.io.tmpdir} and
 * are deleted at the end.
 */
public final class FileStreamBench {

    private FileStreamBench() {
    }

    /** Runs the bench; see the class comment. */
    public static void main(String[] args) throws Exception {
        OptionParser parser = new OptionParser("FileStreamBench");
        Option<Long> fileMib = parser.longOption("file-mib", "N", 1024L, 1, "file size in MiB");
        Option<Integer> roundCount = parser.intOption("rounds", "N", 3, 1, "rounds, each moving the file both ways");
        long[] sizeAndRounds = parser.parseOrExit(args, a -> new long[] {a.get(fileMib) << 20, a.get(roundCount)});
        long size = sizeAndRounds[0];
        int rounds = (int) sizeAndRounds[1];
        Path dir = Files.createTempDirectory("msrp4j-file-bench");
        try {
            Path file = randomFile(dir.resolve("source.bin"), size);
            double[] raw = new double[rounds];
            double[] stream = new double[rounds];
            double[] rawCpu = new double[rounds];
            double[] streamCpu = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Path rawDir = Files.createDirectories(dir.resolve("raw-" + r));
                Path streamDir = Files.createDirectories(dir.resolve("stream-" + r));
                if (r % 2 == 0) {
                    raw[r] = timed(() -> sendFile(file, rawDir), rawCpu, r);
                    stream[r] = timed(() -> stream(file, streamDir), streamCpu, r);
                } else {
                    stream[r] = timed(() -> stream(file, streamDir), streamCpu, r);
                    raw[r] = timed(() -> sendFile(file, rawDir), rawCpu, r);
                }
                System.out.printf(Locale.ROOT, "round %d: sendFile %.1f MB/s (CPU %.2f s), stream %.1f MB/s"
                        + " (CPU %.2f s)%n", r + 1, mbps(size, raw[r]), rawCpu[r], mbps(size, stream[r]), streamCpu[r]);
            }
            double bestRaw = Stats.of(raw).min();
            double bestStream = Stats.of(stream).min();
            double ratio = bestRaw / bestStream;
            System.out.printf(Locale.ROOT, "%d MiB, best of %d: sendFile %.1f MB/s, stream %.1f MB/s, ratio %.3f"
                    + " (goal >= 0.95: %s); CPU, least of %d: sendFile %.2f s, stream %.2f s (x%.2f);"
                    + " heap max %d MiB%n",
                    size >> 20, rounds, mbps(size, bestRaw), mbps(size, bestStream), ratio,
                    ratio >= 0.95 ? "met" : "NOT met", rounds, Stats.of(rawCpu).min(), Stats.of(streamCpu).min(),
                    Stats.of(streamCpu).min() / Stats.of(rawCpu).min(), Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** One transfer, returning its seconds. */
    @FunctionalInterface
    private interface Transfer {
        double run() throws Exception;
    }

    /** Runs {@code transfer}; returns its seconds and puts the process's CPU seconds for it in {@code cpu[round]}. */
    private static double timed(Transfer transfer, double[] cpu, int round) throws Exception {
        long before = Meter.processCpuNanos();
        double seconds = transfer.run();
        cpu[round] = (Meter.processCpuNanos() - before) / 1e9;
        return seconds;
    }

    private static double mbps(long bytes, double seconds) {
        return bytes / 1e6 / seconds;
    }

    private static Path randomFile(Path path, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        ByteBuffer block = ByteBuffer.allocate(1024 * 1024);
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long left = size;
            while (left > 0) {
                block.clear();
                while (block.hasRemaining()) {
                    block.putLong(random.nextLong());
                }
                block.flip().limit((int) Math.min(block.capacity(), left));
                left -= out.write(block);
            }
        }
        return path;
    }

    /** Seconds for {@link MsrpSession#sendFile} to a session writing the message to a file. */
    private static double sendFile(Path file, Path downloads) throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect();
        List<MsrpUri> passivePath = acceptor.prepare(null);
        ConnectorDirect connector = new ConnectorDirect();
        List<MsrpUri> activePath = connector.prepare(null);
        CompletableFuture<MsrpTransport> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return acceptor.complete(activePath);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        MsrpTransport active = connector.complete(passivePath);
        MsrpTransport passive = accepted.get(60, TimeUnit.SECONDS);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try (MessageAssembler assembler = MessageAssembler.toDirectory(downloads);
                MsrpSession receiver = MsrpSession.start(passive, SessionSettings.DEFAULT, chunk -> take(assembler,
                        chunk, done));
                MsrpSession sender = MsrpSession.start(active, SessionSettings.DEFAULT, chunk -> { })) {
            long start = System.nanoTime();
            OutgoingFile f = OutgoingFile.of(file, "application/octet-stream");
            sender.sendFile(f);
            done.get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            f.completion().get(60, TimeUnit.SECONDS);
            return seconds;
        }
    }

    private static void take(MessageAssembler assembler, MsrpChunk chunk, CompletableFuture<Void> done) {
        try {
            IncomingMessage m = assembler.accept(chunk);
            if (m.isComplete()) {
                done.complete(null);
            }
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** Seconds for a {@link FileTransferStream} push, from {@code start} to the verified file. */
    private static double stream(Path file, Path downloads) throws Exception {
        FileTransferSettings settings = FileTransferSettings.builder().downloadDirectory(downloads).build();
        FileTransferStream sender = FileTransferStream.push(file, settings, new FileTransferListener() { });
        FileTransferStream receiver = FileTransferStream.answerer(null, settings, new FileTransferListener() { });
        MsrpMedia offer = sender.initialize();
        MsrpMedia answer = receiver.initialize(offer);
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                receiver.start(offer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        long start = System.nanoTime();
        sender.start(answer);
        started.get(60, TimeUnit.SECONDS);
        TransferResult got = receiver.result().get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        sender.result().get(60, TimeUnit.SECONDS);
        CompletableFuture.allOf(sender.end(), receiver.end()).get(60, TimeUnit.SECONDS);
        if (got.size() != Files.size(file)) {
            throw new IllegalStateException("the stream moved " + got.size() + " bytes of " + Files.size(file));
        }
        return seconds;
    }
}
