package org.msrp4j.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.bench.workload.RawLink;
import org.msrp4j.bench.workload.Sample;
import org.msrp4j.bench.workload.SessionLink;
import org.msrp4j.bench.workload.SessionWorkload;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.relay.RelayConfig;
import org.msrp4j.relay.RelayListener;
import org.msrp4j.relay.RelayUsers;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.TransportSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code msrp bench}: a reduced, in-process run of the loopback session bench's workload ({@link
 * SessionWorkload}, shared with {@code SessionBench} in {@code msrp4j-bench}): a session file
 * transfer against a raw socket copy of as many bytes, and
 * sequential small-message round trips against a raw socket ping-pong, each ratio taken from the
 * same run; with {@code --relay}, the file transfer also through an embedded {@link MsrpRelay}.
 * Everything stays in memory (no disk), in one JVM.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures msrp4j sessions against raw sockets on this machine (loopback, one JVM): "
                + "file transfer and small-message round trips, with their ratios.",
            "",
            "File: MsrpSession.sendFile of SIZE megabytes (64 KiB chunks, 1 MiB in flight) against a raw socket "
                    + "copy of as many bytes (64 KiB writes). Round trip: deliverChunk of 100-byte messages, one "
                    + "at a time, each waiting for its 200, against a raw 100-byte ping-pong, with median and "
                    + "99th percentile latency. With --relay, the file also goes through an embedded relay.",
            "",
            "All parts run once to warm up, then ROUNDS times in turn; the best round of each counts. This is a "
                    + "reduced version of the harness in msrp4j-bench (msrp4j-bench/run-session-bench.sh: 1 GiB files, "
                    + "pipelined messages, -Xmx64m, more rounds), meant for a quick look; figures to quote "
                    + "come from there (docs/benchmarks.md)."},
        footer = {"", "Exit codes: see 'msrp --help'."})
final class BenchCommand implements Callable<Integer> {

    private static final int MESSAGE = 100;

    @Option(names = "--size", paramLabel = "MB", defaultValue = "256",
            description = "Megabytes (10^6 bytes) per file transfer (default: ${DEFAULT-VALUE}).")
    private int sizeMb;

    @Option(names = "--round-trips", paramLabel = "N", defaultValue = "5000",
            description = "Round trips per round (default: ${DEFAULT-VALUE}).")
    private int roundTrips;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Measured rounds of each part, after one warm-up (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--tls", description = "Run both msrp4j and the raw baseline over TLS.")
    private boolean tls;

    @Option(names = "--relay", description = {"Also move the file through an MSRP relay (msrp4j-relay, in this "
            + "JVM, over TLS with --tls): Bob behind it, Alice connecting to it; reported against the raw copy "
            + "and the direct session."})
    private boolean relay;

    @Spec
    private CommandSpec spec;

    private TlsCredentials credentials;
    private RelaySettings relaySettings;

    @Override
    public Integer call() throws Exception {
        if (sizeMb < 1 || roundTrips < 1 || rounds < 1) {
            throw new CliException(ExitCode.USAGE, "--size, --round-trips and --rounds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        credentials = tls ? PkixCredentials.selfSigned("msrp4j-bench") : null;
        long bytes = sizeMb * 1_000_000L;
        out.printf("msrp bench: loopback, %s, %d cores, Java %s; best of %d rounds after a warm-up%n",
                tls ? "TLS" : "TCP", Runtime.getRuntime().availableProcessors(), Runtime.version(), rounds);
        out.flush();

        if (!relay) {
            return measure(out, bytes);
        }
        String password = MsrpGrammar.randomIdent(16);
        RelayConfig config = RelayConfig.builder()
                .listener(tls ? RelayListener.tls("127.0.0.1", 0) : RelayListener.tcp("127.0.0.1", 0))
                .users(RelayUsers.ofPasswords(Map.of("bob", password)))
                .build();
        try (MsrpRelay embedded = MsrpRelay.start(config)) {
            MsrpUri uri = embedded.listenerUri(tls);
            relaySettings = RelaySettings.builder(uri.host(), "bob", password).host(uri.host()).port(uri.port())
                    .useTls(tls).relayFingerprint(tls ? embedded.tlsCredentials().fingerprint() : null).build();
            return measure(out, bytes);
        }
    }

    private int measure(PrintWriter out, long bytes) throws Exception {
        long[][] rawLatency = new long[1][];
        long[][] msrpLatency = new long[1][];
        List<Measure> parts = new ArrayList<>(List.of(
            () -> bytes / rawCopy(bytes),
            () -> bytes / sessionCopy(bytes, false),
            () -> roundTrips / rawPingPong(rawLatency),
            () -> roundTrips / sessionRoundTrips(msrpLatency)));
        if (relay) {
            parts.add(() -> bytes / sessionCopy(bytes, true));
        }
        for (Measure warmUp : parts) {
            warmUp.run();
        }
        double[] best = new double[parts.size()];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < parts.size(); i++) {
                best[i] = Math.max(best[i], parts.get(i).run());
            }
        }
        double rawCopy = best[0];
        double msrpCopy = best[1];
        double rawTrips = best[2];
        double msrpTrips = best[3];

        out.println();
        out.printf("%-24s %16s %16s %7s%n", "", "msrp4j", "raw socket", "ratio");
        out.printf("%-24s %11.0f MB/s %11.0f MB/s %7.2f%n", "file (" + sizeMb + " MB)", msrpCopy / 1e6,
                rawCopy / 1e6, msrpCopy / rawCopy);
        if (relay) {
            double relayCopy = best[4];
            out.printf("%-24s %11.0f MB/s %11.0f MB/s %7.2f  (%.2f of the direct session)%n", "  through the relay",
                    relayCopy / 1e6, rawCopy / 1e6, relayCopy / rawCopy, relayCopy / msrpCopy);
        }
        out.printf("%-24s %13.0f /s %13.0f /s %7.2f%n", "round trip (100 B)", msrpTrips, rawTrips,
                msrpTrips / rawTrips);
        out.printf("%-24s %16s %16s%n", "  p50 / p99 (last round)", percentiles(msrpLatency[0]),
                percentiles(rawLatency[0]));
        out.println();
        out.println("(a reduced in-process harness; msrp4j-bench/run-session-bench.sh is the full one)");
        out.flush();
        return ExitCode.OK;
    }

    /** One measurement, as a throughput (higher is better). */
    private interface Measure {
        double run() throws Exception;
    }

    /** Seconds to copy {@code bytes} over a raw socket pair, 64 KiB per write. */
    private double rawCopy(long bytes) throws Exception {
        try (RawLink link = RawLink.connect(tls, credentials, false)) {
            return SessionWorkload.rawCopy(link, new BlockChannel(bytes), bytes, null).seconds();
        }
    }

    /**
     * Seconds for a session to move {@code bytes} with sendFile, counted (not stored) on arrival;
     * through the embedded relay when {@code viaRelay}.
     */
    private double sessionCopy(long bytes, boolean viaRelay) throws Exception {
        SessionSettings options = SessionSettings.DEFAULT;
        SessionLink link;
        if (viaRelay) {
            LoopbackPair.Transports t = LoopbackPair.throughRelay(settings(), ConnectSettings.DEFAULT, relaySettings)
                    .complete();
            link = SessionLink.of(t.alice(), t.bob(), options, options);
        } else {
            link = SessionLink.direct(tls, credentials, options, options);
        }
        try (link) {
            OutgoingFile file = new OutgoingFile(new BlockChannel(bytes), bytes, "application/octet-stream", 0, null);
            return SessionWorkload.sessionCopy(link, file, null).seconds();
        }
    }

    /** Seconds for {@link #roundTrips} 100-byte ping-pongs over a raw socket pair; latencies in ns. */
    private double rawPingPong(long[][] latencies) throws Exception {
        try (RawLink link = RawLink.connect(tls, credentials, false)) {
            Sample s = SessionWorkload.rawRoundTrips(link, roundTrips, MESSAGE, MESSAGE, true);
            latencies[0] = s.latencies();
            return s.seconds();
        }
    }

    /** Seconds for {@link #roundTrips} deliverChunk calls of 100 bytes; latencies in ns. */
    private double sessionRoundTrips(long[][] latencies) throws Exception {
        byte[] body = new byte[MESSAGE];
        try (SessionLink link = SessionLink.direct(tls, credentials, SessionSettings.DEFAULT,
                SessionSettings.DEFAULT)) {
            Sample s = SessionWorkload.sessionRoundTrips(link, roundTrips, true,
                    session -> session.transport().newChunk().data(body).build());
            latencies[0] = s.latencies();
            return s.seconds();
        }
    }

    /** Alice's settings; the embedded relay takes any frame size, so her chunks keep the session's size. */
    private ConnectSettings settings() {
        return ConnectSettings.builder().tlsCredentials(credentials).transportSettings(
                TransportSettings.builder().relayedChunkSize(SessionSettings.DEFAULT.fileChunkSize()).build()).build();
    }

    private static byte[] randomBlock() {
        byte[] block = new byte[1 << 20];
        new SplittableRandom(4975).nextBytes(block);
        return block;
    }

    private static String percentiles(long[] nanos) {
        return String.format(Locale.ROOT, "%.0f / %.0f us", Stats.percentile(nanos, 50) / 1e3,
                Stats.percentile(nanos, 99) / 1e3);
    }

    /** {@code size} bytes read from a random 1 MiB block over and over, as the raw copy writes them. */
    private static final class BlockChannel implements ReadableByteChannel {
        private final byte[] block = randomBlock();
        private final long size;
        private long position;
        private boolean open = true;

        BlockChannel(long size) {
            this.size = size;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= size) {
                return -1;
            }
            int at = (int) (position % block.length);
            int n = (int) Math.min(Math.min(dst.remaining(), block.length - at), size - position);
            dst.put(block, at, n);
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
