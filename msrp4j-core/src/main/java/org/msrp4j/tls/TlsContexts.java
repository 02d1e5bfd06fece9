package org.msrp4j.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Ready {@link SSLContext}s for MSRP over TLS ({@code msrps:} URIs), and reading the peer's
 * certificate after a handshake.
 *
 * <p><b>Security model — read this.</b> MSRP endpoints normally present self-signed certificates
 * and authenticate each other by the certificate fingerprint exchanged in SDP ({@code
 * a=fingerprint}, RFC 4975 §14.2, RFC 8122), not by certificate authorities. So the contexts from
 * {@link #server} and {@link #client(TlsCredentials)} <b>accept any peer certificate chain without
 * validating it</b>: no CA, no expiry, no host name check. Such a connection is encrypted but <b>not
 * authenticated</b> until the application compares the peer's fingerprint with the one from SDP:
 * give the expected server fingerprint to {@link #client(TlsCredentials, Fingerprint)} so the
 * handshake itself fails on a mismatch, or call {@link #checkPeerFingerprint} after the handshake
 * (the only way on the server side). For relays with CA-issued certificates use {@link
 * #caValidatingClient}.
 *
 * <p>Every socket, server socket and {@code SSLEngine} made from these contexts has TLS 1.3 and
 * 1.2 enabled and nothing older; server contexts request (but do not require) a client
 * certificate. Contexts are thread-safe and may be shared by many connections; create one per
 * set of credentials, not per connection. The contexts cannot be re-initialised.
 */
public final class TlsContexts {

    /** The protocol versions enabled on every socket and engine: TLS 1.3 and TLS 1.2. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsContexts() {
    }

    /**
     * A server context that presents {@code credentials} and requests a client certificate ({@code
     * wantClientAuth}) so the client's fingerprint can be read when it has one. Any client
     * certificate is accepted without validation; a client without one is accepted too.
     *
     * @param credentials the TLS credentials, or null
     * @return a server context that presents {@code credentials} and requests a client certificate ({@code
     *     wantClientAuth}) so the client's fingerprint can be read when it has one
     * @throws IllegalStateException if the JDK cannot create a TLS context (never on a standard JDK)
     */
    public static SSLContext server(TlsCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return ConfiguredSslContext.wrap(
                init(new SingleKeyManager(credentials), new FingerprintTrustManager(null)), true, null);
    }

    /**
     * A client context that presents no certificate and <b>accepts any server certificate chain
     * without validation</b>; see the class comment.
     *
     * @return a client context that presents no certificate and <b>accepts any server certificate chain without
     *     validation</b>; see the class comment
     */
    public static SSLContext client() {
        return client(null, null);
    }

    /**
     * A client context that presents {@code credentials} when the server asks for a certificate and
     * <b>accepts any server certificate chain without validation</b>; see the class comment.
     *
     * @param credentials the client's credentials, or {@code null} to present none
     * @return a client context that presents {@code credentials} when the server asks for a certificate and <b>accepts
     *     any server certificate chain without validation</b>; see the class comment
     */
    public static SSLContext client(TlsCredentials credentials) {
        return client(credentials, null);
    }

    /**
     * A client context that presents {@code credentials} when asked and accepts the server only if
     * its end-entity certificate has the fingerprint {@code expectedServer} (typically from the
     * peer's SDP). On a mismatch the handshake fails with an {@link
     * javax.net.ssl.SSLHandshakeException} whose message contains {@code "server certificate
     * fingerprint mismatch: expected SHA-256 …, actual SHA-256 …"}. No other check is made (no CA,
     * no expiry, no host name): the fingerprint is the authentication.
     *
     * @param credentials the client's credentials, or {@code null} to present none
     * @param expectedServer the fingerprint the server must present, or {@code null} to accept any
     *     server (unauthenticated; see the class comment)
     * @return a client context that presents {@code credentials} when asked and accepts the server only if its
     *     end-entity certificate has the fingerprint {@code expectedServer} (typically from the peer's SDP)
     */
    public static SSLContext client(TlsCredentials credentials, Fingerprint expectedServer) {
        KeyManager keyManager = credentials == null ? null : new SingleKeyManager(credentials);
        return ConfiguredSslContext.wrap(init(keyManager, new FingerprintTrustManager(expectedServer)), false, null);
    }

    /**
     * A client context that validates the server the usual PKIX way: the chain must lead to a
     * trusted certificate in {@code trustStore}, and the server's certificate must match the host
     * name (or IP address) the socket was created with (endpoint identification {@code "HTTPS"}, RFC
     * 2818). Create sockets with the host, e.g. {@code createSocket(host, port)} or {@code
     * createSocket(socket, host, port, autoClose)}. Meant for relays with CA-issued certificates.
     *
     * @param trustStore the trusted certificates, or {@code null} for the JDK's default trust store
     * @param credentials the client's credentials, or {@code null} to present none
     * @return a client context that validates the server the usual PKIX way: the chain must lead to a trusted
     *     certificate in {@code trustStore}, and the server's certificate must match the host name (or IP address) the
     *     socket was created with (endpoint identification {@code "HTTPS"}, RFC 2818)
     * @throws IllegalArgumentException if the trust store is not loaded or holds no certificates
     */
    public static SSLContext caValidatingClient(KeyStore trustStore, TlsCredentials credentials) {
        TrustManager[] trustManagers;
        try {
            if (trustStore != null && trustStore.size() == 0) {
                throw new IllegalArgumentException("cannot use trust store: it holds no certificates");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trustStore);
            trustManagers = factory.getTrustManagers();
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("cannot use trust store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks PKIX trust managers", e);
        }
        KeyManager[] keyManagers = credentials == null
                ? new KeyManager[0] : new KeyManager[] {new SingleKeyManager(credentials)};
        return ConfiguredSslContext.wrap(init(keyManagers, trustManagers), false, "HTTPS");
    }

    /**
     * The peer's end-entity certificate from a connected TLS socket. Reads {@link
     * SSLSocket#getSession()}, which first completes the handshake if it has not happened yet
     * (blocking, within the socket's timeout).
     *
     * @param socket the connected socket
     * @return the certificate, or empty when the peer sent none or the handshake failed
     */
    public static Optional<X509Certificate> peerCertificate(SSLSocket socket) {
        return peerCertificate(socket.getSession());
    }

    /**
     * The peer's end-entity certificate from a TLS session (e.g. {@code SSLEngine.getSession()}).
     *
     * @param session the session
     * @return the certificate, or empty when the peer sent none or the session is not established
     */
    public static Optional<X509Certificate> peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /**
     * The SHA-256 fingerprint of the peer's end-entity certificate; see {@link
     * #peerCertificate(SSLSocket)}.
     *
     * @param socket the connected socket
     * @return the fingerprint, or empty when the peer sent no certificate or the handshake failed
     */
    public static Optional<Fingerprint> peerFingerprint(SSLSocket socket) {
        return peerCertificate(socket).map(Fingerprint::of);
    }

    /**
     * Checks that the peer's end-entity certificate has the expected fingerprint (typically from
     * the peer's SDP {@code a=fingerprint}), completing the handshake first if needed. This is how a
     * server authenticates a client, and how a client made with {@link #client(TlsCredentials)}
     * authenticates a server after the fact.
     *
     * @param expected the expected value
     * @param socket the connected socket
     * @throws SSLPeerUnverifiedException if the peer sent no certificate ({@code "peer sent no
     *     certificate, expected SHA-256 …"}) or another one ({@code "peer certificate fingerprint
     *     mismatch: expected SHA-256 …, actual SHA-256 …"})
     */
    public static void checkPeerFingerprint(SSLSocket socket, Fingerprint expected) throws SSLPeerUnverifiedException {
        Objects.requireNonNull(expected, "expected");
        X509Certificate certificate = peerCertificate(socket).orElseThrow(
                () -> new SSLPeerUnverifiedException("peer sent no certificate, expected " + expected));
        if (!expected.matches(certificate)) {
            throw new SSLPeerUnverifiedException("peer certificate fingerprint mismatch: expected " + expected
                    + ", actual " + Fingerprint.of(expected.algorithm(), certificate));
        }
    }

    private static SSLContext init(KeyManager keyManager, TrustManager trustManager) {
        return init(keyManager == null ? new KeyManager[0] : new KeyManager[] {keyManager},
                new TrustManager[] {trustManager});
    }

    private static SSLContext init(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
        }
    }
}
