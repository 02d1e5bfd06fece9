package org.msrp4j.bench;

import static org.msrp4j.bench.RelayBench.MIB;
import static org.msrp4j.bench.RelayBench.PASSWORD;
import static org.msrp4j.bench.RelayBench.USER;
import static org.msrp4j.bench.RelayBench.WAIT;
import static org.msrp4j.bench.RelayBench.openFds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.msrp4j.bench.RelayBench.Options;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;

/** The capacity part of {@link RelayBench}: relayed sessions held at once through one relay and through two. */
final class RelayCapacity {

    private RelayCapacity() {
    }

    /**
     * The capacity part, twice: the sessions through one relay (both clients of a session AUTHed to
     * it), and through a chain of two relays (each client AUTHed to its own relay, the relays
     * sharing one connection). A process here may hold at most {@code ulimit -n} sockets, and one
     * relay holds two per session, so the single relay holds {@code --single-sessions} (9,900 by
     * default, under a 20,000 limit); the chain holds {@code --sessions} with one socket per session
     * in each relay. The sessions' passive clients live in a child JVM for the same reason.
     */
    static void run(Options o, ChildRelay relay) throws Exception {
        try (ChildClients far = ChildClients.start(o)) {
            capacityRun(o, "one relay", o.singleSessions(), List.of(relay), far);
            try (ChildRelay second = ChildRelay.start(o)) {
                capacityRun(o, "two relays in a chain", o.sessions(), List.of(relay, second), far);
            }
        }
    }

    static ConnectSettings leanSettings() {
        return ConnectSettings.builder().connectTimeout(WAIT).bindTimeout(WAIT).incomingConnectionTimeout(WAIT)
                .transportSettings(TransportSettings.builder().readBufferSize(1024).build()).build();
    }

    static RelaySettings relaySettings(MsrpUri relay) {
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
                + " ones in JVM pid %d), %d at a time ...%n", topology, n, 2 * n, far.process.pid(), o.parallel());
        List<MsrpTransport> held = new ArrayList<>(n);
        Semaphore gate = new Semaphore(o.parallel());
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
        long[] idle = idleCpuNanos(relays, o.idleSeconds());
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
                "%,d ms in %d s: **%.2f %%** of a core", idle[r] / 1_000_000, o.idleSeconds(),
                idle[r] / (o.idleSeconds() * 1e9) * 100));
        row("relay CPU per idle session", relays, r -> String.format(Locale.ROOT, "%.1f ns/s",
                idle[r] / (double) o.idleSeconds() / n));
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
            remote = ChildClients.parsePath(farPath.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            active.cleanup();
            throw e;
        }
        CompletableFuture<String> farDone = far.request("complete " + id + " " + ChildClients.encodePath(path));
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

    static void expectOk(MsrpChunk response, MsrpChunk request) {
        if (!response.isResponse() || response.code() != 200
                || !response.transactionId().equals(request.transactionId())) {
            throw new IllegalStateException("expected the 200 to " + request.transactionId() + ", got " + response);
        }
    }

    private static void row(String name, List<ChildRelay> relays, IntFunction<String> cell) {
        StringBuilder b = new StringBuilder("| " + name + " |");
        for (int r = 0; r < relays.size(); r++) {
            b.append(' ').append(cell.apply(r)).append(" |");
        }
        System.out.println(b);
    }
}
