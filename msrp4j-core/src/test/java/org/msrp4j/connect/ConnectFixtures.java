package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.testing.Async.WAIT;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.testing.Interop;
import org.msrp4j.transport.MsrpTransport;

/**
 * Helpers of the connector tests on top of {@link org.msrp4j.testing}: local URIs on 127.0.0.1 or [::1]
 * only, settings, chunk exchanges with path checks, silent raw servers, and the process's file
 * descriptors for leak checks. Every wait is bounded.
 */
final class ConnectFixtures {

    private static final AtomicInteger IDS = new AtomicInteger();

    private ConnectFixtures() {
    }

    /** A local URI on {@code host} with port 0 (a free one is picked) and a fresh session id. */
    static MsrpUri local(String host, boolean tls) {
        return MsrpUri.builder().host(host).port(0).useTls(tls)
                .sessionId("s" + IDS.incrementAndGet() + "x" + System.nanoTime()).build();
    }

    /** Settings with every limit set to {@code limit}. */
    static ConnectSettings.Builder limits(Duration limit) {
        return ConnectSettings.builder().connectTimeout(limit).incomingConnectionTimeout(limit).bindTimeout(limit);
    }

    static ConnectSettings settings(Duration limit) {
        return limits(limit).build();
    }

    static ConnectSettings settings(Duration limit, boolean sessmatch) {
        return limits(limit).useSessmatch(sessmatch).build();
    }

    static String text(MsrpChunk chunk) {
        return new String(chunk.data(), StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code body} from {@code from} to {@code to}, checks what arrives (body, transaction
     * id, paths, the receiver's own path check), answers 200 and checks the sender gets it.
     */
    static void send(MsrpTransport from, MsrpTransport to, String body) throws IOException {
        MsrpChunk sent = from.newChunk().data(body).build();
        from.writeChunk(sent);
        MsrpChunk got = to.readChunk(1 << 20, WAIT);
        assertThat(got.isRequest()).as("a request arrives").isTrue();
        assertThat(got.method()).isEqualTo("SEND");
        assertThat(got.transactionId()).isEqualTo(sent.transactionId());
        assertThat(text(got)).isEqualTo(body);
        assertThat(got.fromPath()).containsExactly(from.localUri());
        assertThat(got.toPath()).isEqualTo(from.fullRemotePath());
        assertThat(to.checkIncomingSendChunk(got)).as("receiver's path check of %s", got).isEmpty();
        assertThat(to.writeResponse(got, 200, "OK")).isTrue();
        MsrpChunk response = from.readChunk(1 << 20, WAIT);
        assertThat(response.isResponse()).isTrue();
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.transactionId()).isEqualTo(sent.transactionId());
    }

    /** {@link #send} both ways. */
    static void exchange(BoundPair b, String activeToPassive, String passiveToActive) throws IOException {
        send(b.active(), b.passive(), activeToPassive);
        send(b.passive(), b.active(), passiveToActive);
    }

    /** Whether a TCP connection to {@code host:port} is refused now. */
    static boolean refuses(String host, int port) {
        return !Interop.listening(host, port);
    }

    /**
     * A TCP server on loopback that accepts connections and never writes; optionally it sends
     * {@code greeting} bytes and closes. Keeps what it accepted until closed.
     */
    static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger count = new AtomicInteger();

        RawServer(String host) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByName(host));
            Thread.ofVirtual().name("raw-server").start(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept());
                        count.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        /** A URI naming this server as the peer. */
        MsrpUri uri(boolean tls) {
            return MsrpUri.builder().host(socket.getInetAddress().getHostAddress()).port(port()).useTls(tls)
                    .sessionId("raw" + IDS.incrementAndGet()).build();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** Reads until end of stream or {@code limit}; true if the peer closed within it. */
    static boolean sawEof(Socket s, Duration limit) throws IOException {
        s.setSoTimeout((int) limit.toMillis());
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed as well
        }
        return false;
    }

    /** The number of open file descriptors of this process. */
    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Milliseconds since {@code startNanos}. */
    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
