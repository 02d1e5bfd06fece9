package org.msrp4j.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Option;
import org.msrp4j.bench.harness.OptionParser;
import org.msrp4j.bench.harness.ParsedArgs;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/**
 * Our relay client over WebSocket (RFC 7977) against the same client over TCP/TLS, both through
 * Kamailio's MSRP relay (interop/kamailio/start.sh: ws and wss listeners beside TCP and TLS), to a
 * direct TCP receiver: 100-byte messages one at a time and pipelined, and a file in 8 KiB chunks.
 * Variants run interleaved in rotating order, a fresh session each time; medians are printed with
 * this JVM's CPU time per message and per MiB (the client side only; Kamailio is another process).
 *
 * <pre>java -cp msrp4j-bench/target/benchmarks.jar org.msrp4j.bench.WebSocketBench
 *     [--tcp=2865] [--tls=2866] [--ws=2869] [--wss=2870] [--messages=500] [--file-mib=8] [--rounds=3]</pre>
 */
public final class WebSocketBench {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WINDOW = 16;

    private WebSocketBench() {
    }

    /** A receiver that counts messages and file bytes. */
    private static final class Receiver implements IncomingHandler, MessageRounds.Receiving {
        private volatile MessageRounds.Arrivals arrivals;
        private volatile CompletableFuture<Void> fileDone = new CompletableFuture<>();
        private volatile long fileSize;
        private long fileBytes;

        @Override
        public void count(MessageRounds.Arrivals counting) {
            arrivals = counting;
        }

        @Override
        public void onChunk(MsrpChunk chunk) {
            MessageRounds.Arrivals counting = arrivals;
            if (counting != null && MessageRounds.CONTENT_TYPE.equals(chunk.contentType())) {
                counting.arrived();
            } else if ("SEND".equals(chunk.method()) && chunk.data() != null) {
                fileBytes += chunk.data().length;
                if (fileBytes == fileSize) {
                    fileDone.complete(null);
                }
            }
        }

        @Override
        public void onError(IOException error) {
            fileDone.completeExceptionally(error);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options in the class comment
     * @throws Exception if a transfer fails
     */
    public static void main(String[] args) throws Exception {
        OptionParser parser = new OptionParser("WebSocketBench");
        Map<String, Option<Integer>> ports = new LinkedHashMap<>();
        ports.put("tcp", parser.intOption("tcp", "PORT", 2865, 1, "the relay's msrp port"));
        ports.put("ws", parser.intOption("ws", "PORT", 2869, 1, "the relay's ws port"));
        ports.put("tls", parser.intOption("tls", "PORT", 2866, 1, "the relay's msrps port"));
        ports.put("wss", parser.intOption("wss", "PORT", 2870, 1, "the relay's wss port"));
        Option<Integer> messageCount = parser.intOption("messages", "N", 500, 1,
                "sequential messages per round and variant, ten times as many pipelined");
        Option<Integer> fileMib = parser.intOption("file-mib", "N", 8, 1, "the file's size in MiB");
        Option<Integer> roundCount = parser.intOption("rounds", "N", 3, 1, "rounds of every variant");
        ParsedArgs opt = parser.parseOrExit(args, a -> a);
        int messages = opt.get(messageCount);
        int fileSize = opt.get(fileMib) << 20;
        int rounds = opt.get(roundCount);
        List<String> variants = List.copyOf(ports.keySet());
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        byte[] file = new byte[fileSize];
        new SplittableRandom(7).nextBytes(file);
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < variants.size(); i++) {
                String v = variants.get((i + r) % variants.size());
                results.get(v).add(run(relay(v, opt.get(ports.get(v))), messages, file));
            }
        }
        System.out.printf(Locale.ROOT, "%-5s %12s %12s %10s %14s %12s%n", "via", "seq msg/s", "pipe msg/s",
                "file MB/s", "CPU us/msg", "CPU ms/MiB");
        for (String v : variants) {
            double[] m = new double[5];
            for (int k = 0; k < 5; k++) {
                int col = k;
                m[k] = Stats.of(results.get(v).stream().mapToDouble(x -> x[col]).toArray()).median();
            }
            System.out.printf(Locale.ROOT, "%-5s %12.0f %12.0f %10.1f %14.1f %12.1f%n", v, m[0], m[1], m[2], m[3],
                    m[4]);
        }
    }

    private static RelaySettings relay(String variant, int port) {
        boolean tls = variant.endsWith("s") && !"ws".equals(variant);
        String transport = variant.startsWith("w") ? "ws" : "tcp";
        MsrpUri uri = MsrpUri.parse((tls ? "msrps" : "msrp") + "://127.0.0.1:" + port + ";" + transport);
        return RelaySettings.builder("example.org", "alice", "secret").relays(List.of(uri)).useTls(tls)
                .trustAnyRelayCertificate(true).build();
    }

    /** One session: sequential and pipelined message rates, file rate, and CPU per message and per MiB. */
    private static double[] run(RelaySettings relay, int messages, byte[] file) throws Exception {
        ConnectSettings settings = ConnectSettings.builder().connectTimeout(WAIT).bindTimeout(WAIT)
                .incomingConnectionTimeout(WAIT).build();
        ConnectorRelay sender = new ConnectorRelay(relay, settings);
        AcceptorDirect acceptor = new AcceptorDirect(settings);
        Receiver receiver = new Receiver();
        try {
            List<MsrpUri> receiverPath = acceptor.prepare(null);
            List<MsrpUri> senderPath = sender.prepare(null);
            CompletableFuture<MsrpTransport> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return acceptor.complete(senderPath);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            MsrpTransport st = sender.complete(receiverPath);
            MsrpTransport rt = accepted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            MsrpSession s = MsrpSession.start(st, SessionSettings.builder().responseTimeout(WAIT).build(), c -> { });
            MsrpSession r = MsrpSession.start(rt, SessionSettings.DEFAULT, receiver);
            try {
                long cpu0 = Meter.processCpuNanos();
                double seq = MessageRounds.sequential(s, receiver, messages, WAIT);
                double pipe = MessageRounds.pipelined(s, receiver, messages * 10, WINDOW, WAIT);
                long cpu1 = Meter.processCpuNanos();
                receiver.fileSize = file.length;
                long t0 = System.nanoTime();
                OutgoingFile f = new OutgoingFile(new ByteArrayInputStream(file), file.length,
                        "application/octet-stream", 0, "bench-file");
                s.sendFile(f);
                receiver.fileDone.get(5, TimeUnit.MINUTES);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long cpu2 = Meter.processCpuNanos();
                double mib = file.length / (double) (1 << 20);
                return new double[] {seq, pipe, file.length / 1e6 / seconds, (cpu1 - cpu0) / 1e3 / (messages * 11),
                    (cpu2 - cpu1) / 1e6 / mib};
            } finally {
                s.close();
                r.close();
            }
        } finally {
            sender.cleanup();
            acceptor.cleanup();
        }
    }
}
