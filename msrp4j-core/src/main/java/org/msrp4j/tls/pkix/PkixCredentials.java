package org.msrp4j.tls.pkix;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.TlsCredentialsException;
import org.msrp4j.tls.TlsCredentialsException.Problem;

/**
 * Credentials made with BouncyCastle ({@code bcpkix}): read from PEM files, or a freshly generated
 * self-signed certificate. Kept apart from {@link TlsCredentials} so that {@code org.msrp4j.tls}, and
 * the protocol layer that names it, need nothing but the JDK.
 */
public final class PkixCredentials {

    /** Validity of {@link #selfSigned} certificates: from one hour ago (clock skew) for a year. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final Duration VALIDITY = Duration.ofDays(365);

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private static final SecureRandom RANDOM = new SecureRandom();

    private PkixCredentials() {
    }

    /**
     * Loads credentials from PEM files with an unencrypted private key. Same as {@link
     * #fromPem(Path, Path, char[])} with no password.
     *
     * @param privateKeyPem the private key pem
     * @param certificateChainPem the certificate chain pem
     * @return the TLS credentials
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
     * @param privateKeyPem the private key pem
     * @param certificateChainPem the certificate chain pem
     * @return the TLS credentials
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
        if (!TlsCredentials.keyMatches(key, chain.get(0).getPublicKey())) {
            throw new TlsCredentialsException(Problem.KEY_MISMATCH, privateKeyPem,
                    "private key does not match the certificate " + chain.get(0).getSubjectX500Principal()
                            + " in " + certificateChainPem, null);
        }
        return TlsCredentials.of(key, chain);
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
     * @param commonName the common name
     * @return the TLS credentials
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
            return TlsCredentials.of(keyPair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
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
