package org.msrp4j.bench;

import static org.msrp4j.bench.RelayBench.PASSWORD;
import static org.msrp4j.bench.RelayBench.USER;
import static org.msrp4j.bench.RelayBench.WAIT;
import static org.msrp4j.bench.RelayBench.openFds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.msrp4j.bench.RelayBench.Options;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.AbuseLimits;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.relay.NextHopPolicy;
import org.msrp4j.relay.RelayConfig;
import org.msrp4j.relay.RelayListener;
import org.msrp4j.relay.RelayUsers;
import org.msrp4j.tls.pkix.PkixCredentials;

/**
 * The parent's handle on the child relay, and ({@link #serve}) the child's side: a relay in a JVM of its own
 * started by {@link RelayBench}.
 */
final class ChildRelay implements AutoCloseable {
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
        cmd.addAll(Arrays.asList(o.relayJvm().trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayBench.class.getName(), "--serve",
                "--max-connections=" + (2 * Math.max(o.sessions(), o.singleSessions()) + 1000)));
        if (o.relayBufferKib() > 0) {
            cmd.add("--buffer-kib=" + o.relayBufferKib());
        }
        if (o.relayBufferMaxKib() > 0) {
            cmd.add("--buffer-max-kib=" + o.relayBufferMaxKib());
        }
        if (o.relayThreads() != null) {
            cmd.add("--threads=" + o.relayThreads());
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
        System.out.printf(Locale.ROOT, "relay JVM pid %d (%s; %s readers): %s %s%n", p.pid(), o.relayJvm(),
                o.relayThreads() == null ? "virtual" : o.relayThreads(), uris[1], uris[2]);
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

    /**
     * The child side: starts a relay on 127.0.0.1 (TLS, TCP, ws and wss listeners, user bench/secret), prints
     * its URIs, then answers {@code stats} lines on stdin until {@code quit} or end of input.
     */
    static void serve(String[] args) throws Exception {
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
}
