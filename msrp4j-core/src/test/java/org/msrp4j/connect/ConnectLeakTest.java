package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ConnectFixtures.openFds;
import static org.msrp4j.connect.ConnectFixtures.sawEof;
import static org.msrp4j.connect.ConnectFixtures.send;
import static org.msrp4j.connect.ConnectFixtures.settings;
import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.Async.await;
import static org.msrp4j.testing.Async.eventually;
import static org.msrp4j.testing.BoundPair.bind;
import static org.msrp4j.testing.LoopbackSockets.V4;
import static org.msrp4j.testing.LoopbackSockets.V6;
import static org.msrp4j.testing.LoopbackSockets.closedPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.testing.ThreadDump;
import org.msrp4j.transport.BindingException;
import org.msrp4j.transport.MsrpTransport;

/** Nothing outlives a closed server or a closed session: no threads, no file descriptors. */
@Timeout(60)
class ConnectLeakTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private static long count(List<String> names, String prefix) {
        return names.stream().filter(n -> n.startsWith(prefix)).count();
    }

    private static List<String> names() {
        try {
            return ThreadDump.names();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long fds() {
        try {
            return openFds();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noServerThreadOutlivesClose() throws Exception {
        long bindThreadsBefore = count(names(), "msrp-server-bind");
        MsrpServer server = new MsrpServer(settings(LIMIT));
        List<Socket> silent = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            List<MsrpUri> tcp = server.prepare(local(V4, false));
            List<MsrpUri> tls = server.prepare(local(V4, true));
            List<MsrpUri> tcp6 = server.prepare(local(V6, false));
            for (List<MsrpUri> p : List.of(tcp, tls, tcp6)) {
                ports.add(p.get(0).port());
            }
            List<String> running = names();
            for (int port : ports) {
                assertThat(running).contains("msrp-server-accept-" + port);
            }
            // sessions that bind and talk
            for (List<MsrpUri> s : List.of(tcp, tls, tcp6)) {
                ConnectorDirect c = new ConnectorDirect(settings(LIMIT));
                List<MsrpUri> cp = c.prepare(local(s.get(0).isIpv6() ? V6 : V4, s.get(0).useTls()));
                CompletableFuture<MsrpTransport> passive = async(() -> server.complete(cp));
                try (BoundPair b = new BoundPair(await(async(() -> c.complete(s))), await(passive))) {
                    send(b.active(), b.passive(), "hello");
                }
            }
            // a binding to an unknown session
            ConnectorDirect stranger = new ConnectorDirect(settings(LIMIT));
            stranger.prepare(local(V4, false));
            assertThatThrownBy(() -> stranger.complete(List.of(tcp.get(0).withSessionId("unknown"))))
                    .isInstanceOf(BindingException.class);
            // connections that never bind: each holds a bind thread until close
            for (int i = 0; i < 5; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(V4, ports.get(i % 2 == 0 ? 0 : 1)), 2000);
                silent.add(s);
            }
            assertThat(eventually(GRACE, () -> count(names(), "msrp-server-bind") >= bindThreadsBefore + 5))
                    .as("bind threads for the silent connections").isTrue();
        } finally {
            server.close();
        }
        boolean gone = eventually(GRACE, () -> {
            List<String> now = names();
            return ports.stream().noneMatch(p -> now.contains("msrp-server-accept-" + p))
                    && count(now, "msrp-server-bind") <= bindThreadsBefore;
        });
        List<String> left = names().stream().filter(n -> n.startsWith("msrp-server")).toList();
        assertThat(gone).as("msrp-server threads left %s s after close: %s", GRACE.toSeconds(), left).isTrue();
        for (Socket s : silent) {
            assertThat(sawEof(s, Duration.ofSeconds(2))).as("unbound connection closed by close()").isTrue();
            s.close();
        }
    }

    @Test
    void fileDescriptorsReturnToTheStartingLevelAfterTwoHundredSessions() throws Exception {
        batch(10, 4); // warm-up: classes, TLS contexts, the JDK's own descriptors
        long before = fds();
        long peak = batch(150, 50);
        boolean back = eventually(GRACE, () -> fds() <= before + 5);
        long after = fds();
        System.out.printf("ConnectLeakTest: open fds before %d, during %d, after %d%n", before, peak, after);
        assertThat(back).as("fds before %d, during the batch %d, after %d", before, peak, after).isTrue();
    }

    /**
     * {@code viaServer} sessions on one MsrpServer (a third of them TLS) and {@code direct}
     * AcceptorDirect/ConnectorDirect pairs (half TLS), each exchanging a chunk; then failures
     * that must release their sockets too. Returns the fds open with everything bound.
     */
    private static long batch(int viaServer, int direct) throws Exception {
        List<BoundPair> bound = new ArrayList<>();
        long peak;
        try (MsrpServer server = new MsrpServer(settings(LIMIT))) {
            List<CompletableFuture<MsrpTransport>> act = new ArrayList<>();
            List<CompletableFuture<MsrpTransport>> pas = new ArrayList<>();
            List<ConnectorDirect> connectors = new ArrayList<>();
            for (int i = 0; i < viaServer; i++) {
                boolean tls = i % 3 == 0;
                List<MsrpUri> s = server.prepare(local(V4, tls));
                ConnectorDirect c = new ConnectorDirect(settings(LIMIT));
                connectors.add(c);
                List<MsrpUri> cp = c.prepare(local(V4, tls));
                pas.add(async(() -> server.complete(cp)));
                act.add(async(() -> c.complete(s)));
            }
            for (int i = 0; i < viaServer; i++) {
                bound.add(new BoundPair(await(act.get(i)), await(pas.get(i))));
            }
            for (int i = 0; i < direct; i++) {
                boolean tls = i % 2 == 0;
                bound.add(bind(new ConnectorDirect(settings(LIMIT)), local(V4, tls),
                        new AcceptorDirect(settings(LIMIT)), local(V4, tls)));
            }
            for (BoundPair b : bound) {
                send(b.active(), b.passive(), "x");
            }
            peak = fds();
            // refused 481, prepared but never completed, refused connection
            ConnectorDirect stranger = new ConnectorDirect(settings(LIMIT));
            stranger.prepare(local(V4, false));
            List<MsrpUri> unknown = List.of(server.prepare(local(V4, false)).get(0).withSessionId("gone"));
            assertThatThrownBy(() -> stranger.complete(unknown)).isInstanceOf(BindingException.class);
            for (int i = 0; i < 10; i++) {
                ConnectorDirect c = new ConnectorDirect(settings(LIMIT));
                c.prepare(local(V4, false));
                c.cleanup();
                AcceptorDirect a = new AcceptorDirect(settings(LIMIT));
                a.prepare(local(i % 2 == 0 ? V4 : V6, i % 2 == 0));
                a.cleanup();
                MsrpUri r = server.prepare(local(V4, false)).get(0);
                server.cleanup(r);
            }
            int closedPort = closedPort(V4);
            for (int i = 0; i < 5; i++) {
                ConnectorDirect c = new ConnectorDirect(settings(LIMIT));
                c.prepare(local(V4, false));
                assertThatThrownBy(() -> c.complete(List.of(local(V4, false).withPort(closedPort))))
                        .isInstanceOf(ConnectFailedException.class);
            }
            connectors.forEach(ConnectorDirect::cleanup);
        } finally {
            bound.forEach(BoundPair::close);
        }
        return peak;
    }
}
