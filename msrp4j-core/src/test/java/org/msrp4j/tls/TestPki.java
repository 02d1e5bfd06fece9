package org.msrp4j.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Test PKI material made with BouncyCastle: key pairs, CA-issued certificates, PEM files, key stores. */
final class TestPki {

    /** BouncyCastle's provider, never registered: used to encrypt keys for the tests. */
    static final Provider BC = new BouncyCastleProvider();

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private TestPki() {
    }

    static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A certificate authority: a key pair and its self-signed CA certificate. */
    record Ca(KeyPair keyPair, X509Certificate certificate) {

        static Ca create(String commonName) throws Exception {
            KeyPair keyPair = ecKeyPair();
            X509Certificate certificate = sign(commonName, keyPair.getPublic(), commonName, keyPair.getPrivate(), true);
            return new Ca(keyPair, certificate);
        }

        /** Issues an end-entity certificate for {@code subjectKey}, with the given subject alternative names. */
        X509Certificate issue(String commonName, PublicKey subjectKey, GeneralName... altNames) throws Exception {
            return sign(commonName, subjectKey, commonName(), keyPair.getPrivate(), false, altNames);
        }

        /** Credentials with a fresh EC key and a certificate from this CA (chain: end entity, CA). */
        TlsCredentials credentials(String commonName, GeneralName... altNames) throws Exception {
            KeyPair keyPair = ecKeyPair();
            return TlsCredentials.of(keyPair.getPrivate(),
                    List.of(issue(commonName, keyPair.getPublic(), altNames), certificate));
        }

        private String commonName() {
            return certificate.getSubjectX500Principal().getName().substring("CN=".length());
        }
    }

    static X509Certificate sign(String subject, PublicKey subjectKey, String issuer, PrivateKey issuerKey,
            boolean ca, GeneralName... altNames) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=" + issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=" + subject), subjectKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (altNames.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
        }
        String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    }

    /** A self-signed end-entity certificate for an existing key pair (e.g. RSA). */
    static X509Certificate selfSign(String commonName, KeyPair keyPair) throws Exception {
        return sign(commonName, keyPair.getPublic(), commonName, keyPair.getPrivate(), false);
    }

    /**
     * Writes objects as PEM with JcaPEMWriter: certificates as CERTIFICATE; a PrivateKey in the
     * traditional form (RSA PRIVATE KEY for RSA, EC PRIVATE KEY for EC); anything else as the writer
     * does (e.g. a PKCS8Generator).
     */
    static Path writePem(Path file, Object... objects) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        }
        return file;
    }

    /** A plain PKCS#8 ("BEGIN PRIVATE KEY") generator for JcaPEMWriter. */
    static Object pkcs8(PrivateKey key) throws Exception {
        return new JcaPKCS8Generator(key, null);
    }

    /** An encrypted PKCS#8 ("BEGIN ENCRYPTED PRIVATE KEY", PBES2 with AES-256-CBC) generator for JcaPEMWriter. */
    static Object encryptedPkcs8(PrivateKey key, char[] password) throws Exception {
        return new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(BC).setPassword(password).build());
    }

    /**
     * Writes an EC key as OpenSSL does ("BEGIN EC PRIVATE KEY", SEC1 with the curve and the public
     * key). JcaPEMWriter given a JDK EC key leaves the curve out, which no reader accepts.
     */
    static Path writeSec1(Path file, KeyPair ec) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        ECPrivateKey sec1 = new ECPrivateKey(256, ECPrivateKey.getInstance(info.parsePrivateKey()).getKey(),
                SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded()).getPublicKeyData(),
                info.getPrivateKeyAlgorithm().getParameters());
        return writePem(file, new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    /** Writes a traditional key with OpenSSL's legacy encryption ("Proc-Type: 4,ENCRYPTED"). */
    static Path writeLegacyEncryptedKey(Path file, PrivateKey key, char[] password) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(key, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(password));
        }
        return file;
    }

    /** Writes a key store file of the given type with one private key entry and one trusted certificate entry. */
    static Path writeKeyStore(Path file, String type, char[] storePassword, String keyAlias, TlsCredentials credentials,
            char[] keyPassword, String certAlias, X509Certificate trusted) throws Exception {
        KeyStore keyStore = KeyStore.getInstance(type);
        keyStore.load(null, null);
        if (certAlias != null) {
            keyStore.setCertificateEntry(certAlias, trusted);
        }
        if (keyAlias != null) {
            keyStore.setKeyEntry(keyAlias, credentials.privateKey(), keyPassword,
                    credentials.certificateChain().toArray(X509Certificate[]::new));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, storePassword);
        }
        return file;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
