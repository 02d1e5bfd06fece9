package org.msrp4j.relay;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;
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
 * decodes the frames: it assembles fragmented messages, checks UTF-8 in text messages and closes
 * with 1009 a message longer than {@link CapacitySettings#maxBufferSize()}. Pings are answered once
 * per read from the socket, with a pong for the latest (RFC 6455 §5.5.3 allows that), so a flood of
 * pings costs no more writes than one ping would. The
 * library does not check that a client masks its frames, nor the size of a fragmented message
 * until its last fragment, so {@link FrameGuard} does (1002, 1009). Each message's payload (text
 * or binary) is what the reads return, in order.
 *
 * <p>Each message must hold one whole MSRP chunk (RFC 7977 §5.2); one that does not closes the
 * connection with 1002 after the messages before it. Writes: a {@link ChunkFramer} finds where
 * each chunk in the relay's output ends, and each write goes out at once (nothing is buffered)
 * as fragments of one binary message per chunk. Frames are queued by the library
 * and written to the socket by the thread that queued them (the writer, or the reader for pongs
 * and close frames) under this peer's own lock; nothing blocks inside the library's locks. Every
 * socket write, the reader's too, is watched by the connection's {@link PeerWriter} for the stall
 * limit.
 *
 * <p>When the relay ends the connection it says why in a close frame ({@link #close}), written
 * within the stall limit or not at all, before the socket closes.
 *
 * <p>Threads: reads on the connection's reader only; writes under {@link PeerWriter}'s lock.
 */
final class WebSocketPeer extends WebSocketAdapter {

    /** The WebSocket subprotocol of RFC 7977. */
    static final String SUBPROTOCOL = "msrp";
    /** RFC 6455 close code: the relay ends the connection normally (it stayed idle). */
    static final int NORMAL = CloseFrame.NORMAL;
    /** RFC 6455 close code: the relay is shutting down. */
    static final int GOING_AWAY = CloseFrame.GOING_AWAY;
    /** RFC 6455 close code: the peer's MSRP could not be parsed. */
    static final int PROTOCOL_ERROR = CloseFrame.PROTOCOL_ERROR;
    /** RFC 6455 close code: the peer broke one of the relay's rules (a deadline, a rate, failed AUTHs). */
    static final int POLICY_VIOLATION = CloseFrame.POLICY_VALIDATION;
    /** RFC 6455 close code: the relay failed unexpectedly. */
    static final int INTERNAL_ERROR = CloseFrame.UNEXPECTED_CONDITION;
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
    /** Watches socket writes for the stall limit; set once, before the reader starts. */
    private PeerWriter watch;
    /** The relay is ending the connection: reads end. */
    private volatile boolean closing;
    /** The latest ping not answered yet (the reader's). */
    private PingFrame unansweredPing;

    // the reader thread's
    private final ArrayDeque<ByteBuffer> messages = new ArrayDeque<>();
    private byte[] rawBuffer;
    /** Checks that each message from the peer holds one whole chunk. */
    private ChunkFramer inFramer = new ChunkFramer();
    private boolean badMessage;
    private volatile boolean opened;
    private volatile boolean ended;

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

    /** Socket writes are marked to {@code writer}, so that the relay's stall watchdog sees them. */
    void watchedBy(PeerWriter writer) {
        this.watch = writer;
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
            if (closing) {
                return -1;
            }
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
        opened = impl.isOpen(); // before the 101 goes out: a close from then on sends a close frame after it
        flushQueued();
        if (!opened) {
            ended = true;
            return;
        }
        rawBuffer = new byte[RAW_BUFFER];
        int rest = head.bytes().length - head.headLength();
        if (rest > 0) {
            decode(head.bytes(), head.headLength(), rest);
        }
    }

    private void decode(byte[] b, int off, int n) throws IOException {
        int refusal = guard.check(b, off, n);
        if (refusal == FrameGuard.PROTOCOL_ERROR) {
            impl.close(CloseFrame.PROTOCOL_ERROR, "frames must be masked, control frames whole and short");
        } else if (refusal == FrameGuard.TOO_BIG) {
            impl.close(CloseFrame.TOOBIG, "message longer than " + config.capacity().maxBufferSize() + " bytes");
        } else {
            impl.decode(ByteBuffer.wrap(b, off, n));
            if (badMessage) {
                impl.close(CloseFrame.PROTOCOL_ERROR, "a WebSocket message must hold one whole MSRP chunk");
            }
            answerPing();
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

    /** A pong for the latest ping of this read, if the WebSocket is still open. */
    private void answerPing() {
        PingFrame ping = unansweredPing;
        unansweredPing = null;
        if (ping != null && impl.isOpen()) {
            try {
                impl.sendFrame(new PongFrame(ping));
            } catch (WebsocketNotConnectedException e) {
                // closed meanwhile by a writer: no pong is owed
            }
        }
    }

    /** Writes what the library queued (frames, handshake answers) to the socket, in order. */
    private void flushQueued() throws IOException {
        writeLock.lock();
        try {
            ByteBuffer buf = impl.outQueue.poll();
            if (buf == null) {
                return;
            }
            if (watch != null) {
                watch.rawWriteStarted();
            }
            try {
                do {
                    rawOut.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
                } while ((buf = impl.outQueue.poll()) != null);
                rawOut.flush();
            } finally {
                if (watch != null) {
                    watch.rawWriteEnded();
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    // ------------------------------------------------------------------ closing

    /**
     * Ends the connection for the relay: when the WebSocket is open (and the peer neither closed
     * it nor went away) a close frame with {@code code} goes out first, on a thread from {@code
     * threads}, then {@code closeSockets} runs. No frame is sent while a socket write has been
     * blocked past the stall limit (the peer stopped reading: the sockets close at once), and the
     * frame takes at most {@code limit}: the sockets close then, ending its write or a write it
     * waits for, if they block. Reads end at once.
     *
     * @param code the RFC 6455 status code
     * @param reason the reason sent with it (ASCII, at most 123 bytes)
     * @param limit the longest the frame may take: the relay's stall limit
     * @param threads runs the frame's write
     * @param closeSockets closes the connection's sockets; runs once
     */
    void close(int code, String reason, Duration limit, Executor threads, Runnable closeSockets) {
        closing = true;
        if (!opened || ended || !impl.isOpen() || watch != null && watch.isStalled(System.nanoTime())) {
            closeSockets.run();
            return;
        }
        CompletableFuture.runAsync(() -> sendClose(code, reason, limit), threads)
                .completeOnTimeout(null, limit.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((v, e) -> closeSockets.run());
    }

    private void sendClose(int code, String reason, Duration limit) {
        try {
            if (!writeLock.tryLock(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (impl.isOpen() && !ended) {
                impl.close(code, reason);
                flushQueued();
            }
        } catch (IOException | RuntimeException e) {
            // the peer went, or the sockets closed at the limit: nothing more to say
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

    /** Keeps the ping for {@link #answerPing()} at the end of the read. */
    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        unansweredPing = (PingFrame) f;
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
