package org.msrp4j.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its X.509 certificate chain, used to authenticate an {@code msrps:} endpoint
 * (the seed's {@code credentials}). Immutable.
 */
public final class TlsCredentials {

    private final PrivateKey privateKey;
    private final List<X509Certificate> certificateChain;

    private TlsCredentials(PrivateKey privateKey, List<X509Certificate> certificateChain) {
        this.privateKey = privateKey;
        this.certificateChain = certificateChain;
    }

    /**
     * Creates credentials from a key and its chain, end-entity certificate first.
     *
     * @throws IllegalArgumentException if the chain is empty
     */
    public static TlsCredentials of(PrivateKey privateKey, List<X509Certificate> certificateChain) {
        Objects.requireNonNull(privateKey, "privateKey");
        List<X509Certificate> chain = List.copyOf(certificateChain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        return new TlsCredentials(privateKey, chain);
    }

    /** The private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate chain, end-entity certificate first. */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    /** The end-entity certificate. */
    public X509Certificate certificate() {
        return certificateChain.get(0);
    }

    @Override
    public String toString() {
        return "TlsCredentials[" + certificate().getSubjectX500Principal() + "]";
    }
}
