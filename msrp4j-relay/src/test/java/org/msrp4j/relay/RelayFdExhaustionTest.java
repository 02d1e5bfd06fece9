package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayPasswordGuessingTest.address;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.protocol.MsrpUri;

/**
 * Issue 16, item 5: a relay whose process is short of file descriptors. The relay runs in a child
 * JVM started under {@code ulimit -n}; the test holds a few hundred connections to it for a few
 * seconds and measures the relay's CPU time and log output meanwhile. Before, its accept loop spun
 * at full speed (140% CPU, 52 MB of log in 10 s); it must back off, keep its listener, and with
 * the default {@code connections.max} (derived from the descriptor limit) not run out at all.
 */
@Timeout(180)
class RelayFdExhaustionTest {

    private static final int FD_LIMIT = 400;
    private static final int ATTACK_CONNECTIONS = 600;
    private static final Duration HOLD = Duration.ofSeconds(3);

    @Test
    void theDefaultConnectionCapStaysBelowTheFdLimitAndOtherAddressesAreServed(@TempDir Path dir) throws Exception {
        try (Child relay = Child.start(dir, "")) {
            Measured m = relay.attack(address("127.0.0.2"), true);
            System.out.printf("fd exhaustion, default cap: relay CPU %d ms and %d bytes of log in %d ms under %d "
                    + "connections (fd limit %d)%n", m.cpu.toMillis(), m.logBytes, HOLD.toMillis(), ATTACK_CONNECTIONS,
                    FD_LIMIT);
            assertThat(m.cpu).isLessThan(HOLD.dividedBy(3));
            assertThat(m.logBytes).isLessThan(16 * 1024);
        }
    }

    @Test
    void acceptErrorsBackOffAndTheListenerSurvives(@TempDir Path dir) throws Exception {
        // connections.max above the descriptor limit: accept itself fails (EMFILE) until connections go
        try (Child relay = Child.start(dir, "connections.max = 5000\nconnections.per-address = 5000\n")) {
            Measured m = relay.attack(address("127.0.0.2"), false);
            System.out.printf("fd exhaustion, accept failing: relay CPU %d ms and %d bytes of log in %d ms%n",
                    m.cpu.toMillis(), m.logBytes, HOLD.toMillis());
            assertThat(m.cpu).isLessThan(HOLD.dividedBy(3));
            assertThat(m.logBytes).isLessThan(16 * 1024);
            // the attack is over: the listener still serves
            try (HonestClient honest = HonestClient.start(relay.uri, address("127.0.0.1"), "alice", "bob")) {
                honest.assertServed();
            }
        }
    }

    record Measured(Duration cpu, long logBytes) {
    }

    /** A relay in a child JVM under {@code ulimit -n FD_LIMIT}, listening on plain TCP on 127.0.0.1. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final MsrpUri uri;
        final AtomicLong logBytes = new AtomicLong();

        private Child(Process process, MsrpUri uri) {
            this.process = process;
            this.uri = uri;
        }

        static Child start(Path dir, String extra) throws Exception {
            Files.writeString(dir.resolve("users.txt"), "alice:secret\nbob:secret\n");
            Path config = dir.resolve("relay.properties");
            Files.writeString(config, "listen = msrp://127.0.0.1:0\nrealm = " + RelayTestKit.REALM
                    + "\nusers.file = users.txt\n" + extra);
            String java = ProcessHandle.current().info().command().orElseThrow();
            String command = "ulimit -n " + FD_LIMIT + " && exec \"$0\" -Xmx128m -cp \"$1\" "
                    + MsrpRelay.class.getName() + " \"$2\"";
            Process p = new ProcessBuilder("bash", "-c", command, java, System.getProperty("java.class.path"),
                    config.toString()).start();
            Child c = null;
            try {
                MsrpUri uri = CompletableFuture.supplyAsync(() -> firstUri(p.getInputStream()))
                        .get(60, TimeUnit.SECONDS);
                c = new Child(p, uri);
                Child child = c;
                Thread.ofVirtual().start(() -> child.count(p.getErrorStream()));
                return c;
            } finally {
                if (c == null) {
                    p.destroyForcibly();
                }
            }
        }

        private static MsrpUri firstUri(InputStream out) {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("listening on ")) {
                        return MsrpUri.parse(line.substring("listening on ".length()).strip());
                    }
                }
                throw new IllegalStateException("the relay ended before it listened");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void count(InputStream err) {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = err.read(buf)) > 0) {
                    logBytes.addAndGet(n);
                }
            } catch (IOException e) {
                // the child ended
            }
        }

        /**
         * Opens {@link #ATTACK_CONNECTIONS} connections from {@code from} and holds them for {@link
         * #HOLD}, checking the honest client from 127.0.0.1 meanwhile if {@code honestMeanwhile};
         * returns the relay's CPU time and log output over that time.
         */
        Measured attack(InetAddress from, boolean honestMeanwhile) throws Exception {
            List<Socket> held = new ArrayList<>();
            try (HonestClient honest = honestMeanwhile
                    ? HonestClient.start(uri, address("127.0.0.1"), "alice", "bob") : null) {
                Duration cpu0 = cpu();
                long log0 = logBytes.get();
                long t0 = System.nanoTime();
                for (int i = 0; i < ATTACK_CONNECTIONS; i++) {
                    Socket s = new Socket();
                    s.bind(new InetSocketAddress(from, 0));
                    s.connect(new InetSocketAddress(uri.host(), uri.port()), 5000); // the kernel's backlog accepts
                    held.add(s);
                }
                if (honest != null) {
                    honest.assertServed();
                }
                long left = HOLD.toNanos() - (System.nanoTime() - t0);
                if (left > 0) {
                    Thread.sleep(Duration.ofNanos(left));
                }
                return new Measured(cpu().minus(cpu0), logBytes.get() - log0);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }

        private Duration cpu() {
            return process.toHandle().info().totalCpuDuration().orElseThrow();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
