package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.auth.Digest;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.ExpiresHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;
import org.msrp4j.testing.TestTls;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/** Relays on loopback and raw MSRP clients built from core's transport. */
final class RelayTestKit {

    static final String REALM = "example.org";
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The certificate every relay of the kit presents, so that one pinned fingerprint fits them all. */
    static final TlsCredentials CERTIFICATE = TestTls.credentials();

    private RelayTestKit() {
    }

    /** Next hops on loopback allowed: where every peer of these tests listens. */
    static final NextHopPolicy LOOPBACK = NextHopPolicy.builder().allowLoopback(true).build();

    /**
     * A relay on 127.0.0.1 with a TLS and a TCP listener, users alice/bob/carol (password secret),
     * allowed to open connections to next hops on loopback.
     */
    static MsrpRelay relay(Consumer<RelayConfig.Builder> tweak) throws IOException {
        RelayConfig.Builder b = RelayConfig.builder()
                .listener(RelayListener.tls("127.0.0.1", 0))
                .listener(RelayListener.tcp("127.0.0.1", 0))
                .host("127.0.0.1")
                .realm(REALM)
                .nextHopPolicy(LOOPBACK)
                .tlsCredentials(CERTIFICATE)
                .users(RelayUsers.ofPasswords(Map.of("alice", "secret", "bob", "secret", "carol", "secret")));
        tweak.accept(b);
        return MsrpRelay.start(b.build());
    }

    static MsrpRelay relay() throws IOException {
        return relay(b -> { });
    }

    /** Relay-client settings for the kit's relays: {@code user} in {@link #REALM}, their certificate pinned. */
    static RelaySettings.Builder clientSettings(String user, String password) {
        return RelaySettings.builder(REALM, user, password).relayFingerprint(CERTIFICATE.fingerprint());
    }

    /** A client connection to a relay (or any MSRP listener), speaking raw chunks. */
    static final class Client implements Closeable {
        final Socket tcp;
        /** The TLS socket over {@link #tcp}, or null over TCP. */
        final SSLSocket ssl;
        final MsrpTransport transport;
        final MsrpUri relayUri;
        final MsrpUri localUri;
        MsrpUri sessionUri;
        private long nc;

        private Client(Socket tcp, SSLSocket ssl, MsrpTransport transport, MsrpUri relayUri, MsrpUri localUri) {
            this.tcp = tcp;
            this.ssl = ssl;
            this.transport = transport;
            this.relayUri = relayUri;
            this.localUri = localUri;
        }

        static Client connect(MsrpUri relayUri) throws IOException {
            return connect(relayUri, null);
        }

        /** Connects from source address {@code from} (null: the system's choice, 127.0.0.1 on loopback). */
        static Client connect(MsrpUri relayUri, InetAddress from) throws IOException {
            return connect(relayUri, from, new Socket());
        }

        /** As {@link #connect(MsrpUri, InetAddress)}, over {@code tcp}, a socket not connected yet. */
        static Client connect(MsrpUri relayUri, InetAddress from, Socket tcp) throws IOException {
            if (from != null) {
                tcp.bind(new InetSocketAddress(from, 0));
            }
            tcp.connect(new InetSocketAddress(relayUri.host(), relayUri.effectivePort()), 5000);
            MsrpUri local = MsrpUri.builder().host(MsrpRelay.hostText(tcp.getLocalAddress())).port(tcp.getLocalPort())
                    .sessionId(MsrpGrammar.randomIdent(12)).useTls(relayUri.useTls()).build();
            MsrpTransport t;
            SSLSocket ssl = null;
            if (relayUri.useTls()) {
                ssl = (SSLSocket) TlsContexts.client().getSocketFactory().createSocket(tcp,
                        relayUri.host(), relayUri.effectivePort(), true);
                ssl.setSoTimeout(5000);
                ssl.startHandshake();
                t = TransportInternals.open(ssl, tcp, local, List.of(), TransportSettings.DEFAULT);
            } else {
                t = TransportInternals.open(tcp, local, List.of(), TransportSettings.DEFAULT);
            }
            return new Client(tcp, ssl, t, relayUri, local);
        }

        MsrpChunk authRequest(Map<String, String> authorization, Long expires) {
            MsrpChunk c = MsrpChunk.request(MsrpGrammar.randomIdent(10), "AUTH");
            c.addHeader(new ToPathHeader(List.of(relayUri)));
            c.addHeader(new FromPathHeader(List.of(localUri)));
            if (authorization != null) {
                c.addHeader(new AuthorizationHeader(authorization));
            }
            if (expires != null) {
                c.addHeader(new ExpiresHeader(expires));
            }
            return c;
        }

        /** Sends AUTH without credentials and returns the 401's challenge. */
        WwwAuthenticateHeader challenge() throws IOException {
            MsrpChunk r = exchange(authRequest(null, null));
            assertThat(r.code()).isEqualTo(401);
            return (WwwAuthenticateHeader) r.header(WwwAuthenticateHeader.NAME);
        }

        /** The Authorization parameters answering {@code challenge}. */
        Map<String, String> answer(WwwAuthenticateHeader challenge, String user, String password, long count) {
            return answer(challenge, user, password, count, relayUri);
        }

        /** The Authorization parameters answering {@code challenge} of the relay at {@code relay}. */
        static Map<String, String> answer(WwwAuthenticateHeader challenge, String user, String password, long count,
                MsrpUri relay) {
            String nonce = challenge.get("nonce");
            String realm = challenge.get("realm");
            String cnonce = MsrpGrammar.randomIdent(16);
            String nc = Digest.nc(count);
            String uri = relay.encode();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("username", user);
            p.put("realm", realm);
            p.put("nonce", nonce);
            p.put("uri", uri);
            p.put("qop", "auth");
            p.put("nc", nc);
            p.put("cnonce", cnonce);
            p.put("response", Digest.response(Digest.ha1(user, realm, password), nonce, nc, cnonce, "auth", "AUTH",
                    uri));
            p.put("algorithm", "MD5");
            if (challenge.get("opaque") != null) {
                p.put("opaque", challenge.get("opaque"));
            }
            return p;
        }

        /** The whole AUTH dance; returns the final response. */
        MsrpChunk auth(String user, String password, Long expires) throws IOException {
            WwwAuthenticateHeader ch = challenge();
            MsrpChunk r = exchange(authRequest(answer(ch, user, password, ++nc), expires));
            if (r.code() == 200) {
                sessionUri = ((UsePathHeader) r.header(UsePathHeader.NAME)).path().get(0);
            }
            return r;
        }

        /** AUTHs as {@code user} with password secret and asserts the 200. */
        Client authOk(String user) throws IOException {
            MsrpChunk r = auth(user, "secret", null);
            assertThat(r.code()).as("AUTH response").isEqualTo(200);
            return this;
        }

        /** The path this client would put in SDP: its relay URI, then its own. */
        List<MsrpUri> fullPath() {
            return sessionUri == null ? List.of(localUri) : List.of(sessionUri, localUri);
        }

        MsrpChunk exchange(MsrpChunk request) throws IOException {
            write(request);
            return read();
        }

        void write(MsrpChunk chunk) throws IOException {
            transport.writeChunk(chunk);
        }

        MsrpChunk read() throws IOException {
            return transport.readChunk(64 * 1024 * 1024, WAIT);
        }

        /** The next chunk within {@code timeout}, or null if none came. */
        MsrpChunk poll(Duration timeout) throws IOException {
            try {
                return transport.readChunk(64 * 1024 * 1024, timeout);
            } catch (MsrpTimeoutException e) {
                return null;
            }
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    /** A SEND from {@code from} along {@code toPath}. */
    static MsrpChunk send(List<MsrpUri> toPath, List<MsrpUri> fromPath, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        MsrpChunk c = MsrpChunk.request(MsrpGrammar.randomIdent(10), "SEND");
        c.addHeader(new ToPathHeader(toPath));
        c.addHeader(new FromPathHeader(fromPath));
        c.addHeader(new MessageIdHeader(MsrpGrammar.randomIdent(12)));
        c.addHeader(new ByteRangeHeader(new ByteRange(1, body.length, body.length)));
        c.addHeader(new ContentTypeHeader("text/plain"));
        c.setData(body);
        return c;
    }

    /**
     * Writes {@code batch} from {@code from} at once, then checks that {@code to} gets every chunk
     * whole and in order and that {@code from} gets a 200 for each, in the same order.
     */
    static void forwardsInOrder(Client from, Client to, List<MsrpChunk> batch) throws IOException {
        from.transport.writeChunks(batch);
        for (int i = 0; i < batch.size(); i++) {
            MsrpChunk got = to.read();
            assertThat(got.data()).as("chunk %d", i).isEqualTo(batch.get(i).data());
            assertThat(got.messageId()).isEqualTo(batch.get(i).messageId());
        }
        for (MsrpChunk sent : batch) {
            MsrpChunk ok = from.read();
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.transactionId()).isEqualTo(sent.transactionId());
        }
    }

    /** What one sender of {@link #sendersNeverInterleave} does: sends its chunks, each body all {@code fill}. */
    interface Sender {
        void send(Client from, Client to, byte fill) throws IOException;
    }

    /**
     * Connects {@code senders} clients (over TLS and TCP in turn) that send to one receiver at once,
     * each as {@code sender} does, {@code each} bodies of {@code size} bytes; checks that every body
     * arrives whole (one sender's bytes only) and that each sender's all arrive, answering each 200.
     */
    static void sendersNeverInterleave(MsrpRelay relay, int senders, int each, int size, Sender sender)
            throws Exception {
        try (Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            List<Client> clients = new ArrayList<>();
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                Client a = Client.connect(relay.listenerUri(s % 2 == 0)).authOk("alice");
                clients.add(a);
                byte fill = (byte) ('a' + s);
                running.add(CompletableFuture.runAsync(() -> {
                    try {
                        sender.send(a, b, fill);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            int[] counts = new int[senders];
            for (int i = 0; i < senders * each; i++) {
                MsrpChunk got = b.read();
                byte[] d = got.data();
                assertThat(d).hasSize(size);
                for (byte x : d) {
                    if (x != d[0]) {
                        throw new AssertionError("interleaved body");
                    }
                }
                counts[d[0] - 'a']++;
                b.write(b.transport.makeResponse(got, 200, "OK"));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(counts).containsOnly(each);
            for (Client c : clients) {
                c.close();
            }
        }
    }

    /**
     * Writes {@code each} SENDs from {@code a} to {@code b} at once, each a whole body of {@code size}
     * bytes all {@code fill}; returns them in the order written.
     */
    static List<MsrpChunk> writeFilled(Client a, Client b, byte fill, int each, int size) throws IOException {
        List<MsrpChunk> batch = new ArrayList<>();
        for (int k = 0; k < each; k++) {
            byte[] d = new byte[size];
            Arrays.fill(d, fill);
            MsrpChunk c = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            c.setData(d);
            c.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
            batch.add(c);
        }
        a.transport.writeChunks(batch);
        return batch;
    }

    /** {@code a}'s relay path followed by {@code b}'s full path: the To-Path of a SEND from a to b. */
    static List<MsrpUri> toPath(Client a, List<MsrpUri> bPath) {
        List<MsrpUri> p = new ArrayList<>();
        if (a.sessionUri != null) {
            p.add(a.sessionUri);
        }
        p.addAll(bPath);
        return p;
    }

    /** Deterministic body bytes: byte i of a body starting at {@code offset} depends on offset + i only. */
    static byte[] pattern(int size, long offset) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            long k = offset + i;
            b[i] = (byte) ((k * 31 + (k >>> 11)) & 0xff);
        }
        return b;
    }

    /**
     * Reads chunks off a raw socket: the body bytes and CRC, the first chunk's start and end flag,
     * and (with {@link #readToTheEnd}) whether the connection closed after that end.
     */
    static final class Sink implements ChunkListener {
        final AtomicLong bodyBytes = new AtomicLong();
        final CRC32 crc = new CRC32();
        final CompletableFuture<Continuation> end = new CompletableFuture<>();
        volatile MsrpChunk start;
        volatile boolean closedAfterTheEnd;

        @Override
        public void chunkStarted(MsrpChunk chunk) {
            if (start == null) {
                start = chunk;
            }
        }

        @Override
        public void chunkData(MsrpChunk chunk, ByteBuffer data) {
            bodyBytes.addAndGet(data.remaining());
            crc.update(data);
        }

        @Override
        public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
            end.complete(continuation);
        }

        /** Reads {@code socket} until it closes, then notes whether a chunk had ended before. */
        void readToTheEnd(Socket socket) {
            ChunkParser parser = new ChunkParser(this);
            byte[] buf = new byte[64 * 1024];
            try {
                socket.setSoTimeout((int) WAIT.toMillis());
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    parser.feed(buf, 0, n);
                }
            } catch (SocketException e) {
                // reset by the relay's close: a close as well
            } catch (IOException e) {
                return; // a timeout or bad input: no close seen
            }
            closedAfterTheEnd = end.isDone();
        }
    }
}
