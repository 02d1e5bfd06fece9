package org.msrp4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Option;
import org.msrp4j.bench.harness.OptionParser;
import org.msrp4j.bench.harness.Stats;
import org.msrp4j.chat.ChatListener;
import org.msrp4j.chat.ChatSettings;
import org.msrp4j.chat.ChatStream;
import org.msrp4j.chat.DeliveryStatus;
import org.msrp4j.chat.IncomingChatMessage;
import org.msrp4j.chat.OutgoingChatMessage;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MessageOutcome;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/**
 * What the chat stream costs over the session it stands on: sequential 100-byte text messages over
 * loopback TCP, in one JVM, measured in the same rounds two ways:
 * <ul>
 *   <li><b>deliverChunk</b>: {@link MsrpSession#deliverChunk} of a {@code text/plain} chunk, which
 *       returns on the peer's 200;
 *   <li><b>session sendMessage</b>: {@link MsrpSession#sendMessage(MsrpChunk)} of the same chunk with
 *       {@code Failure-Report: partial} and {@code Success-Report: yes}, as the chat stream sends it
 *       but without CPIM, until its outcome completes on the success REPORT: what the chat adds
 *       above the session, apart from the session's own report path;
 *   <li><b>chat sendMessage</b>: {@link ChatStream#sendMessage(String)} between two chat streams with
 *       the default settings (the peer names {@code message/cpim}, so every message goes in CPIM,
 *       with {@code Success-Report: yes}), timed until {@link OutgoingChatMessage#delivery()}
 *       completes on the success REPORT.
 * </ul>
 * One message at a time, so messages/s is the inverse of the mean latency; p50/p99 over all measured
 * samples. The goal: the chat stream keeps at least 80% of deliverChunk's messages/s (its layer
 * costs under 20%). Run it with {@code run-chat-bench.sh}.
 *
 * <p>Beside the time, each way's CPU time (the whole process: both ends, their threads, the GC and
 * the JIT) and heap allocation per message, which a loaded machine disturbs far less than the
 * time; the verdict is given on both messages/s and CPU per message. The three ways take turns in
 * each round, starting with a different one each round, so none always runs right after another's
 * garbage.
 *
 * <p>Both ends run in this JVM, and that gives a connection a head start that has nothing to do with
 * what runs on it: the JDK wakes virtual threads blocked on sockets through its read pollers, two of
 * them on a 2-core machine, and picks a socket's poller by its file descriptor's number (its
 * parity, with two). Four plain pairs set up in a row got descriptors 7 and 9 (one poller for both
 * ends), then 16 and 17, 18 and 19, 20 and 21 (split over the two); the first answered at 60 to
 * 62 µs p50, the others at 72 to 81 µs; with one read poller all four at 60 to 65 µs (2026-12-07,
 * under load; see docs/benchmarks.md). Which connection gets that head start depends only on the order the descriptors
 * were opened: that was the "the pair set up first is faster" effect. So unless told
 * otherwise ({@code -Djdk.readPollers=N}) the bench runs with one read poller, which places every
 * connection alike, and prints the count; with the JDK's default both set-up orders show the
 * effect ({@code --plain-first}).
 */
public final class ChatBench {

    private static final int WAIT_SECONDS = 120;
    private static final String TEXT = text100();
    private static final String READ_POLLERS = "jdk.readPollers";

    private ChatBench() {
    }

    private static String text100() {
        String s = "The quick brown fox jumps over the lazy dog; the chat stream carries it as a 100-byte message.";
        StringBuilder b = new StringBuilder(s);
        while (b.length() < 100) {
            b.append('.');
        }
        return b.substring(0, 100);
    }

    /** The command line: {@code --help} lists it. */
    private record Options(int messages, int rounds, int warmup, boolean listening, boolean plainFirst) {
        static Options parse(String[] args) {
            OptionParser p = new OptionParser("ChatBench");
            Option<Integer> messages = p.intOption("messages", "N", 20_000, 1, "sequential messages per round");
            Option<Integer> rounds = p.intOption("rounds", "N", 5, 1, "measured rounds");
            Option<Integer> warmup = p.intOption("warmup", "N", 20_000, 0, "warm-up messages of each way");
            Option<Boolean> quick = p.flag("quick", "2000 messages, 2 rounds, 2000 warm-up");
            Option<Boolean> listening = p.flag("listening", "the chat listeners hear gotMessage and "
                    + "didDeliverMessage");
            Option<Boolean> plainFirst = p.flag("plain-first", "set the plain sessions up before the chat streams");
            return p.parseOrExit(args, a -> {
                boolean q = a.get(quick);
                return new Options(a.get(messages, q ? 2_000 : 20_000), a.get(rounds, q ? 2 : 5),
                        a.get(warmup, q ? 2_000 : 20_000), a.get(listening), a.get(plainFirst));
            });
        }
    }

    /** The latencies of one way of sending, over all measured rounds, and each round's rate. */
    private static final class Series {
        final String name;
        final List<long[]> latencies = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();
        final List<Double> cpuMicros = new ArrayList<>();
        final List<Double> allocBytes = new ArrayList<>();

        Series(String name) {
            this.name = name;
        }

        void add(long[] nanos, Meter.Reading r) {
            latencies.add(nanos);
            rates.add(nanos.length / r.seconds());
            cpuMicros.add(r.cpuSeconds() * 1e6 / nanos.length);
            allocBytes.add((double) r.allocatedBytes() / nanos.length);
        }

        double medianRate() {
            return Stats.of(rates).median();
        }

        double medianCpuMicros() {
            return Stats.of(cpuMicros).median();
        }

        double medianAllocBytes() {
            return Stats.of(allocBytes).median();
        }

        double percentileMicros(double p) {
            return Stats.percentile(latencies, p) / 1000.0;
        }
    }

    /** One way of sending {@code n} messages, returning each one's latency in nanoseconds. */
    private interface Way {
        long[] send(int n) throws Exception;
    }

    /** Runs the benchmark and prints its table. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (System.getProperty(READ_POLLERS) == null) {
            System.setProperty(READ_POLLERS, "1");
        }
        System.out.printf(Locale.ROOT, "chat bench: %d sequential 100-byte messages per round, %d rounds, %d warm-up;"
                + " loopback TCP, Java %s; chat listeners %s%n", o.messages(), o.rounds(), o.warmup(),
                Runtime.version(), o.listening() ? "hear gotMessage and didDeliverMessage (--listening)"
                        : "ignore every event");
        MsrpSession[] plain = o.plainFirst() ? sessionPair() : null;
        ChatStream[] chat = chatPair(o.listening());
        if (plain == null) {
            plain = sessionPair();
        }
        System.out.printf(Locale.ROOT, "%s; %s read poller(s) (%s)%n", o.plainFirst()
                ? "the plain sessions set up before the chat streams (--plain-first)"
                : "the chat streams set up before the plain sessions", System.getProperty(READ_POLLERS),
                "1".equals(System.getProperty(READ_POLLERS)) ? "every connection placed alike"
                        : "-D" + READ_POLLERS + ": a connection's placement depends on the set-up order");
        try {
            MsrpSession p = plain[0];
            ChatStream c = chat[0];
            List<Series> series = List.of(new Series("msrp deliverChunk (200 response)"),
                    new Series("msrp sendMessage (success REPORT)"),
                    new Series("chat sendMessage, CPIM (success REPORT)"));
            List<Way> ways = List.of(n -> deliverChunks(p, n), n -> reportedMessages(p, n), n -> sendMessages(c, n));
            for (Way w : ways) {
                w.send(o.warmup());
            }
            for (int round = 0; round < o.rounds(); round++) {
                for (int k = 0; k < ways.size(); k++) {
                    int i = (round + k) % ways.size();
                    Meter meter = Meter.start();
                    long[] lat = ways.get(i).send(o.messages());
                    series.get(i).add(lat, meter.stop(System.nanoTime()));
                }
            }
            print(series.get(0), series.get(1), series.get(2));
        } finally {
            for (ChatStream s : chat) {
                s.end().get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            for (MsrpSession s : plain) {
                s.close();
            }
        }
    }

    private static long[] deliverChunks(MsrpSession s, int n) throws IOException, InterruptedException {
        byte[] body = TEXT.getBytes(StandardCharsets.US_ASCII);
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            MsrpChunk c = s.transport().newChunk().data(body).contentType("text/plain").build();
            long t0 = System.nanoTime();
            MsrpChunk response = s.deliverChunk(c);
            lat[i] = System.nanoTime() - t0;
            if (response == null || response.code() != 200) {
                throw new IllegalStateException("response " + response);
            }
        }
        return lat;
    }

    private static long[] reportedMessages(MsrpSession s, int n) throws Exception {
        byte[] body = TEXT.getBytes(StandardCharsets.US_ASCII);
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            MsrpChunk c = s.transport().newChunk().data(body).contentType("text/plain")
                    .header(new FailureReportHeader(ReportMode.PARTIAL)).header(new SuccessReportHeader(ReportMode.YES))
                    .build();
            long t0 = System.nanoTime();
            MessageOutcome outcome = s.sendMessage(c).get(WAIT_SECONDS, TimeUnit.SECONDS);
            lat[i] = System.nanoTime() - t0;
            if (!outcome.delivered()) {
                throw new IllegalStateException("not delivered: " + outcome);
            }
        }
        return lat;
    }

    private static long[] sendMessages(ChatStream chat, int n) throws Exception {
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            OutgoingChatMessage m = chat.sendMessage(TEXT);
            DeliveryStatus status = m.delivery().get(WAIT_SECONDS, TimeUnit.SECONDS);
            lat[i] = System.nanoTime() - t0;
            if (!status.delivered()) {
                throw new IllegalStateException("not delivered: " + status);
            }
        }
        return lat;
    }

    private static void print(Series session, Series reported, Series stream) {
        System.out.printf(Locale.ROOT, "%-42s %12s %10s %10s %12s %12s%n", "variant", "messages/s", "p50 µs", "p99 µs",
                "CPU µs/msg", "alloc B/msg");
        for (Series s : List.of(session, reported, stream)) {
            System.out.printf(Locale.ROOT, "%-42s %12.0f %10.1f %10.1f %12.1f %12.0f%n", s.name, s.medianRate(),
                    s.percentileMicros(50), s.percentileMicros(99), s.medianCpuMicros(), s.medianAllocBytes());
        }
        double ratio = stream.medianRate() / session.medianRate();
        System.out.printf(Locale.ROOT, "chat / deliverChunk messages/s: %.2f (goal >= 0.80: the stream layer costs "
                + "under 20%%) -> %s%n", ratio, ratio >= 0.8 ? "MET" : "NOT MET");
        double cpu = session.medianCpuMicros() / stream.medianCpuMicros();
        System.out.printf(Locale.ROOT, "deliverChunk / chat CPU per message: %.2f (the same goal read on CPU time, "
                + "which load disturbs less) -> %s%n", cpu, cpu >= 0.8 ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "chat / msrp sendMessage messages/s: %.2f, CPU per message %.2f (the chat layer "
                + "alone: CPIM, tracking, events)%n", stream.medianRate() / reported.medianRate(),
                reported.medianCpuMicros() / stream.medianCpuMicros());
    }

    /** Two sessions on a loopback TCP connection; the second answers 200 and drops what it gets. */
    private static MsrpSession[] sessionPair() throws Exception {
        MsrpUri local = MsrpUri.builder().host("127.0.0.1").port(0).build();
        AcceptorDirect acceptor = new AcceptorDirect(ConnectSettings.DEFAULT);
        ConnectorDirect connector = new ConnectorDirect(ConnectSettings.DEFAULT);
        try {
            List<MsrpUri> acceptorPath = acceptor.prepare(local);
            List<MsrpUri> connectorPath = connector.prepare(local);
            CompletableFuture<MsrpTransport> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.complete(acceptor.complete(connectorPath));
                } catch (IOException | RuntimeException e) {
                    accepted.completeExceptionally(e);
                }
            });
            MsrpTransport sender = connector.complete(acceptorPath);
            MsrpTransport receiver = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);
            IncomingHandler drop = new IncomingHandler() {
                @Override
                public void onChunk(MsrpChunk chunk) {
                }
            };
            return new MsrpSession[] {MsrpSession.start(sender, SessionSettings.DEFAULT, drop),
                MsrpSession.start(receiver, SessionSettings.DEFAULT, drop)};
        } finally {
            acceptor.cleanup();
            connector.cleanup();
        }
    }

    /**
     * Two started chat streams with the default settings: Alice offers (and sends), Bob answers. Their
     * listeners ignore every event, so the measure is the stream's own work (the stream then posts no
     * per-message call to its event thread); with {@code listening} they count the messages and the
     * deliveries, as an application showing them would, and each costs a hand-off to the event thread.
     */
    private static ChatStream[] chatPair(boolean listening) throws Exception {
        CpimAddress alice = CpimAddress.of("Alice", "sip:alice@example.org");
        CpimAddress bob = CpimAddress.of("Bob", "sip:bob@example.org");
        ChatSettings settings = ChatSettings.builder().localHost("127.0.0.1").build();
        ChatListener ignore = new ChatListener() { };
        LongAdder heard = new LongAdder();
        ChatListener counting = new ChatListener() {
            @Override
            public void gotMessage(IncomingChatMessage message) {
                heard.increment();
            }

            @Override
            public void didDeliverMessage(OutgoingChatMessage message) {
                heard.increment();
            }
        };
        ChatListener listener = listening ? counting : ignore;
        ChatStream offerer = new ChatStream(alice, bob, Role.OFFERER, settings, listener);
        ChatStream answerer = new ChatStream(bob, alice, Role.ANSWERER, settings, listener);
        MsrpMedia offer = offerer.initialize();
        MsrpMedia answer = answerer.initialize(offer);
        CompletableFuture<Void> bobStarted = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                answerer.start(offer);
                bobStarted.complete(null);
            } catch (IOException | RuntimeException e) {
                bobStarted.completeExceptionally(e);
            }
        });
        offerer.start(answer);
        bobStarted.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new ChatStream[] {offerer, answerer};
    }
}
