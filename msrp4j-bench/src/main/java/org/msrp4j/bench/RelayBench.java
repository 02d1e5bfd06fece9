package org.msrp4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.bench.harness.Option;
import org.msrp4j.bench.harness.OptionParser;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.AcceptorRelay;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;

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

    static final int MIB = 1024 * 1024;
    static final String USER = "bench";
    static final String PASSWORD = "secret";
    static final Duration WAIT = Duration.ofSeconds(60);

    private RelayBench() {
    }

    /** Runs the benchmark, or (with {@code --serve}) the child relay the benchmark talks to. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--serve")) {
            ChildRelay.serve(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--clients")) {
            ChildClients.serve();
            return;
        }
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "load average at start: %s%n", Meter.loadAverage());
        try (ChildRelay relay = ChildRelay.start(o)) {
            if (o.parts.contains("throughput")) {
                RelayThroughput.run(o, relay);
            }
            if (o.parts.contains("capacity")) {
                RelayCapacity.run(o, relay);
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", Meter.loadAverage());
    }

    // ------------------------------------------------------------------ options

    record Options(long fileBytes, long warmupBytes, int warmupRounds, int rounds, int relayChunk,
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

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
