package org.msrp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Loopback connections for the transport tests: plain and TLS socket pairs on 127.0.0.1 or [::1],
 * transports over them and raw peers that write exact bytes. Everything made is closed by {@link
 * #close()}, which also checks that closing a transport closed its sockets.
 */
final class Loop implements AutoCloseable {

    /** Wait for anything that should happen, so that a hang fails instead of blocking. */
    static final Duration WAIT = Duration.ofSeconds(5);
    static final int WAIT_MILLIS = (int) WAIT.toMillis();

    /** The URI of side A (the active side / client in most tests). */
    static final MsrpUri A = MsrpUri.parse("msrp://127.0.0.1:7001/aaaa1111;tcp");
    /** The URI of side B (the passive side / server in most tests). */
    static final MsrpUri B = MsrpUri.parse("msrp://127.0.0.1:7002/bbbb2222;tcp");

    private static TlsCredentials serverCredentials;

    private final List<MsrpTransport> transports = new ArrayList<>();
    private final List<Socket> transportSockets = new ArrayList<>();
    private final List<Socket> otherSockets = new ArrayList<>();

    /** Two connected transports: first at A addressed to B, second at B addressed to A. */
    record Pair(MsrpTransport a, MsrpTransport b) {
    }

    /** A transport and the raw socket peer at its other end. */
    record Raw(MsrpTransport transport, RawPeer peer) {
    }

    /** A connected pair of plain sockets on {@code address}: [client, accepted]. */
    Socket[] socketPair(String address) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            listener.setSoTimeout(WAIT_MILLIS);
            Socket client = new Socket();
            otherSockets.add(client);
            client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), WAIT_MILLIS);
            Socket accepted = listener.accept();
            otherSockets.add(accepted);
            return new Socket[] {client, accepted};
        }
    }

    /** Transports over a plain socket pair, not bound but with the remote paths set. */
    Pair tcp(String address, TransportOptions a, TransportOptions b) throws IOException {
        Socket[] s = socketPair(address);
        MsrpTransport ta = transport(s[0], A, a);
        MsrpTransport tb = transport(s[1], B, b);
        ta.setFullRemotePath(List.of(B));
        tb.setFullRemotePath(List.of(A));
        return new Pair(ta, tb);
    }

    Pair tcp() throws IOException {
        return tcp("127.0.0.1", TransportOptions.DEFAULT, TransportOptions.DEFAULT);
    }

    /** A transport at B over one end of a plain connection, a raw peer at the other (playing A). */
    Raw raw(TransportOptions options) throws IOException {
        Socket[] s = socketPair("127.0.0.1");
        MsrpTransport tb = transport(s[1], B, options);
        tb.setFullRemotePath(List.of(A));
        return new Raw(tb, new RawPeer(s[0]));
    }

    Raw raw() throws IOException {
        return raw(TransportOptions.DEFAULT);
    }

    /** As {@link #raw(TransportOptions)} over TLS: the raw peer writes plain bytes into its TLS socket. */
    Raw rawTls(TransportOptions options) throws Exception {
        Socket[] s = socketPair("127.0.0.1");
        SSLSocket[] ssl = tlsLayer(s);
        otherSockets.add(ssl[0]);
        otherSockets.remove(s[1]);
        transportSockets.addAll(List.of(s[1], ssl[1]));
        MsrpTransport tb = TransportInternals.open(ssl[1], s[1], B, List.of(), options);
        transports.add(tb);
        tb.setFullRemotePath(List.of(A));
        return new Raw(tb, new RawPeer(ssl[0]));
    }

    /** {@link #raw()} or {@link #rawTls} by a flag. */
    Raw raw(boolean tls) throws Exception {
        return tls ? rawTls(TransportOptions.DEFAULT) : raw();
    }

    /** Wraps a socket in a transport that this loop closes. */
    MsrpTransport transport(Socket socket, MsrpUri local, TransportOptions options) throws IOException {
        return transport(socket, local, List.of(), options);
    }

    /** Wraps a socket in a transport with local relays that this loop closes. */
    MsrpTransport transport(Socket socket, MsrpUri local, List<MsrpUri> relays, TransportOptions options)
            throws IOException {
        otherSockets.remove(socket);
        transportSockets.add(socket);
        MsrpTransport t = TransportInternals.open(socket, local, relays, options);
        transports.add(t);
        return t;
    }

    /**
     * Transports over TLS: A is the TLS client, B the server layering TLS on the accepted socket in
     * server mode. The handshake is done before this returns.
     */
    Pair tls(String address, TransportOptions a, TransportOptions b) throws Exception {
        Socket[] s = socketPair(address);
        SSLSocket[] ssl = tlsLayer(s);
        otherSockets.remove(s[0]);
        otherSockets.remove(s[1]);
        transportSockets.addAll(List.of(s[0], s[1], ssl[0], ssl[1]));
        MsrpTransport ta = TransportInternals.open(ssl[0], s[0], A, List.of(), a);
        transports.add(ta);
        MsrpTransport tb = TransportInternals.open(ssl[1], s[1], B, List.of(), b);
        transports.add(tb);
        ta.setFullRemotePath(List.of(B));
        tb.setFullRemotePath(List.of(A));
        return new Pair(ta, tb);
    }

    Pair tls() throws Exception {
        return tls("127.0.0.1", TransportOptions.DEFAULT, TransportOptions.DEFAULT);
    }

    /** TLS over a plain pair, handshaken: [client, server]. The sockets' timeouts are left at 0. */
    static SSLSocket[] tlsLayer(Socket[] s) throws Exception {
        SSLContext server = TlsContexts.server(credentials());
        SSLContext client = TlsContexts.client();
        SSLSocket serverSide = (SSLSocket) server.getSocketFactory().createSocket(s[1], null, s[1].getPort(), true);
        serverSide.setUseClientMode(false);
        SSLSocket clientSide = (SSLSocket) client.getSocketFactory()
                .createSocket(s[0], s[0].getInetAddress().getHostAddress(), s[0].getPort(), true);
        s[0].setSoTimeout(WAIT_MILLIS);
        s[1].setSoTimeout(WAIT_MILLIS);
        CompletableFuture<Void> serverDone = new CompletableFuture<>();
        Thread.ofVirtual().name("test-tls-handshake").start(() -> {
            try {
                serverSide.startHandshake();
                serverDone.complete(null);
            } catch (Throwable t) {
                serverDone.completeExceptionally(t);
            }
        });
        clientSide.startHandshake();
        serverDone.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        s[0].setSoTimeout(0);
        s[1].setSoTimeout(0);
        return new SSLSocket[] {clientSide, serverSide};
    }

    private static synchronized TlsCredentials credentials() {
        if (serverCredentials == null) {
            serverCredentials = PkixCredentials.selfSigned("127.0.0.1");
        }
        return serverCredentials;
    }

    /**
     * Closes every transport and checks that this closed its sockets (the plain one and the TLS
     * one), then closes the raw sockets.
     */
    @Override
    public void close() throws IOException {
        for (MsrpTransport t : transports) {
            t.close();
            assertThat(t.isClosed()).as("%s closed", t).isTrue();
        }
        for (Socket s : transportSockets) {
            assertThat(s.isClosed()).as("socket of a closed transport: %s", s).isTrue();
        }
        for (Socket s : otherSockets) {
            s.close();
        }
    }

    // ---------------------------------------------------------------- chunks and bytes

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Concatenates the segments' bodies. */
    static byte[] concat(List<MsrpChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MsrpChunk c : chunks) {
            out.writeBytes(c.data());
        }
        return out.toByteArray();
    }

    /** Reads one chunk, waiting at most {@link #WAIT}. */
    static MsrpChunk read(MsrpTransport t) throws IOException {
        return t.readChunk(Integer.MAX_VALUE, WAIT);
    }

    // ---------------------------------------------------------------- threads

    /**
     * The names of the live threads (platform and virtual) whose name starts with {@code prefix},
     * from a JSON thread dump, which lists virtual threads too.
     */
    static List<String> liveThreads(String prefix) throws IOException {
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Path dir = Files.createTempDirectory("msrp4j-threads");
        Path file = dir.resolve("dump.json");
        try {
            bean.dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String json = Files.readString(file);
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
            while (m.find()) {
                if (m.group(1).startsWith(prefix)) {
                    names.add(m.group(1));
                }
            }
            return names;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** Waits up to {@code max} for no thread named {@code prefix…} to be alive; returns those still alive. */
    static List<String> awaitNoThreads(String prefix, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        List<String> alive = liveThreads(prefix);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            alive = liveThreads(prefix);
        }
        return alive;
    }

    /** Waits until {@code thread} is blocked (not runnable), at most {@link #WAIT}; then a little more. */
    static void awaitBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (thread.getState() == Thread.State.RUNNABLE || thread.getState() == Thread.State.NEW) {
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(5);
        }
        Thread.sleep(30);
    }

    // ---------------------------------------------------------------- raw peer

    /** The other end of a connection as plain bytes: writes exactly what it is given, parses what comes. */
    static final class RawPeer {

        final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ArrayDeque<MsrpChunk> received = new ArrayDeque<>();
        private final ChunkParser parser;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        RawPeer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.parser = new ChunkParser(new ChunkListener() {
                @Override
                public void chunkStarted(MsrpChunk chunk) {
                    body.reset();
                }

                @Override
                public void chunkData(MsrpChunk chunk, ByteBuffer data) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    body.writeBytes(b);
                }

                @Override
                public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
                    received.add(chunk.setData(body.toByteArray()));
                }

                @Override
                public void chunkMalformed(ChunkParseException error) {
                    throw new AssertionError("the transport sent a malformed chunk", error);
                }
            });
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The next chunk the transport wrote, waiting at most {@code timeout}. */
        MsrpChunk read(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] buf = new byte[64 * 1024];
            while (received.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SocketTimeoutException("no chunk within " + timeout);
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("end of stream while waiting for a chunk");
                }
                parser.feed(buf, 0, n);
            }
            return received.poll();
        }

        MsrpChunk read() throws IOException {
            return read(WAIT);
        }

        /** Whether no chunk arrives within {@code quiet}. */
        boolean silentFor(Duration quiet) throws IOException {
            try {
                MsrpChunk c = read(quiet);
                throw new AssertionError("expected nothing, got " + c);
            } catch (SocketTimeoutException e) {
                return true;
            }
        }

        /** Reads and discards until the end of the stream; true if it came within {@code timeout}. */
        boolean awaitEof(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] buf = new byte[8192];
            try {
                while (in.read(buf) >= 0) {
                    // discard
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset: ended too
            }
        }

        void close() throws IOException {
            socket.close();
        }
    }
}
