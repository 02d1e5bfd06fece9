package org.msrp4j.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.Connector;
import org.msrp4j.connect.Connectors;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * Two endpoints of one session in this process, on 127.0.0.1, for {@code msrp demo} and {@code
 * msrp bench}: Alice (the SDP offerer, who connects) and Bob (the answerer, who listens). {@link
 * #prepare} gives both paths (what SIP would carry in SDP {@code a=path}); {@link #complete}
 * connects and binds both ends.
 *
 * <p>How the two ends reach each other is decided here only: {@link #prepare} has Alice connect
 * directly to Bob; {@link #throughRelay} puts Bob behind a relay (his connector from {@link
 * Connectors#acceptor(RelaySettings, ConnectSettings)} authenticates to it and his path starts with
 * the relay's URI), and Alice, still connecting directly, reaches him through it.
 */
final class LoopbackPair {

    /** The two bound transports. */
    record Transports(MsrpTransport alice, MsrpTransport bob) {
    }

    private final Connector alice;
    private final Connector bob;
    private final ConnectSettings settings;
    private final List<MsrpUri> alicePath;
    private final List<MsrpUri> bobPath;

    private LoopbackPair(Connector alice, Connector bob, ConnectSettings settings, List<MsrpUri> alicePath,
            List<MsrpUri> bobPath) {
        this.alice = alice;
        this.bob = bob;
        this.settings = settings;
        this.alicePath = alicePath;
        this.bobPath = bobPath;
    }

    /** Prepares both ends on 127.0.0.1, over TLS ({@code msrps}) when asked. */
    static LoopbackPair prepare(ConnectSettings settings, boolean tls) throws IOException {
        return prepare(settings, Connectors.acceptor(settings), tls);
    }

    /**
     * Prepares Bob behind {@code relay} (connecting and authenticating to it, with {@code
     * bobSettings}) and Alice on 127.0.0.1, over TLS when the relay is reached over TLS; Alice's
     * file chunks are not capped, since she reaches the relay directly.
     */
    static LoopbackPair throughRelay(ConnectSettings settings, ConnectSettings bobSettings, RelaySettings relay)
            throws IOException {
        return prepare(settings, Connectors.acceptor(relay, bobSettings), relay.useTls());
    }

    private static LoopbackPair prepare(ConnectSettings settings, Connector bob, boolean tls)
            throws IOException {
        Connector alice = Connectors.connector(settings);
        MsrpUri local = MsrpUri.builder().host("127.0.0.1").port(0).useTls(tls).build();
        try {
            List<MsrpUri> bobPath = bob.prepare(local);
            return new LoopbackPair(alice, bob, settings, alice.prepare(local), bobPath);
        } catch (IOException | RuntimeException e) {
            alice.cleanup();
            bob.cleanup();
            throw e;
        }
    }

    /** Alice's path, for Bob's side of the SDP exchange. */
    List<MsrpUri> alicePath() {
        return alicePath;
    }

    /** Bob's path, for Alice's side of the SDP exchange; through a relay, its URI comes first. */
    List<MsrpUri> bobPath() {
        return bobPath;
    }

    /** Bob waits for Alice while she connects to him; both bind. */
    Transports complete() throws IOException, InterruptedException {
        CompletableFuture<MsrpTransport> bobSide = new CompletableFuture<>();
        Thread.ofVirtual().name("loopback-bob-accept").start(() -> {
            try {
                bobSide.complete(bob.complete(alicePath));
            } catch (IOException | RuntimeException e) {
                bobSide.completeExceptionally(e);
            }
        });
        try {
            MsrpTransport a = alice.complete(bobPath);
            try {
                return new Transports(a, bobSide.get(settings.bindTimeout().toSeconds() + 5, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                a.close();
                throw e.getCause() instanceof IOException io ? io
                        : new IOException("Bob's side did not bind: " + Main.message(e), e);
            }
        } finally {
            alice.cleanup();
            bob.cleanup();
        }
    }
}
