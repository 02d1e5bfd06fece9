package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ConnectFixtures.millisSince;
import static org.msrp4j.connect.ConnectFixtures.settings;
import static org.msrp4j.connect.ConnectFixtures.text;
import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.LoopbackSockets.V4;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/** 1,000 sessions binding at once on one MsrpServer port over TCP, each exchanging a chunk. */
class MsrpServerLoadTest {

    private static final int SESSIONS = 1000;

    @Test
    @Timeout(90)
    void aThousandSessionsBindAtOnceOnOnePort() throws Exception {
        ConnectSettings limits = settings(Duration.ofSeconds(30));
        List<List<MsrpUri>> serverPaths = new ArrayList<>(SESSIONS);
        List<ConnectorDirect> connectors = new ArrayList<>(SESSIONS);
        List<List<MsrpUri>> connectorPaths = new ArrayList<>(SESSIONS);
        MsrpTransport[] active = new MsrpTransport[SESSIONS];
        MsrpTransport[] passive = new MsrpTransport[SESSIONS];
        Queue<String> failures = new ConcurrentLinkedQueue<>();

        long t0 = System.nanoTime();
        try (MsrpServer server = new MsrpServer(limits)) {
            for (int i = 0; i < SESSIONS; i++) {
                serverPaths.add(server.prepare(local(V4, false)));
                ConnectorDirect c = new ConnectorDirect(limits);
                connectors.add(c);
                connectorPaths.add(c.prepare(local(V4, false)));
            }
            long prepared = millisSince(t0);
            int port = serverPaths.get(0).get(0).port();
            assertThat(serverPaths).allSatisfy(p -> assertThat(p.get(0).port()).isEqualTo(port));
            assertThat(server.listenAddresses()).hasSize(1);
            assertThat(server.registrations()).isEqualTo(SESSIONS);

            // bind: 1,000 connectors and 1,000 server.complete calls released together
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> binding = new ArrayList<>(2 * SESSIONS);
            for (int i = 0; i < SESSIONS; i++) {
                int k = i;
                binding.add(async(() -> {
                    go.await();
                    try {
                        active[k] = connectors.get(k).complete(serverPaths.get(k));
                    } catch (Exception e) {
                        failures.add("connector " + k + ": " + e);
                    }
                    return null;
                }));
                binding.add(async(() -> {
                    go.await();
                    try {
                        passive[k] = server.complete(connectorPaths.get(k));
                    } catch (Exception e) {
                        failures.add("server.complete " + k + ": " + e);
                    }
                    return null;
                }));
            }
            long t1 = System.nanoTime();
            go.countDown();
            CompletableFuture.allOf(binding.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long bound = millisSince(t1);
            assertThat(failures).as("binding failures").isEmpty();

            // one chunk each way per session, all sessions at once
            long t2 = System.nanoTime();
            List<CompletableFuture<Void>> talking = new ArrayList<>(SESSIONS);
            for (int i = 0; i < SESSIONS; i++) {
                int k = i;
                talking.add(async(() -> {
                    try {
                        MsrpTransport a = active[k];
                        MsrpTransport p = passive[k];
                        a.writeChunk(a.newChunk().data("up " + k).build());
                        MsrpChunk up = p.readChunk(1 << 16, Duration.ofSeconds(30));
                        if (!text(up).equals("up " + k) || p.checkIncomingSendChunk(up).isPresent()
                                || !p.localUri().equals(serverPaths.get(k).get(0))) {
                            failures.add("session " + k + " got " + text(up) + " on " + p.localUri());
                        }
                        p.writeChunk(p.newChunk().data("down " + k).build());
                        MsrpChunk down = a.readChunk(1 << 16, Duration.ofSeconds(30));
                        if (!text(down).equals("down " + k) || a.checkIncomingSendChunk(down).isPresent()) {
                            failures.add("session " + k + " got back " + text(down));
                        }
                    } catch (Exception e) {
                        failures.add("exchange " + k + ": " + e);
                    }
                    return null;
                }));
            }
            CompletableFuture.allOf(talking.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long exchanged = millisSince(t2);

            long t3 = System.nanoTime();
            for (int i = 0; i < SESSIONS; i++) {
                active[i].close();
                passive[i].close();
                connectors.get(i).cleanup();
            }
            long closed = millisSince(t3);
            System.out.printf("MsrpServerLoadTest: %d sessions on port %d: prepare %d ms, bind %d ms, "
                    + "exchange %d ms, close %d ms, total %d ms%n", SESSIONS, port, prepared, bound, exchanged, closed,
                    millisSince(t0));
            assertThat(failures).as("failures").isEmpty();
            assertThat(millisSince(t0)).as("whole run, ms").isLessThan(20_000);
        } finally {
            for (int i = 0; i < SESSIONS; i++) {
                if (active[i] != null) {
                    active[i].close();
                }
                if (passive[i] != null) {
                    passive[i].close();
                }
            }
            connectors.forEach(ConnectorDirect::cleanup);
        }
    }
}
