package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.testing.LoopbackSockets.V4;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * An {@link MsrpServer} that runs out of file descriptors (issue 17, item 8) keeps its listener:
 * after the flood an honest peer still binds, and the failures were logged through SLF4J, few lines
 * for many failures. The server runs in a child JVM whose open-file limit is lowered with the shell's
 * {@code ulimit -n} (a per-process limit, so the test's own JVM is untouched), on real sockets;
 * this JVM floods it with silent connections until its accepts fail, then lets them go.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class MsrpServerFdExhaustionTest {

    private static final int OPEN_FILES = 256;
    private static final int FLOOD = 2 * OPEN_FILES;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aListenerOutOfFileDescriptorsBacksOffAndKeepsListening() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "ulimit -n " + OPEN_FILES + " && exec \"$@\"", "sh",
                java, "-cp", System.getProperty("java.class.path"), FdExhaustionServer.class.getName());
        Process child = builder.start();
        Lines out = new Lines(child.getInputStream());
        Lines err = new Lines(child.getErrorStream());
        List<Socket> flood = new ArrayList<>();
        ConnectorDirect honest = new ConnectorDirect(ConnectFixtures.settings(WAIT));
        try {
            MsrpUri server = MsrpUri.parse(out.await(l -> l.startsWith("READY "), err).substring(6));
            for (int i = 0; i < FLOOD; i++) {
                Socket s = new Socket();
                flood.add(s);
                s.connect(new InetSocketAddress(V4, server.port()), 10_000);
            }
            String failed = err.await(l -> l.contains("MsrpServer: accepting a connection on 127.0.0.1:"
                    + server.port() + " failed"), out);
            assertThat(failed).contains("WARN").contains("still listening");
            for (Socket s : flood) {
                s.close();
            }

            List<MsrpUri> mine = honest.prepare(local(V4, false));
            OutputStream stdin = child.getOutputStream();
            stdin.write((mine.get(0) + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            try (MsrpTransport bound = honest.complete(List.of(server))) {
                assertThat(out.await(l -> l.startsWith("BOUND "), err)).contains(":" + mine.get(0).port());
            }
            assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(err.all()).isZero();
            assertThat(err.all()).contains("MsrpServer: accepting connections on 127.0.0.1:" + server.port()
                    + " again after ");
            assertThat(err.lines.stream().filter(l -> l.contains("MsrpServer: accepting a connection on")))
                    .as("at most one warning per 10 s").hasSizeLessThanOrEqualTo(3);
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            honest.cleanup();
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A child's output stream, line by line, read on a virtual thread. */
    private static final class Lines {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();

        Lines(InputStream stream) {
            Thread.ofVirtual().name("child-output").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                        fresh.add(l);
                    }
                } catch (IOException e) {
                    // the child is gone; what it printed is kept
                }
            });
        }

        /** The next line matching, within {@link #WAIT}; the failure shows {@code other} too. */
        String await(Predicate<String> match, Lines other) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                String l = fresh.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    throw new AssertionError("no such line from the child within " + WAIT + "; it printed:\n" + all()
                            + "\n---\n" + other.all());
                }
                if (match.test(l)) {
                    return l;
                }
            }
        }

        String all() {
            return String.join("\n", lines);
        }
    }
}
