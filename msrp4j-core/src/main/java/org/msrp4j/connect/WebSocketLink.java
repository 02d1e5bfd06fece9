package org.msrp4j.connect;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.ConnectionLostException;
import org.msrp4j.transport.websocket.ChunkMessageOutputStream;
import org.msrp4j.transport.websocket.MessageInputStream;
import org.msrp4j.transport.websocket.MessageSink;
import org.msrp4j.transport.websocket.MessageSocket;

/**
 * A WebSocket connection to a relay (RFC 7977) with the JDK's {@code java.net.http.WebSocket}: the
 * {@code msrp} subprotocol, {@code ws://} or {@code wss://} (TLS checked with the relay's context, as
 * for TCP), one MSRP chunk per binary message. {@link #connect} returns it as a {@link MessageSocket}
 * (with the TLS session over {@code wss}, caught by {@link EngineCapture}) for an unchanged {@code
 * MsrpTransport}; {@link #close()} before that aborts the handshake. A {@link WebSocketKeepAlive}
 * pings a quiet relay, since the JDK's WebSocket reports nothing of a connection dropped without a
 * close frame.
 */
final class WebSocketLink implements WebSocket.Listener, MessageSink, WebSocketKeepAlive.Peer, Closeable {

    /** The WebSocket subprotocol of RFC 7977. */
    static final String SUBPROTOCOL = "msrp";
    /** The largest message accepted from the relay. */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;
    /** Received bytes that may wait for the reader. */
    private static final int MAX_BUFFERED = 256 * 1024;
    /** The largest chunk sent in a single frame; larger ones are fragmented. */
    private static final int MAX_FRAME = 256 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final ByteBuffer PING = ByteBuffer.wrap("msrp4j".getBytes(StandardCharsets.US_ASCII))
            .asReadOnlyBuffer();

    private final URI uri;
    private final InetSocketAddress address;
    private final HttpClient client;
    private final MessageInputStream in;
    private final EngineCapture tls;
    /** Null when pings are off. */
    private final WebSocketKeepAlive keepAlive;
    /** Frames asked of the WebSocket and not delivered yet. */
    private final AtomicLong requested = new AtomicLong();
    private volatile WebSocket webSocket;
    private volatile CompletableFuture<WebSocket> opening;
    private final CompletableFuture<Void> peerClosed = new CompletableFuture<>();
    private volatile boolean sending;
    private volatile boolean closed;

    /**
     * A link to {@code target}, not yet connected.
     *
     * @param target the relay's URI, with transport {@code ws}
     * @param address the relay's resolved address
     * @param tls the TLS context for {@code msrps} relays, unused otherwise
     * @param maxMessage the largest message accepted from the relay
     * @param pingAfter the quiet time before a ping to the relay; zero for no pings
     * @param pongWithin the time the relay has to answer a ping
     */
    WebSocketLink(MsrpUri target, InetSocketAddress address, SSLContext tls, int maxMessage, Duration pingAfter,
            Duration pongWithin) throws IOException {
        this.uri = webSocketUri(target, address);
        this.address = address;
        HttpClient.Builder b = HttpClient.newBuilder();
        this.tls = target.useTls() ? EngineCapture.of(tls) : null;
        if (this.tls != null) {
            b.sslContext(this.tls);
        }
        this.client = b.build();
        this.in = new MessageInputStream(maxMessage, MAX_BUFFERED, this::demand);
        this.keepAlive = pingAfter.isZero() ? null : new WebSocketKeepAlive(this, pingAfter, pongWithin);
    }

    /** Whether {@code relay} is to be reached over WebSocket: its transport is {@code ws}. */
    static boolean isWebSocket(MsrpUri relay) {
        return "ws".equalsIgnoreCase(relay.transport());
    }

    /**
     * The local URI of a WebSocket client (RFC 7977 §5.2): {@code uri} when given (with a random
     * session id when it has none), else one on a random host in {@code .invalid}, transport {@code ws},
     * with the relay's scheme.
     */
    static MsrpUri localUri(MsrpUri uri, MsrpUri relay) {
        MsrpUri u = uri != null ? uri : MsrpUri.builder().useTls(relay.useTls())
                .host(MsrpGrammar.randomIdent(12).toLowerCase(Locale.ROOT) + ".invalid").transport("ws").build();
        return u.sessionId() != null ? u : u.withSessionId(MsrpGrammar.randomIdent(20));
    }

    private static URI webSocketUri(MsrpUri target, InetSocketAddress address) throws IOException {
        try {
            return new URI(target.useTls() ? "wss" : "ws", null, target.host(), target.effectivePort(), "/", null,
                    null);
        } catch (URISyntaxException e) {
            throw new ConnectFailedException("not a WebSocket address: " + target + ": " + e.getMessage(), address, e);
        }
    }

    /**
     * Opens the WebSocket within {@code timeout} and checks that the relay took the {@code msrp}
     * subprotocol.
     *
     * @throws ConnectTimeoutException if the connection or handshake takes too long
     * @throws ConnectFailedException if the relay cannot be reached, refuses the handshake (its HTTP
     *     status is in the message), fails TLS, or answers without the {@code msrp} subprotocol
     */
    MessageSocket connect(Duration timeout) throws IOException {
        CompletableFuture<WebSocket> future = client.newWebSocketBuilder().subprotocols(SUBPROTOCOL)
                .connectTimeout(timeout).buildAsync(uri, this);
        opening = future;
        if (closed) {
            future.cancel(true);
        }
        WebSocket ws;
        try {
            ws = future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new ConnectTimeoutException("the WebSocket handshake with " + uri + " took longer than "
                    + timeout.toMillis() + " ms", timeout, e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening " + uri);
        } catch (ExecutionException | CancellationException e) {
            close();
            throw failure(e.getCause() == null ? e : e.getCause(), timeout);
        }
        if (!SUBPROTOCOL.equals(ws.getSubprotocol())) {
            close();
            throw new ConnectFailedException("the relay at " + uri + " did not accept the WebSocket subprotocol "
                    + SUBPROTOCOL + " (it answered " + (ws.getSubprotocol().isEmpty() ? "none" : ws.getSubprotocol())
                    + ")", address, null);
        }
        if (keepAlive != null) {
            keepAlive.start();
        }
        return new MessageSocket(in, new ChunkMessageOutputStream(this, MAX_FRAME), this, null, address,
                tls == null ? null : tls.session().orElse(null));
    }

    private IOException failure(Throwable cause, Duration timeout) {
        if (cause instanceof WebSocketHandshakeException h) {
            return new ConnectFailedException("the relay at " + uri + " refused the WebSocket handshake: HTTP "
                    + h.getResponse().statusCode(), address, h);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ConnectTimeoutException("connecting to " + uri + " took longer than " + timeout.toMillis()
                    + " ms", timeout, cause);
        }
        if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            return new ConnectFailedException("TLS handshake with " + uri + " failed: " + cause.getMessage(), address,
                    cause);
        }
        if (cause instanceof ConnectException) {
            return new ConnectFailedException("cannot connect to " + uri + ": " + cause.getMessage(), address, cause);
        }
        return new ConnectFailedException("cannot open a WebSocket to " + uri + ": " + cause, address, cause);
    }

    private void demand() {
        WebSocket ws = webSocket;
        if (ws != null) {
            request(ws);
        }
    }

    private void request(WebSocket ws) {
        requested.incrementAndGet();
        ws.request(1);
    }

    /** A frame came: one fewer is asked for, and the relay is alive. */
    private void delivered() {
        requested.decrementAndGet();
        if (keepAlive != null) {
            keepAlive.heard();
        }
    }

    // ---------------------------------------------------------------- WebSocket.Listener

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
        request(ws);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        delivered();
        in.feed(data, last);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        delivered();
        in.feed(StandardCharsets.UTF_8.encode(CharBuffer.wrap(data)), last);
        return null;
    }

    /** The JDK answers the ping itself; it counts as a sign of life. */
    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        delivered();
        request(ws);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        delivered();
        request(ws);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        delivered();
        stopKeepAlive();
        in.end();
        peerClosed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        stopKeepAlive();
        in.fail(new ConnectionLostException("the WebSocket to " + uri + " failed: " + error, error));
        peerClosed.complete(null);
    }

    private void stopKeepAlive() {
        if (keepAlive != null) {
            keepAlive.stop();
        }
    }

    // ---------------------------------------------------------------- WebSocketKeepAlive.Peer

    @Override
    public void ping() {
        WebSocket ws = webSocket;
        if (ws != null && !closed) {
            try {
                ws.sendPing(PING.duplicate());
            } catch (RuntimeException e) {
                // the output closed meanwhile: the connection is ending anyway
            }
        }
    }

    @Override
    public boolean listening() {
        return requested.get() > 0;
    }

    @Override
    public void lost(Duration pongWithin) {
        in.fail(new ConnectionLostException("the WebSocket to " + uri + " is dead: the relay did not answer a ping "
                + "within " + pongWithin.toMillis() + " ms"));
        peerClosed.complete(null);
        abort(webSocket);
    }

    // ---------------------------------------------------------------- MessageSink

    @Override
    public void send(ByteBuffer data, boolean last) throws IOException {
        WebSocket ws = webSocket;
        if (ws == null || closed) {
            throw new IOException("the WebSocket to " + uri + " is closed");
        }
        sending = true;
        try {
            ws.sendBinary(data, last).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException("sending to " + uri + " failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending to " + uri);
        } finally {
            sending = false;
        }
    }

    /**
     * Closes the WebSocket: a close handshake when no send is blocked (the connection is dropped once
     * the relay answers, or after two seconds), else at once; aborts a handshake in progress.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopKeepAlive();
        in.close();
        CompletableFuture<WebSocket> o = opening;
        if (o != null) {
            o.cancel(true);
        }
        WebSocket ws = webSocket;
        if (ws == null || sending) {
            abort(ws);
            return;
        }
        CompletableFuture<WebSocket> goodbye;
        try {
            goodbye = ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        } catch (RuntimeException e) {
            goodbye = CompletableFuture.failedFuture(e);
        }
        goodbye.thenCompose(w -> peerClosed).orTimeout(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> abort(ws));
    }

    private void abort(WebSocket ws) {
        if (ws != null) {
            ws.abort();
        }
        client.shutdownNow();
    }

    @Override
    public String toString() {
        return "WebSocketLink[" + uri + "]";
    }
}
