package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;
import org.msrp4j.tls.TlsContexts;

/**
 * An MSRP client of a relay's WebSocket listener built on the JDK's {@link WebSocket}: it writes
 * each chunk as one binary message and parses each message it gets, checking that it holds exactly
 * one chunk (RFC 7977). Its own URI has a {@code .invalid} host and the {@code ws} transport, as a
 * browser's would.
 */
final class WsClient implements Closeable, WebSocket.Listener {

    final MsrpUri relayUri;
    final MsrpUri localUri;
    MsrpUri sessionUri;
    private final WebSocket ws;
    private final BlockingQueue<MsrpChunk> chunks = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private final List<String> problems = new ArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private long nc;

    private WsClient(MsrpUri relayUri, URI url) throws IOException {
        this.relayUri = relayUri;
        this.localUri = MsrpUri.builder().host(MsrpGrammar.randomIdent(10).toLowerCase() + ".invalid").port(9)
                .sessionId(MsrpGrammar.randomIdent(12)).useTls(relayUri.useTls()).transport("ws").build();
        HttpClient http = HttpClient.newBuilder().sslContext(TlsContexts.client()).build();
        try {
            this.ws = http.newWebSocketBuilder().subprotocols(WebSocketPeer.SUBPROTOCOL)
                    .connectTimeout(RelayTestKit.WAIT).buildAsync(url, this)
                    .get(RelayTestKit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IOException("WebSocket handshake with " + url + " failed", e);
        }
    }

    /** Connects to the relay's WebSocket listener at {@code relayUri} ({@code msrps} for wss), path /msrp. */
    static WsClient connect(MsrpUri relayUri) throws IOException {
        return connect(relayUri, "/msrp");
    }

    /** Connects to the relay's WebSocket listener at {@code relayUri} with the URL path {@code path}. */
    static WsClient connect(MsrpUri relayUri, String path) throws IOException {
        return new WsClient(relayUri, url(relayUri, path));
    }

    /** The ws:// or wss:// URL of the listener at {@code relayUri} with {@code path}. */
    static URI url(MsrpUri relayUri, String path) {
        return URI.create((relayUri.useTls() ? "wss://" : "ws://") + relayUri.host() + ":" + relayUri.port() + path);
    }

    /** The whole AUTH dance as {@code user}/secret; asserts the 200 and keeps the relay URI. */
    WsClient authOk(String user) throws IOException {
        MsrpChunk first = exchange(authRequest(null));
        assertThat(first.code()).isEqualTo(401);
        WwwAuthenticateHeader ch = (WwwAuthenticateHeader) first.header(WwwAuthenticateHeader.NAME);
        MsrpChunk r = exchange(authRequest(RelayTestKit.Client.answer(ch, user, "secret", ++nc, relayUri)));
        assertThat(r.code()).as("AUTH response").isEqualTo(200);
        sessionUri = ((UsePathHeader) r.header(UsePathHeader.NAME)).path().get(0);
        return this;
    }

    private MsrpChunk authRequest(Map<String, String> authorization) {
        MsrpChunk c = MsrpChunk.request(MsrpGrammar.randomIdent(10), "AUTH");
        c.addHeader(new ToPathHeader(List.of(relayUri)));
        c.addHeader(new FromPathHeader(List.of(localUri)));
        if (authorization != null) {
            c.addHeader(new AuthorizationHeader(authorization));
        }
        return c;
    }

    /** The path this client would put in SDP: its relay URI, then its own. */
    List<MsrpUri> fullPath() {
        return List.of(sessionUri, localUri);
    }

    MsrpChunk exchange(MsrpChunk request) throws IOException {
        write(request);
        return read();
    }

    /** Writes {@code chunk} as one binary message. */
    void write(MsrpChunk chunk) throws IOException {
        write(chunk.encode());
    }

    /** Writes {@code bytes} as one binary message. */
    void write(byte[] bytes) throws IOException {
        try {
            ws.sendBinary(ByteBuffer.wrap(bytes), true).get(RelayTestKit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IOException("send failed", e);
        }
    }

    /** The next chunk, within {@link RelayTestKit#WAIT}; asserts that every message so far held exactly one. */
    MsrpChunk read() throws IOException {
        MsrpChunk c = poll(RelayTestKit.WAIT);
        if (c == null) {
            throw new IOException("no chunk within " + RelayTestKit.WAIT);
        }
        return c;
    }

    /** The next chunk within {@code timeout}, or null. */
    MsrpChunk poll(Duration timeout) {
        try {
            MsrpChunk c = chunks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (problems) {
                assertThat(problems).as("messages that were not one whole chunk").isEmpty();
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Answers {@code request} with 200, as an endpoint does. */
    void ok(MsrpChunk request) throws IOException {
        MsrpChunk r = MsrpChunk.response(request.transactionId(), 200, "OK");
        r.addHeader(new ToPathHeader(List.of(request.fromPath().get(0))));
        r.addHeader(new FromPathHeader(List.of(localUri)));
        write(r);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        message.writeBytes(b);
        if (last) {
            messageDone();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        message.writeBytes(data.toString().getBytes(StandardCharsets.UTF_8));
        if (last) {
            messageDone();
        }
        webSocket.request(1);
        return null;
    }

    private void messageDone() {
        byte[] m = message.toByteArray();
        message.reset();
        List<MsrpChunk> got = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ChunkParser parser = new ChunkParser(new ChunkListener() {
            @Override
            public void chunkStarted(MsrpChunk chunk) {
                body.reset();
            }

            @Override
            public void chunkData(MsrpChunk chunk, ByteBuffer data) {
                byte[] d = new byte[data.remaining()];
                data.get(d);
                body.writeBytes(d);
            }

            @Override
            public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
                if (chunk.isRequest()) {
                    chunk.setData(body.toByteArray());
                }
                got.add(chunk);
            }

            @Override
            public void chunkMalformed(ChunkParseException error) {
                got.add(null);
            }
        });
        try {
            parser.feed(m, 0, m.length);
        } catch (ChunkParseException e) {
            got.add(null);
        }
        if (got.size() != 1 || got.get(0) == null || !parser.isIdle()) {
            synchronized (problems) {
                problems.add(got.size() + " chunks in a message of " + m.length + " bytes");
            }
            return;
        }
        chunks.add(got.get(0));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
