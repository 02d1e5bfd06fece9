package org.msrp4j.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.msrp4j.tls.TlsCredentialsException.Problem;

/**
 * A private key and its X.509 certificate chain, used to authenticate an {@code msrps:} endpoint
 * (the seed's {@code credentials}). Immutable and thread-safe.
 *
 * <p>Obtain one from a key store ({@link #fromKeyStore(Path, String, char[], String, char[])}) or a
 * key and chain you already hold ({@link #of}); {@link org.msrp4j.tls.pkix.PkixCredentials} reads PEM
 * files and generates self-signed certificates (with BouncyCastle, which this package does not need).
 * MSRP peers usually authenticate each other by the {@link #fingerprint()} exchanged in SDP, so a
 * self-signed certificate is the normal case.
 */
public final class TlsCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey privateKey;
    private final List<X509Certificate> certificateChain;
    private final Fingerprint fingerprint;

    private TlsCredentials(PrivateKey privateKey, List<X509Certificate> certificateChain) {
        this.privateKey = privateKey;
        this.certificateChain = certificateChain;
        this.fingerprint = Fingerprint.of(certificateChain.get(0));
    }

    /**
     * Creates credentials from a key and its chain, end-entity certificate first. Does not check
     * that the key belongs to the certificate (see {@link #keyMatches}).
     *
     * @param privateKey the private key
     * @param certificateChain the chain, end-entity certificate first
     * @return the credentials
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

    /**
     * Takes credentials from a private key entry of a loaded key store.
     *
     * @param alias the entry's alias, or {@code null} for the first private key entry the key store
     *     enumerates (enumeration order is the key store's own)
     * @param keyPassword the entry's password; {@code null} means an empty password
     * @param keyStore the key store
     * @return the TLS credentials
     * @throws TlsCredentialsException {@link Problem#NO_SUCH_ALIAS}, {@link Problem#NO_PRIVATE_KEY}
     *     (no private key entry, or the alias names another kind of entry), {@link
     *     Problem#NO_CERTIFICATE}, {@link Problem#WRONG_PASSWORD}, {@link Problem#KEY_MISMATCH},
     *     {@link Problem#UNREADABLE} (key store not loaded), {@link Problem#UNSUPPORTED}
     */
    public static TlsCredentials fromKeyStore(KeyStore keyStore, String alias, char[] keyPassword)
            throws TlsCredentialsException {
        Objects.requireNonNull(keyStore, "keyStore");
        return fromKeyStore(keyStore, alias, keyPassword, null);
    }

    /**
     * Loads a key store file and takes credentials from one of its private key entries.
     *
     * @param type the key store type, {@code "PKCS12"} or {@code "JKS"} (any type the JDK knows);
     *     {@code null} means PKCS12. The JDK's PKCS12 and JKS types each read the other's files too.
     * @param storePassword the key store password, or {@code null} to skip the integrity check
     * @param alias the entry's alias, or {@code null} for the first private key entry
     * @param keyPassword the entry's password; {@code null} means the same as {@code storePassword}
     * @param file the file
     * @return the TLS credentials
     * @throws TlsCredentialsException naming the file and the problem: {@link Problem#NO_SUCH_FILE},
     *     {@link Problem#UNREADABLE}, {@link Problem#UNSUPPORTED} (unknown type), {@link
     *     Problem#WRONG_PASSWORD} (store or key password), and those of {@link
     *     #fromKeyStore(KeyStore, String, char[])}
     */
    public static TlsCredentials fromKeyStore(
            Path file, String type, char[] storePassword, String alias, char[] keyPassword)
            throws TlsCredentialsException {
        Objects.requireNonNull(file, "file");
        String storeType = type == null ? "PKCS12" : type;
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance(storeType);
        } catch (KeyStoreException e) {
            throw new TlsCredentialsException(Problem.UNSUPPORTED, file, "unknown key store type " + storeType, e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, storePassword);
        } catch (NoSuchFileException e) {
            throw new TlsCredentialsException(Problem.NO_SUCH_FILE, file, "no such file", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsCredentialsException(Problem.WRONG_PASSWORD, file, "wrong key store password", e);
            }
            throw new TlsCredentialsException(Problem.UNREADABLE, file,
                    "cannot read " + storeType + " key store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsCredentialsException(Problem.UNREADABLE, file,
                    "cannot read " + storeType + " key store: " + e.getMessage(), e);
        }
        return fromKeyStore(keyStore, alias, keyPassword != null ? keyPassword : storePassword, file);
    }

    /**
     * The private key.
     *
     * @return the private key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * The certificate chain, end-entity certificate first.
     *
     * @return the certificate chain, end-entity certificate first
     */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    /**
     * The end-entity certificate.
     *
     * @return the end-entity certificate
     */
    public X509Certificate certificate() {
        return certificateChain.get(0);
    }

    /**
     * The SHA-256 fingerprint of the end-entity certificate, as advertised in SDP {@code a=fingerprint}.
     *
     * @return the SHA-256 fingerprint of the end-entity certificate, as advertised in SDP {@code a=fingerprint}
     */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "TlsCredentials[" + certificate().getSubjectX500Principal() + ", " + fingerprint + "]";
    }

    // ---- key stores ----

    private static TlsCredentials fromKeyStore(KeyStore keyStore, String alias, char[] keyPassword, Path file)
            throws TlsCredentialsException {
        try {
            String entry = alias;
            if (entry == null) {
                entry = firstPrivateKeyAlias(keyStore);
                if (entry == null) {
                    throw new TlsCredentialsException(Problem.NO_PRIVATE_KEY, file,
                            "key store has no private key entry (aliases: " + aliases(keyStore) + ")", null);
                }
            } else if (!keyStore.containsAlias(entry)) {
                throw new TlsCredentialsException(Problem.NO_SUCH_ALIAS, file,
                        "key store has no entry \"" + entry + "\" (aliases: " + aliases(keyStore) + ")", null);
            } else if (!keyStore.entryInstanceOf(entry, KeyStore.PrivateKeyEntry.class)) {
                throw new TlsCredentialsException(Problem.NO_PRIVATE_KEY, file,
                        "key store entry \"" + entry + "\" is not a private key entry", null);
            }
            Key key;
            try {
                key = keyStore.getKey(entry, keyPassword != null ? keyPassword : new char[0]);
            } catch (UnrecoverableKeyException e) {
                throw new TlsCredentialsException(Problem.WRONG_PASSWORD, file,
                        "wrong password for key store entry \"" + entry + "\"", e);
            }
            if (!(key instanceof PrivateKey privateKey)) {
                throw new TlsCredentialsException(Problem.NO_PRIVATE_KEY, file,
                        "key store entry \"" + entry + "\" is not a private key entry", null);
            }
            Certificate[] certificates = keyStore.getCertificateChain(entry);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certificates == null ? new Certificate[0] : certificates) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            if (chain.isEmpty() || chain.size() != certificates.length) {
                throw new TlsCredentialsException(Problem.NO_CERTIFICATE, file,
                        "key store entry \"" + entry + "\" has no X.509 certificate chain", null);
            }
            if (!keyMatches(privateKey, chain.get(0).getPublicKey())) {
                throw new TlsCredentialsException(Problem.KEY_MISMATCH, file, "private key of key store entry \""
                        + entry + "\" does not match its certificate " + chain.get(0).getSubjectX500Principal(),
                        null);
            }
            return new TlsCredentials(privateKey, List.copyOf(chain));
        } catch (KeyStoreException e) {
            throw new TlsCredentialsException(Problem.UNREADABLE, file, "key store not loaded: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsCredentialsException(Problem.UNSUPPORTED, file,
                    "cannot read key: " + e.getMessage(), e);
        }
    }

    private static String firstPrivateKeyAlias(KeyStore keyStore) throws KeyStoreException {
        for (String alias : Collections.list(keyStore.aliases())) {
            if (keyStore.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                return alias;
            }
        }
        return null;
    }

    private static String aliases(KeyStore keyStore) throws KeyStoreException {
        List<String> aliases = Collections.list(keyStore.aliases());
        return aliases.isEmpty() ? "none" : String.join(", ", aliases);
    }

    // ---- checks ----

    /**
     * Whether {@code key} is the private half of {@code publicKey}: RSA keys by modulus, EC, EdDSA
     * and DSA keys by signing a random challenge and verifying it; other kinds by algorithm only.
     *
     * @param key the private key
     * @param publicKey the public key, e.g. a certificate's
     * @return whether the two belong together
     */
    public static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAKey rsa) {
            return publicKey instanceof RSAKey rsaPublic && rsa.getModulus().equals(rsaPublic.getModulus());
        }
        String signature = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (signature == null) {
            return key.getAlgorithm().equals(publicKey.getAlgorithm());
        }
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(signature);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(signature);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
