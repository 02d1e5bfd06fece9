package org.msrp4j.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts peers the MSRP way: by certificate fingerprint, not by certificate authority. Client
 * certificates are always accepted (the application compares their fingerprint after the
 * handshake); a server certificate is accepted when no fingerprint is expected, or when its
 * end-entity certificate has the expected one. Stateless apart from the expected fingerprint;
 * thread-safe.
 */
final class FingerprintTrustManager extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final Fingerprint expectedServer;

    /** @param expectedServer the server's expected fingerprint, or null to accept any server */
    FingerprintTrustManager(Fingerprint expectedServer) {
        this.expectedServer = expectedServer;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        if (expectedServer != null && !expectedServer.matches(chain[0])) {
            throw new CertificateException("server certificate fingerprint mismatch: expected " + expectedServer
                    + ", actual " + Fingerprint.of(expectedServer.algorithm(), chain[0]));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // any client certificate: the application checks its fingerprint against the SDP
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // as above
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // as above
    }

    /** No issuers: a server asks for a client certificate from any (or no) authority. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
