package org.msrp4j.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.auth.Digest;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthenticationInfoHeader;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.ExpiresHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * A loopback stand-in for a relay, on real sockets and {@link MsrpTransport}: it answers each AUTH
 * as the test's {@link Script} says, answers SENDs addressed through it with 200 (a relay's
 * hop-by-hop response), and records every request and every response a client sends it. Not a
 * relay: it forwards nothing; {@link #push} writes a chunk to a client as if forwarded. Made with
 * TLS credentials it listens on TLS ({@code msrps}) only, presenting them.
 */
final class ScriptedRelay implements AutoCloseable {

    /** Answers the {@code index}-th AUTH (from 0) this relay has received. */
    @FunctionalInterface
    interface Script {
        MsrpChunk answer(ScriptedRelay relay, MsrpChunk auth, int index);
    }

    final ServerSocket server;
    final List<MsrpChunk> auths = Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<MsrpChunk> sends = new LinkedBlockingQueue<>();
    final BlockingQueue<MsrpChunk> responses = new LinkedBlockingQueue<>();
    final List<MsrpTransport> connections = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger authCount = new AtomicInteger();
    private final Script script;
    private final SSLContext tls;
    private final boolean webSocket;

    ScriptedRelay(Script script) throws IOException {
        this(script, null);
    }

    ScriptedRelay(Script script, TlsCredentials credentials) throws IOException {
        this(script, credentials, false);
    }

    /** With {@code webSocket}, clients connect with WebSocket (RFC 7977; over TLS with credentials). */
    ScriptedRelay(Script script, TlsCredentials credentials, boolean webSocket) throws IOException {
        this.webSocket = webSocket;
        this.script = script;
        this.tls = credentials == null ? null : TlsContexts.server(credentials);
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().name("scripted-relay").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The relay's own URI, as a client puts it in AUTH's To-Path. */
    MsrpUri uri() {
        return MsrpUri.builder().host("127.0.0.1").port(port()).useTls(tls != null)
                .transport(webSocket ? "ws" : "tcp").build();
    }

    /** A path this relay grants. */
    MsrpUri usePath(String session) {
        return MsrpUri.builder().host("127.0.0.1").port(port()).useTls(tls != null).sessionId(session).build();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("scripted-relay-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        MsrpTransport t;
        try {
            if (tls == null) {
                t = TransportInternals.open(webSocket ? WebSocketTestServer.upgrade(s) : s, uri(), List.of(),
                        TransportSettings.DEFAULT);
            } else {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                t = webSocket ? TransportInternals.open(WebSocketTestServer.upgrade(ssl), uri(), List.of(),
                        TransportSettings.DEFAULT)
                        : TransportInternals.open(ssl, s, uri(), List.of(), TransportSettings.DEFAULT);
            }
        } catch (IOException e) {
            closeQuietly(s);
            return;
        }
        connections.add(t);
        try {
            while (true) {
                MsrpChunk c = t.readChunk();
                if (!c.isRequest()) {
                    responses.add(c);
                    continue;
                }
                if ("AUTH".equals(c.method())) {
                    int index = authCount.getAndIncrement();
                    auths.add(c);
                    MsrpChunk answer = script.answer(this, c, index);
                    if (answer != null) {
                        t.writeChunk(answer);
                    }
                } else if ("SEND".equals(c.method())) {
                    sends.add(c);
                    t.writeResponse(c, 200, "OK");
                }
            }
        } catch (IOException e) {
            t.close();
        }
    }

    /** The next SEND a client sent through this relay, within 10 s. */
    MsrpChunk nextSend() throws InterruptedException {
        MsrpChunk c = sends.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no SEND reached the scripted relay");
        }
        return c;
    }

    /** The next response a client sent this relay, within 10 s. */
    MsrpChunk nextResponse() throws InterruptedException {
        MsrpChunk c = responses.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no response reached the scripted relay");
        }
        return c;
    }

    /** Writes {@code chunk} on the {@code index}-th client connection. */
    void push(int index, MsrpChunk chunk) throws IOException {
        connections.get(index).writeChunk(chunk);
    }

    /** A response to {@code auth} with {@code code} and extra headers. */
    static MsrpChunk respond(MsrpChunk auth, int code, String comment, MsrpHeader<?>... headers) {
        MsrpChunk r = MsrpChunk.response(auth.transactionId(), code, comment);
        r.addHeader(new ToPathHeader(List.of(auth.fromPath().get(0))));
        r.addHeader(new FromPathHeader(List.of(auth.toPath().get(0))));
        for (MsrpHeader<?> h : headers) {
            r.addHeader(h);
        }
        return r;
    }

    /** A 401 with a digest challenge made of {@code params} (name, value, name, value ...). */
    static MsrpChunk challenge(MsrpChunk auth, String... params) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return respond(auth, 401, "Unauthorized", new WwwAuthenticateHeader(p));
    }

    /** A 200 granting {@code usePath}, with Expires when {@code expires} is not null. */
    MsrpChunk grant(MsrpChunk auth, String session, Long expires) {
        MsrpChunk r = respond(auth, 200, "OK", new UsePathHeader(List.of(usePath(session))));
        if (expires != null) {
            r.addHeader(new ExpiresHeader(expires));
        }
        return r;
    }

    /** Whether {@code auth} carries a right digest answer for the user with {@code password}. */
    static boolean verifies(MsrpChunk auth, String password) {
        AuthorizationHeader a = auth.headers().get(AuthorizationHeader.class);
        if (a == null) {
            return false;
        }
        String ha1 = Digest.ha1(a.get("username"), a.get("realm"), password);
        String expected = Digest.response(ha1, a.get("nonce"), a.get("nc"), a.get("cnonce"), a.get("qop"), "AUTH",
                a.get("uri"));
        return Digest.matches(expected, a.get("response"));
    }

    /**
     * Authentication-Info for a 200 to {@code auth} (a qop=auth answer), with the rspauth of a relay
     * that takes the user's password to be {@code password}.
     */
    static AuthenticationInfoHeader proof(MsrpChunk auth, String password) {
        AuthorizationHeader a = auth.headers().get(AuthorizationHeader.class);
        String ha1 = Digest.ha1(a.get("username"), a.get("realm"), password);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("qop", a.get("qop"));
        p.put("rspauth", Digest.rspauth(ha1, a.get("nonce"), a.get("nc"), a.get("cnonce"), a.get("qop"), a.get("uri")));
        p.put("cnonce", a.get("cnonce"));
        p.put("nc", a.get("nc"));
        return new AuthenticationInfoHeader(p);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // the test's relay drops the connection either way
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        new ArrayList<>(connections).forEach(MsrpTransport::close);
    }
}
