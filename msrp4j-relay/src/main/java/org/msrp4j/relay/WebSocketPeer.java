package org.msrp4j.relay;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSocket;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.protocols.Protocol;
import org.msrp4j.protocol.ChunkFramer;
import org.msrp4j.protocol.ChunkParseException;

/**
 * The WebSocket side (RFC 7977 over RFC 6455) of one connection accepted by a {@code ;ws}
 * listener: it turns the socket's streams into the plain MSRP byte streams a {@link PeerConnection}
 * reads and writes, so AUTH, reservations, limits and forwarding are those of TCP and TLS.
 *
 * <p>The first read takes the HTTP request head ({@link HttpRequestHead}, within the header-block
 * limit and the connection's deadlines). A plain GET is answered by {@link WebPages}, a
 * disallowed Origin with 403 ({@link WebSocketOrigins}); either ends the input. An upgrade goes
 * to Java-WebSocket's {@link WebSocketImpl}, which answers it (101 with {@code
 * Sec-WebSocket-Protocol: msrp}; a request without that subprotocol is refused) and from then on
 * decodes the frames: it assembles fragmented messages, answers pings, checks UTF-8 in text
 * messages and closes with 1009 a message longer than {@link CapacitySettings#maxBufferSize()}. The
 * library does not check that a client masks its frames, nor the size of a fragmented message
 * until its last fragment, so {@link FrameGuard} does (1002, 1009). Each message's payload (text
 * or binary) is what the reads return, in order.
 *
 * <p>Each message must hold one whole MSRP chunk (RFC 7977 §5.2); one that does not closes the
 * connection with 1002 after the messages before it. Writes: a {@link ChunkFramer} finds where
 * each chunk in the relay's output ends, and each write goes out at once (nothing is buffered)
 * as fragments of one binary message per chunk. Frames are queued by the library
 * and written to the socket by the thread that queued them (the writer, or the reader for pongs
 * and close frames) under this peer's own lock; nothing blocks inside the library's locks.
 *
 * <p>Threads: reads on the connection's reader only; writes under {@link PeerWriter}'s lock.
 */
final class WebSocketPeer extends WebSocketAdapter {

    /** The WebSocket subprotocol of RFC 7977. */
    static final String SUBPROTOCOL = "msrp";
    private static final int RAW_BUFFER = 16 * 1024;

    private final Socket socket;
    private final InputStream raw;
    private final OutputStream rawOut;
    private final RelayConfig config;
    private final WebSocketOrigins origins;
    private final WebPages pages;
    private final WebSocketImpl impl;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Finds the chunk ends in what the relay writes. */
    private final ChunkFramer outFramer = new ChunkFramer();
    private final FrameGuard guard;
    private final InputStream input = new Input();
    private final OutputStream output = new Output();

    // the reader thread's
    private final ArrayDeque<ByteBuffer> messages = new ArrayDeque<>();
    private byte[] rawBuffer;
    /** Checks that each message from the peer holds one whole chunk. */
    private ChunkFramer inFramer = new ChunkFramer();
    private boolean badMessage;
    private boolean opened;
    private boolean ended;

    /**
     * @param socket the connection (TLS for {@code wss})
     * @param config the relay's settings (message size, header-block limit, origins, page)
     * @param pages what answers plain HTTP requests
     * @throws IOException if the socket's streams cannot be had
     */
    WebSocketPeer(Socket socket, RelayConfig config, WebPages pages) throws IOException {
        this.socket = socket;
        this.raw = socket.getInputStream();
        this.rawOut = socket.getOutputStream();
        this.config = config;
        this.origins = new WebSocketOrigins(config.webSocket().origins());
        this.pages = pages;
        Draft draft = new Draft_6455(List.of(), List.of(new Protocol(SUBPROTOCOL)), config.capacity().maxBufferSize());
        this.impl = new WebSocketImpl(this, List.of(draft));
        this.guard = new FrameGuard(config.capacity().maxBufferSize());
    }

    /** The MSRP bytes the peer sent: the payloads of its WebSocket messages. */
    InputStream input() {
        return input;
    }

    /** Where the relay writes MSRP chunks to the peer: one WebSocket message each. */
    OutputStream output() {
        return output;
    }

    // ------------------------------------------------------------------ reading

    private int read(byte[] b, int off, int len) throws IOException {
        if (!opened && !ended) {
            open();
        }
        while (true) {
            ByteBuffer m = messages.peek();
            if (m != null) {
                int n = Math.min(len, m.remaining());
                m.get(b, off, n);
                if (!m.hasRemaining()) {
                    messages.poll();
                }
                return n;
            }
            if (ended) {
                return -1;
            }
            int n = raw.read(rawBuffer);
            if (n < 0) {
                ended = true;
                continue;
            }
            decode(rawBuffer, 0, n);
        }
    }

    /** Reads the request head and answers it: a page, a refusal, or the upgrade. */
    private void open() throws IOException {
        HttpRequestHead head;
        try {
            head = HttpRequestHead.read(raw, config.limits().maxHeaderBlock());
        } catch (HttpRequestHead.BadHeadException e) {
            ended = true;
            WebPages.error(rawOut, e.status(), e.status() == 431 ? "Request Header Fields Too Large" : "Bad Request");
            return;
        } catch (EOFException e) {
            ended = true;
            return;
        }
        if (!head.isUpgrade()) {
            ended = true;
            pages.answer(head, rawOut);
            return;
        }
        if (!origins.allows(head, socket instanceof SSLSocket)) {
            ended = true;
            WebPages.error(rawOut, 403, "Forbidden");
            return;
        }
        impl.decode(ByteBuffer.wrap(head.bytes(), 0, head.headLength()));
        flushQueued();
        if (!impl.isOpen()) {
            ended = true;
            return;
        }
        opened = true;
        rawBuffer = new byte[RAW_BUFFER];
        int rest = head.bytes().length - head.headLength();
        if (rest > 0) {
            decode(head.bytes(), head.headLength(), rest);
        }
    }

    private void decode(byte[] b, int off, int n) throws IOException {
        int refusal = guard.check(b, off, n);
        if (refusal == FrameGuard.PROTOCOL_ERROR) {
            impl.close(CloseFrame.PROTOCOL_ERROR, "client frames must be masked");
        } else if (refusal == FrameGuard.TOO_BIG) {
            impl.close(CloseFrame.TOOBIG, "message longer than " + config.capacity().maxBufferSize() + " bytes");
        } else {
            impl.decode(ByteBuffer.wrap(b, off, n));
            if (badMessage) {
                impl.close(CloseFrame.PROTOCOL_ERROR, "a WebSocket message must hold one whole MSRP chunk");
            }
        }
        flushQueued();
        if (impl.isFlushAndClose() || impl.isClosing() || impl.isClosed()) {
            ended = true;
        }
    }

    // ------------------------------------------------------------------ writing

    private void write(byte[] b, int off, int len) throws IOException {
        writeLock.lock();
        try {
            while (len > 0) {
                int end = outFramer.endOfChunk(b, off, len);
                int n = end < 0 ? len : end - off;
                try {
                    impl.sendFragmentedFrame(Opcode.BINARY, ByteBuffer.wrap(b, off, n), end >= 0);
                } catch (WebsocketNotConnectedException e) {
                    throw new IOException("WebSocket closed", e);
                }
                flushQueued();
                off += n;
                len -= n;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes what the library queued (frames, handshake answers) to the socket, in order. */
    private void flushQueued() throws IOException {
        writeLock.lock();
        try {
            ByteBuffer buf;
            boolean any = false;
            while ((buf = impl.outQueue.poll()) != null) {
                rawOut.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
                any = true;
            }
            if (any) {
                rawOut.flush();
            }
        } finally {
            writeLock.unlock();
        }
    }

    // ------------------------------------------------------------------ the library's callbacks

    @Override
    public void onWebsocketMessage(WebSocket conn, String message) {
        onWebsocketMessage(conn, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    }

    /** Queues a message for the reads if it is one whole chunk (RFC 7977 §5.2); else the connection closes. */
    @Override
    public void onWebsocketMessage(WebSocket conn, ByteBuffer blob) {
        if (badMessage) {
            return;
        }
        int end;
        try {
            end = inFramer.endOfChunk(blob.array(), blob.arrayOffset() + blob.position(), blob.remaining());
        } catch (ChunkParseException e) {
            end = -1;
        }
        if (end != blob.arrayOffset() + blob.limit()) {
            badMessage = true;
            inFramer = new ChunkFramer();
            return;
        }
        messages.add(blob);
    }

    @Override
    public void onWebsocketOpen(WebSocket conn, Handshakedata d) {
        // the reader goes on after decode returns
    }

    @Override
    public void onWebsocketClose(WebSocket ws, int code, String reason, boolean remote) {
        // the connection's close() closes the socket
    }

    @Override
    public void onWebsocketClosing(WebSocket ws, int code, String reason, boolean remote) {
        // the reader ends its input after the close frame is written
    }

    @Override
    public void onWebsocketCloseInitiated(WebSocket ws, int code, String reason) {
        // as above
    }

    @Override
    public void onWebsocketError(WebSocket conn, Exception ex) {
        // the library closes the WebSocket with the matching code; the reader then ends
    }

    @Override
    public void onWriteDemand(WebSocket conn) {
        // queued frames are written by the thread that queued them: see flushQueued
    }

    @Override
    public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : WebSocketPeer.this.read(b, off, len);
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            WebSocketPeer.this.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            rawOut.flush();
        }
    }
}
