package org.msrp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.LoopbackSockets;
import org.msrp4j.testing.RawSocketPeer;
import org.msrp4j.testing.TestTls;
import org.msrp4j.testing.ThreadDump;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Loopback connections for the transport tests: transports over plain and TLS socket pairs of
 * {@link org.msrp4j.testing} on 127.0.0.1 or [::1], unbound, and raw peers that write exact bytes.
 * Everything made is closed by {@link #close()}, which also checks that closing a transport closed
 * its sockets.
 */
final class Loop implements AutoCloseable {

    /** Wait for anything that should happen, so that a hang fails instead of blocking. */
    static final Duration WAIT = Duration.ofSeconds(5);

    /** The URI of side A (the active side / client in most tests). */
    static final MsrpUri A = MsrpUri.parse("msrp://127.0.0.1:7001/aaaa1111;tcp");
    /** The URI of side B (the passive side / server in most tests). */
    static final MsrpUri B = MsrpUri.parse("msrp://127.0.0.1:7002/bbbb2222;tcp");

    private final List<MsrpTransport> transports = new ArrayList<>();
    private final List<Socket> transportSockets = new ArrayList<>();
    private final List<Socket> otherSockets = new ArrayList<>();

    /** Two connected transports: first at A addressed to B, second at B addressed to A. */
    record Pair(MsrpTransport a, MsrpTransport b) {
    }

    /** A transport and the raw socket peer at its other end. */
    record Raw(MsrpTransport transport, RawSocketPeer peer) {
    }

    /** A connected pair of plain sockets on {@code address}, closed by this loop: [client, accepted]. */
    Socket[] socketPair(String address) throws IOException {
        Socket[] pair = LoopbackSockets.pair(address);
        otherSockets.addAll(List.of(pair));
        return pair;
    }

    /** Transports over a plain socket pair, not bound but with the remote paths set. */
    Pair tcp(String address, TransportSettings a, TransportSettings b) throws IOException {
        Socket[] s = socketPair(address);
        MsrpTransport ta = transport(s[0], A, a);
        MsrpTransport tb = transport(s[1], B, b);
        ta.setFullRemotePath(List.of(B));
        tb.setFullRemotePath(List.of(A));
        return new Pair(ta, tb);
    }

    Pair tcp() throws IOException {
        return tcp("127.0.0.1", TransportSettings.DEFAULT, TransportSettings.DEFAULT);
    }

    /** A transport at B over one end of a plain connection, a raw peer at the other (playing A). */
    Raw raw(TransportSettings options) throws IOException {
        Socket[] s = socketPair("127.0.0.1");
        MsrpTransport tb = transport(s[1], B, options);
        tb.setFullRemotePath(List.of(A));
        return new Raw(tb, new RawSocketPeer(s[0]));
    }

    Raw raw() throws IOException {
        return raw(TransportSettings.DEFAULT);
    }

    /** As {@link #raw(TransportSettings)} over TLS: the raw peer writes plain bytes into its TLS socket. */
    Raw rawTls(TransportSettings options) throws Exception {
        Socket[] s = socketPair("127.0.0.1");
        SSLSocket[] ssl = TestTls.layer(s[0], s[1]);
        otherSockets.add(ssl[0]);
        otherSockets.remove(s[1]);
        transportSockets.addAll(List.of(s[1], ssl[1]));
        MsrpTransport tb = TransportInternals.open(ssl[1], s[1], B, List.of(), options);
        transports.add(tb);
        tb.setFullRemotePath(List.of(A));
        return new Raw(tb, new RawSocketPeer(ssl[0]));
    }

    /** {@link #raw()} or {@link #rawTls} by a flag. */
    Raw raw(boolean tls) throws Exception {
        return tls ? rawTls(TransportSettings.DEFAULT) : raw();
    }

    /** Wraps a socket in a transport that this loop closes. */
    MsrpTransport transport(Socket socket, MsrpUri local, TransportSettings options) throws IOException {
        return transport(socket, local, List.of(), options);
    }

    /** Wraps a socket in a transport with local relays that this loop closes. */
    MsrpTransport transport(Socket socket, MsrpUri local, List<MsrpUri> relays, TransportSettings options)
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
    Pair tls(String address, TransportSettings a, TransportSettings b) throws Exception {
        Socket[] s = socketPair(address);
        SSLSocket[] ssl = TestTls.layer(s[0], s[1]);
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
        return tls("127.0.0.1", TransportSettings.DEFAULT, TransportSettings.DEFAULT);
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

    /** The names of the live threads (platform and virtual) whose name starts with {@code prefix}. */
    static List<String> liveThreads(String prefix) throws IOException {
        return ThreadDump.names(prefix);
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
}
