package org.msrp4j.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.relay.NextHopPolicy;
import org.msrp4j.relay.RelayConfig;
import org.msrp4j.relay.RelayListener;
import org.msrp4j.relay.RelayUsers;
import org.msrp4j.testing.TestTls;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.TlsCredentials;

/**
 * The relays the stream tests go through, with the client settings that reach them: msrp4j's relay
 * embedded on loopback (TLS, accounts alice and bob, password {@code secret}) and Debian's Kamailio
 * (interop/kamailio/start.sh). The relay client checks the relay's certificate by default, so the
 * settings pin each relay's self-signed certificate.
 */
public final class TestRelays {

    /** The realm of both relays' accounts. */
    public static final String REALM = "example.org";

    /** The embedded relays' certificate, made once for the test run. */
    private static final TlsCredentials CERTIFICATE = TestTls.credentials();

    private TestRelays() {
    }

    /**
     * Starts msrp4j's relay with a TLS and a TCP listener on 127.0.0.1 (any ports) and the accounts
     * alice and bob; it may reach next hops on loopback, where the tests' direct peers listen.
     */
    public static MsrpRelay embedded() throws IOException {
        return MsrpRelay.start(RelayConfig.builder().listener(RelayListener.tls("127.0.0.1", 0))
                .listener(RelayListener.tcp("127.0.0.1", 0))
                .host("127.0.0.1").realm(REALM).tlsCredentials(CERTIFICATE)
                .nextHopPolicy(NextHopPolicy.builder().allowLoopback(true).build())
                .users(RelayUsers.ofPasswords(Map.of("alice", "secret", "bob", "secret"))).build());
    }

    /** Client settings for {@code user} on {@code relay}'s TLS listener, its certificate pinned. */
    public static RelaySettings.Builder via(MsrpRelay relay, String user, String password) {
        return via(relay, user, password, true);
    }

    /** Client settings for {@code user} on {@code relay}'s TLS (certificate pinned) or TCP listener. */
    public static RelaySettings.Builder via(MsrpRelay relay, String user, String password, boolean tls) {
        MsrpUri listener = relay.listenerUri(tls);
        RelaySettings.Builder b = RelaySettings.builder(REALM, user, password).host(listener.host())
                .port(listener.port()).useTls(tls).authTimeout(Duration.ofSeconds(10));
        return tls ? b.relayFingerprint(CERTIFICATE.fingerprint()) : b;
    }

    /**
     * Client settings for {@code user} (password {@code secret}) on the Kamailio relay at 127.0.0.1
     * and {@code port}; over TLS its certificate, read from {@code relay-cert.pem} in its run
     * directory ({@code MSRP_RUN_DIR}, default {@code /tmp/kamailio-msrp}), is pinned.
     */
    public static RelaySettings.Builder kamailio(String user, int port, boolean tls) {
        RelaySettings.Builder b = RelaySettings.builder(REALM, user, "secret").host("127.0.0.1").port(port)
                .useTls(tls).authTimeout(Duration.ofSeconds(10));
        return tls ? b.relayFingerprint(kamailioFingerprint()) : b;
    }

    private static Fingerprint kamailioFingerprint() {
        Path cert = Path.of(System.getenv().getOrDefault("MSRP_RUN_DIR", "/tmp/kamailio-msrp"), "relay-cert.pem");
        try (InputStream in = Files.newInputStream(cert)) {
            return Fingerprint.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the Kamailio relay's certificate " + cert + ": " + e, e);
        }
    }
}
