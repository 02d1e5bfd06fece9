package org.msrp4j.session;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.SessionTestKit.RawPeer;
import org.msrp4j.testing.LoopbackSockets;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * A plain connection whose one end is a transport for a session under test, and whose other end
 * the test writes exact bytes to (any framing, any lie in the headers), reading what the session
 * sends back through {@link #peer}.
 */
final class RawWire implements AutoCloseable {

    /** The session's side, at {@link #local}, addressed to {@link #remote}. */
    final MsrpTransport transport;
    /** Reads the session's responses and REPORTs (its transport writes nothing by itself). */
    final RawPeer peer;
    final MsrpUri local;
    final MsrpUri remote;
    private final OutputStream out;

    private RawWire(MsrpTransport transport, MsrpTransport far, Socket farSocket) throws IOException {
        this.transport = transport;
        this.peer = new RawPeer(far);
        this.local = transport.localUri();
        this.remote = far.localUri();
        this.out = farSocket.getOutputStream();
    }

    static RawWire open() throws IOException {
        Socket[] pair = LoopbackSockets.pair(LoopbackSockets.V4);
        Socket a = pair[0];
        Socket b = pair[1];
        MsrpUri uriA = MsrpUri.builder().host("127.0.0.1").port(a.getLocalPort()).sessionId("rawwirea").build();
        MsrpUri uriB = MsrpUri.builder().host("127.0.0.1").port(b.getLocalPort()).sessionId("rawwireb").build();
        MsrpTransport far = TransportInternals.open(a, uriA, List.of(), TransportSettings.DEFAULT);
        MsrpTransport near = TransportInternals.open(b, uriB, List.of(), TransportSettings.DEFAULT);
        far.setFullRemotePath(List.of(uriB));
        near.setFullRemotePath(List.of(uriA));
        return new RawWire(near, far, a);
    }

    /** The start line and paths of a request from the raw side, then {@code headers} (each ending CRLF). */
    String start(String tid, String method, String headers) {
        return "MSRP " + tid + " " + method + "\r\nTo-Path: " + local + "\r\nFrom-Path: " + remote + "\r\n" + headers;
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() {
        peer.close();
        transport.close();
    }
}
