package org.msrp4j.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.IPAddress;
import org.msrp4j.tls.TlsCredentialsException.Problem;

/**
 * A private key and its X.509 certificate chain, used to authenticate an {@code msrps:} endpoint
 * (the seed's {@code credentials}). Immutable and thread-safe.
 *
 * <p>Obtain one from PEM files ({@link #fromPem(Path, Path)}), a key store ({@link
 * #fromKeyStore(Path, String, char[], String, char[])}), a freshly generated self-signed
 * certificate ({@link #selfSigned(String)}), or a key and chain you already hold ({@link #of}). MSRP
 * peers usually authenticate each other by the {@link #fingerprint()} exchanged in SDP, so a
 * self-signed certificate is the normal case.
 */
public final class TlsCredentials {

    /** Validity of {@link #selfSigned} certificates: from one hour ago (clock skew) for a year. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final Duration VALIDITY = Duration.ofDays(365);

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

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
     * that the key belongs to the certificate.
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

    /**
     * Loads credentials from PEM files with an unencrypted private key. Same as {@link
     * #fromPem(Path, Path, char[])} with no password.
     *
     * @throws TlsCredentialsException as described there; an encrypted key gives {@link
     *     Problem#WRONG_PASSWORD} ("a password is needed")
     */
    public static TlsCredentials fromPem(Path certificateChainPem, Path privateKeyPem) throws TlsCredentialsException {
        return fromPem(certificateChainPem, privateKeyPem, null);
    }

    /**
     * Loads credentials from PEM files.
     *
     * <p>{@code certificateChainPem} holds one or more {@code CERTIFICATE} blocks, end-entity
     * certificate first; other blocks are ignored. {@code privateKeyPem} holds the private key as
     * PKCS#8 ({@code BEGIN PRIVATE KEY}), encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}),
     * PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}),
     * the last two optionally with OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED} encryption; the
     * first key found is used. Both paths may name the same file. The key must belong to the
     * end-entity certificate.
     *
     * @param password the password of an encrypted key, or {@code null}; ignored for a plain key
     * @throws TlsCredentialsException naming the file and the problem: {@link Problem#NO_SUCH_FILE},
     *     {@link Problem#UNREADABLE} (I/O error, malformed PEM), {@link Problem#NO_CERTIFICATE},
     *     {@link Problem#NO_PRIVATE_KEY}, {@link Problem#WRONG_PASSWORD} (also when a password is
     *     needed but none given), {@link Problem#KEY_MISMATCH}, {@link Problem#UNSUPPORTED}
     */
    public static TlsCredentials fromPem(Path certificateChainPem, Path privateKeyPem, char[] password)
            throws TlsCredentialsException {
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        List<X509Certificate> chain = new ArrayList<>();
        for (Object o : readPem(certificateChainPem)) {
            X509CertificateHolder holder = o instanceof X509CertificateHolder h ? h
                    : o instanceof X509TrustedCertificateBlock t ? t.getCertificateHolder() : null;
            if (holder != null) {
                chain.add(toCertificate(holder, certificateChainPem));
            }
        }
        if (chain.isEmpty()) {
            throw new TlsCredentialsException(Problem.NO_CERTIFICATE, certificateChainPem,
                    "no certificate in file (expected a -----BEGIN CERTIFICATE----- block)", null);
        }
        PrivateKey key = null;
        for (Object o : readPem(privateKeyPem)) {
            key = toPrivateKey(o, password, privateKeyPem);
            if (key != null) {
                break;
            }
        }
        if (key == null) {
            throw new TlsCredentialsException(Problem.NO_PRIVATE_KEY, privateKeyPem,
                    "no private key in file (expected a PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY"
                            + " or EC PRIVATE KEY block)", null);
        }
        if (!keyMatches(key, chain.get(0).getPublicKey())) {
            throw new TlsCredentialsException(Problem.KEY_MISMATCH, privateKeyPem,
                    "private key does not match the certificate " + chain.get(0).getSubjectX500Principal()
                            + " in " + certificateChainPem, null);
        }
        return new TlsCredentials(key, List.copyOf(chain));
    }

    /**
     * Takes credentials from a private key entry of a loaded key store.
     *
     * @param alias the entry's alias, or {@code null} for the first private key entry the key store
     *     enumerates (enumeration order is the key store's own)
     * @param keyPassword the entry's password; {@code null} means an empty password
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
     * Generates a fresh key pair and a self-signed certificate for it: an EC key on the P-256 curve
     * (secp256r1), signed with SHA256withECDSA, a random 159-bit serial number, valid from one hour
     * ago for 365 days, {@code CN=commonName} as subject and issuer, and a subject alternative name
     * of type DNS or IP address when the common name is a host name or an IP address literal. Key
     * usage is digital signature; extended key usage is TLS server and client authentication.
     *
     * <p>Cheap enough to call for each endpoint (a few milliseconds once the classes are loaded).
     *
     * @throws IllegalArgumentException if {@code commonName} is blank
     * @throws IllegalStateException if the JDK lacks EC key generation or ECDSA (never on a standard JDK)
     */
    public static TlsCredentials selfSigned(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("common name is blank");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keyPair = generator.generateKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial, Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name,
                    keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
            GeneralName altName = subjectAltName(commonName);
            if (altName != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altName));
            }
            X509CertificateHolder holder =
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new TlsCredentials(keyPair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
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

    /** The SHA-256 fingerprint of the end-entity certificate, as advertised in SDP {@code a=fingerprint}. */
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

    // ---- PEM ----

    private static List<Object> readPem(Path file) throws TlsCredentialsException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (NoSuchFileException e) {
            throw new TlsCredentialsException(Problem.NO_SUCH_FILE, file, "no such file", e);
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 and bad DER as unchecked exceptions
            throw new TlsCredentialsException(Problem.UNREADABLE, file, "cannot read PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static X509Certificate toCertificate(X509CertificateHolder holder, Path file)
            throws TlsCredentialsException {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new TlsCredentialsException(Problem.UNREADABLE, file, "bad certificate: " + e.getMessage(), e);
        }
    }

    /** The private key in a parsed PEM object, or null when the object is not a private key. */
    private static PrivateKey toPrivateKey(Object pem, char[] password, Path file) throws TlsCredentialsException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (pem instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo()); // the public key part is optional in SEC1
            }
            if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassword(password, file);
                PrivateKeyInfo decrypted;
                try {
                    decrypted = encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password));
                } catch (PKCSException | RuntimeException e) {
                    throw wrongPassword(file, e);
                }
                return converter.getPrivateKey(decrypted);
            }
            if (pem instanceof PEMEncryptedKeyPair encrypted) {
                requirePassword(password, file);
                PEMKeyPair decrypted;
                try {
                    decrypted = encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password));
                } catch (IOException | RuntimeException e) {
                    // EncryptionException for bad padding, PEMException when the decrypted bytes are not a key
                    throw wrongPassword(file, e);
                }
                return converter.getPrivateKey(decrypted.getPrivateKeyInfo());
            }
            return null;
        } catch (TlsCredentialsException e) {
            throw e;
        } catch (OperatorCreationException e) {
            throw new TlsCredentialsException(Problem.UNSUPPORTED, file,
                    "unsupported key encryption: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new TlsCredentialsException(Problem.UNSUPPORTED, file,
                    "cannot convert private key: " + e.getMessage(), e);
        }
    }

    private static void requirePassword(char[] password, Path file) throws TlsCredentialsException {
        if (password == null) {
            throw new TlsCredentialsException(Problem.WRONG_PASSWORD, file,
                    "private key is encrypted and no password was given", null);
        }
    }

    private static TlsCredentialsException wrongPassword(Path file, Exception cause) {
        return new TlsCredentialsException(Problem.WRONG_PASSWORD, file,
                "wrong password for the encrypted private key (" + cause.getMessage() + ")", cause);
    }

    // ---- checks ----

    /**
     * Whether {@code key} is the private half of {@code publicKey}: RSA keys by modulus, EC, EdDSA
     * and DSA keys by signing a random challenge and verifying it; other kinds by algorithm only.
     */
    static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
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

    /** A DNS or IP address subject alternative name for a common name that is one, else null. */
    private static GeneralName subjectAltName(String commonName) {
        String name = commonName.startsWith("[") && commonName.endsWith("]")
                ? commonName.substring(1, commonName.length() - 1) : commonName;
        if (IPAddress.isValid(name)) {
            return new GeneralName(GeneralName.iPAddress, name);
        }
        if (HOST_NAME.matcher(commonName).matches()) {
            return new GeneralName(GeneralName.dNSName, commonName);
        }
        return null;
    }

    /** BouncyCastle's provider, used (never registered) only to decrypt encrypted PEM keys. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
