package org.msrp4j.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.tls.TestPki.writePem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.MsrpException;
import org.msrp4j.tls.TlsCredentialsException.Problem;
import org.msrp4j.tls.pkix.PkixCredentials;

class TlsCredentialsTest {

    private static final char[] PASSWORD = "s3cret".toCharArray();

    private static KeyPair rsa;
    private static X509Certificate rsaCertificate;
    private static TestPki.Ca ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void material() throws Exception {
        rsa = TestPki.rsaKeyPair();
        rsaCertificate = TestPki.selfSign("rsa.example.org", rsa);
        ca = TestPki.Ca.create("Test CA");
    }

    @Nested
    class SelfSigned {

        @Test
        void isAnEcP256KeyWithAValidSelfSignedCertificate() throws Exception {
            TlsCredentials credentials = PkixCredentials.selfSigned("alice.example.org");
            X509Certificate certificate = credentials.certificate();

            assertThat(credentials.privateKey()).isInstanceOf(ECPrivateKey.class);
            assertThat(((ECPrivateKey) credentials.privateKey()).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(256);
            assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(certificate.getVersion()).isEqualTo(3);
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=alice.example.org");
            assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
            certificate.verify(certificate.getPublicKey());
            certificate.checkValidity();
            assertThat(certificate.getNotBefore().toInstant()).isBefore(Instant.now().minus(Duration.ofMinutes(59)));
            assertThat(certificate.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(364)));
            assertThat(certificate.getSerialNumber().signum()).isPositive();
            assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
            assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
            assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
            assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "alice.example.org"));
            assertThat(credentials.certificateChain()).containsExactly(certificate);
            assertThat(credentials.fingerprint()).isEqualTo(Fingerprint.of(certificate));
            assertThat(TlsCredentials.keyMatches(credentials.privateKey(), certificate.getPublicKey())).isTrue();
        }

        @Test
        void ipAddressCommonNamesGetAnIpSubjectAlternativeName() throws Exception {
            assertThat(PkixCredentials.selfSigned("127.0.0.1").certificate().getSubjectAlternativeNames())
                    .containsExactly(List.of(7, "127.0.0.1"));
            assertThat(PkixCredentials.selfSigned("::1").certificate().getSubjectAlternativeNames())
                    .containsExactly(List.of(7, "0:0:0:0:0:0:0:1"));
            assertThat(PkixCredentials.selfSigned("[::1]").certificate().getSubjectAlternativeNames())
                    .containsExactly(List.of(7, "0:0:0:0:0:0:0:1"));
        }

        @Test
        void otherCommonNamesGetNoSubjectAlternativeName() throws Exception {
            X509Certificate certificate = PkixCredentials.selfSigned("Smith, Alice").certificate();

            assertThat(certificate.getSubjectAlternativeNames()).isNull();
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Smith\\, Alice");
        }

        @Test
        void everyCallMakesANewKeyAndSerial() {
            TlsCredentials one = PkixCredentials.selfSigned("host");
            TlsCredentials two = PkixCredentials.selfSigned("host");

            assertThat(one.certificate().getSerialNumber()).isNotEqualTo(two.certificate().getSerialNumber());
            assertThat(one.privateKey()).isNotEqualTo(two.privateKey());
            assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint());
        }

        @Test
        void rejectsABlankCommonName() {
            assertThatThrownBy(() -> PkixCredentials.selfSigned(" "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("common name is blank");
        }
    }

    @Nested
    class Pem {

        @Test
        void pkcs8EcKeyWithAChain() throws Exception {
            TlsCredentials original = ca.credentials("endpoint.example.org");
            Path certs = writePem(dir.resolve("chain.pem"), original.certificate(), ca.certificate());
            Path key = writePem(dir.resolve("key.pem"), TestPki.pkcs8(original.privateKey()));

            TlsCredentials loaded = PkixCredentials.fromPem(certs, key);

            assertThat(TestPki.read(key)).contains("-----BEGIN PRIVATE KEY-----");
            assertThat(loaded.certificateChain()).containsExactly(original.certificate(), ca.certificate());
            assertThat(loaded.privateKey().getEncoded()).isEqualTo(original.privateKey().getEncoded());
            assertThat(loaded.fingerprint()).isEqualTo(original.fingerprint());
        }

        @Test
        void pkcs1RsaKey() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), rsaCertificate);
            Path key = writePem(dir.resolve("key.pem"), rsa.getPrivate());

            TlsCredentials loaded = PkixCredentials.fromPem(cert, key);

            assertThat(TestPki.read(key)).contains("-----BEGIN RSA PRIVATE KEY-----");
            assertThat(loaded.privateKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(loaded.privateKey().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
            assertThat(loaded.certificate()).isEqualTo(rsaCertificate);
        }

        @Test
        void pkcs8RsaKey() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), rsaCertificate);
            Path key = writePem(dir.resolve("key.pem"), TestPki.pkcs8(rsa.getPrivate()));

            assertThat(PkixCredentials.fromPem(cert, key).privateKey().getEncoded())
                    .isEqualTo(rsa.getPrivate().getEncoded());
        }

        @Test
        void sec1EcKey() throws Exception {
            KeyPair ec = TestPki.ecKeyPair();
            TlsCredentials original = TlsCredentials.of(ec.getPrivate(), List.of(TestPki.selfSign("sec1", ec)));
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = TestPki.writeSec1(dir.resolve("key.pem"), ec);

            TlsCredentials loaded = PkixCredentials.fromPem(cert, key);

            assertThat(TestPki.read(key)).contains("-----BEGIN EC PRIVATE KEY-----");
            assertThat(loaded.privateKey().getAlgorithm()).isEqualTo("EC");
            assertThat(((ECPrivateKey) loaded.privateKey()).getS()).isEqualTo(((ECPrivateKey) ec.getPrivate()).getS());
            assertThat(loaded.fingerprint()).isEqualTo(original.fingerprint());
            assertThat(TlsCredentials.keyMatches(loaded.privateKey(), original.certificate().getPublicKey())).isTrue();
        }

        @Test
        void encryptedPkcs8KeyWithPassword() throws Exception {
            TlsCredentials original = PkixCredentials.selfSigned("enc.example.org");
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = writePem(dir.resolve("key.pem"), TestPki.encryptedPkcs8(original.privateKey(), PASSWORD));

            TlsCredentials loaded = PkixCredentials.fromPem(cert, key, PASSWORD);

            assertThat(TestPki.read(key)).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
            assertThat(loaded.privateKey().getEncoded()).isEqualTo(original.privateKey().getEncoded());
        }

        @Test
        void legacyEncryptedRsaKeyWithPassword() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), rsaCertificate);
            Path key = TestPki.writeLegacyEncryptedKey(dir.resolve("key.pem"), rsa.getPrivate(), PASSWORD);

            TlsCredentials loaded = PkixCredentials.fromPem(cert, key, PASSWORD);

            assertThat(TestPki.read(key)).contains("-----BEGIN RSA PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED");
            assertThat(loaded.privateKey().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
        }

        @Test
        void oneFileWithCertificateAndKey() throws Exception {
            TlsCredentials original = PkixCredentials.selfSigned("both.example.org");
            Path both = writePem(dir.resolve("both.pem"), TestPki.pkcs8(original.privateKey()), original.certificate());

            TlsCredentials loaded = PkixCredentials.fromPem(both, both);

            assertThat(loaded.certificateChain()).containsExactly(original.certificate());
            assertThat(loaded.privateKey().getEncoded()).isEqualTo(original.privateKey().getEncoded());
        }

        @Test
        void passwordIsIgnoredForAPlainKey() throws Exception {
            TlsCredentials original = PkixCredentials.selfSigned("plain.example.org");
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = writePem(dir.resolve("key.pem"), TestPki.pkcs8(original.privateKey()));

            assertThat(PkixCredentials.fromPem(cert, key, PASSWORD).fingerprint()).isEqualTo(original.fingerprint());
        }
    }

    @Nested
    class PemErrors {

        private final TlsCredentials original = PkixCredentials.selfSigned("err.example.org");

        @Test
        void missingCertificateFile() throws Exception {
            Path cert = dir.resolve("missing-cert.pem");
            Path key = writePem(dir.resolve("key.pem"), TestPki.pkcs8(original.privateKey()));

            expect(() -> PkixCredentials.fromPem(cert, key), Problem.NO_SUCH_FILE, cert, cert + ": no such file");
        }

        @Test
        void missingKeyFile() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = dir.resolve("missing-key.pem");

            expect(() -> PkixCredentials.fromPem(cert, key), Problem.NO_SUCH_FILE, key, key + ": no such file");
        }

        @Test
        void noCertificateInFile() throws Exception {
            Path key = writePem(dir.resolve("key.pem"), TestPki.pkcs8(original.privateKey()));

            expect(() -> PkixCredentials.fromPem(key, key), Problem.NO_CERTIFICATE, key,
                    key + ": no certificate in file");
        }

        @Test
        void emptyFile() throws Exception {
            Path empty = Files.writeString(dir.resolve("empty.pem"), "");

            expect(() -> PkixCredentials.fromPem(empty, empty), Problem.NO_CERTIFICATE, empty,
                    empty + ": no certificate in file");
        }

        @Test
        void noKeyInFile() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());

            expect(() -> PkixCredentials.fromPem(cert, cert), Problem.NO_PRIVATE_KEY, cert,
                    cert + ": no private key in file");
        }

        @Test
        void keyDoesNotMatchCertificate() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = writePem(dir.resolve("other-key.pem"),
                    TestPki.pkcs8(PkixCredentials.selfSigned("other").privateKey()));

            expect(() -> PkixCredentials.fromPem(cert, key), Problem.KEY_MISMATCH, key,
                    key + ": private key does not match the certificate CN=err.example.org in " + cert);
        }

        @Test
        void rsaKeyDoesNotMatchCertificate() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), rsaCertificate);
            Path key = writePem(dir.resolve("other-key.pem"), TestPki.rsaKeyPair().getPrivate());

            expect(() -> PkixCredentials.fromPem(cert, key), Problem.KEY_MISMATCH, key,
                    key + ": private key does not match the certificate");
        }

        @Test
        void rsaKeyForAnEcCertificate() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = writePem(dir.resolve("rsa-key.pem"), rsa.getPrivate());

            expect(() -> PkixCredentials.fromPem(cert, key), Problem.KEY_MISMATCH, key,
                    key + ": private key does not match the certificate");
        }

        @Test
        void wrongPassword() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = writePem(dir.resolve("key.pem"), TestPki.encryptedPkcs8(original.privateKey(), PASSWORD));

            expect(() -> PkixCredentials.fromPem(cert, key, "wrong".toCharArray()), Problem.WRONG_PASSWORD, key,
                    key + ": wrong password for the encrypted private key");
        }

        @Test
        void wrongPasswordForALegacyEncryptedKey() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = TestPki.writeLegacyEncryptedKey(dir.resolve("key.pem"), original.privateKey(), PASSWORD);

            expect(() -> PkixCredentials.fromPem(cert, key, "wrong".toCharArray()), Problem.WRONG_PASSWORD, key,
                    key + ": wrong password for the encrypted private key");
        }

        @Test
        void encryptedKeyWithoutPassword() throws Exception {
            Path cert = writePem(dir.resolve("cert.pem"), original.certificate());
            Path key = writePem(dir.resolve("key.pem"), TestPki.encryptedPkcs8(original.privateKey(), PASSWORD));

            expect(() -> PkixCredentials.fromPem(cert, key), Problem.WRONG_PASSWORD, key,
                    key + ": private key is encrypted and no password was given");
        }

        @Test
        void malformedPem() throws Exception {
            Path cert = Files.writeString(dir.resolve("bad.pem"),
                    "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

            expect(() -> PkixCredentials.fromPem(cert, cert), Problem.UNREADABLE, cert, cert + ": cannot read PEM");
        }

        @Test
        void directoryInsteadOfFile() {
            expect(() -> PkixCredentials.fromPem(dir, dir), Problem.UNREADABLE, dir, dir + ": cannot read PEM");
        }
    }

    @Nested
    class KeyStores {

        private final char[] storePassword = "store-pass".toCharArray();
        private final char[] keyPassword = "key-pass".toCharArray();

        @Test
        void pkcs12FileFirstKeyEntry() throws Exception {
            TlsCredentials original = ca.credentials("p12.example.org");
            Path file = TestPki.writeKeyStore(dir.resolve("store.p12"), "PKCS12", storePassword, "endpoint",
                    original, storePassword, "ca", ca.certificate());

            TlsCredentials loaded = TlsCredentials.fromKeyStore(file, "PKCS12", storePassword, null, null);

            assertThat(loaded.certificateChain()).containsExactly(original.certificate(), ca.certificate());
            assertThat(loaded.privateKey().getEncoded()).isEqualTo(original.privateKey().getEncoded());
            assertThat(TlsCredentials.fromKeyStore(file, null, storePassword, "endpoint", storePassword).fingerprint())
                    .isEqualTo(original.fingerprint());
        }

        @Test
        void jksFileWithItsOwnKeyPassword() throws Exception {
            TlsCredentials original = PkixCredentials.selfSigned("jks.example.org");
            Path file = TestPki.writeKeyStore(dir.resolve("store.jks"), "JKS", storePassword, "endpoint",
                    original, keyPassword, "ca", ca.certificate());

            TlsCredentials loaded = TlsCredentials.fromKeyStore(file, "JKS", storePassword, "endpoint", keyPassword);

            assertThat(loaded.certificateChain()).containsExactly(original.certificate());
            assertThat(loaded.privateKey().getEncoded()).isEqualTo(original.privateKey().getEncoded());
            assertThat(TlsCredentials.fromKeyStore(file, "JKS", storePassword, null, keyPassword).fingerprint())
                    .isEqualTo(original.fingerprint());
        }

        @Test
        void rsaKeyInPkcs12() throws Exception {
            TlsCredentials original = TlsCredentials.of(rsa.getPrivate(), List.of(rsaCertificate));
            Path file = TestPki.writeKeyStore(dir.resolve("rsa.p12"), "PKCS12", storePassword, "rsa", original,
                    storePassword, null, null);

            assertThat(TlsCredentials.fromKeyStore(file, "PKCS12", storePassword, null, null).certificate())
                    .isEqualTo(rsaCertificate);
        }

        @Test
        void loadedKeyStoreObject() throws Exception {
            TlsCredentials original = PkixCredentials.selfSigned("object.example.org");
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setCertificateEntry("ca", ca.certificate());
            keyStore.setKeyEntry("endpoint", original.privateKey(), keyPassword,
                    new X509Certificate[] {original.certificate()});

            assertThat(TlsCredentials.fromKeyStore(keyStore, null, keyPassword).fingerprint())
                    .isEqualTo(original.fingerprint());
            assertThat(TlsCredentials.fromKeyStore(keyStore, "endpoint", keyPassword).fingerprint())
                    .isEqualTo(original.fingerprint());
        }
    }

    @Nested
    class KeyStoreErrors {

        private final char[] storePassword = "store-pass".toCharArray();
        private final TlsCredentials original = PkixCredentials.selfSigned("ks-err.example.org");

        private Path pkcs12() throws Exception {
            return TestPki.writeKeyStore(dir.resolve("store.p12"), "PKCS12", storePassword, "endpoint", original,
                    storePassword, "ca", ca.certificate());
        }

        @Test
        void missingFile() {
            Path file = dir.resolve("missing.p12");

            expect(() -> TlsCredentials.fromKeyStore(file, "PKCS12", storePassword, null, null),
                    Problem.NO_SUCH_FILE, file, file + ": no such file");
        }

        @Test
        void wrongStorePassword() throws Exception {
            Path file = pkcs12();

            expect(() -> TlsCredentials.fromKeyStore(file, "PKCS12", "wrong".toCharArray(), null, null),
                    Problem.WRONG_PASSWORD, file, file + ": wrong key store password");
        }

        @Test
        void wrongJksStorePassword() throws Exception {
            Path file = TestPki.writeKeyStore(dir.resolve("store.jks"), "JKS", storePassword, "endpoint", original,
                    storePassword, null, null);

            expect(() -> TlsCredentials.fromKeyStore(file, "JKS", "wrong".toCharArray(), null, null),
                    Problem.WRONG_PASSWORD, file, file + ": wrong key store password");
        }

        @Test
        void wrongKeyPassword() throws Exception {
            Path file = TestPki.writeKeyStore(dir.resolve("store.jks"), "JKS", storePassword, "endpoint", original,
                    "key-pass".toCharArray(), null, null);

            expect(() -> TlsCredentials.fromKeyStore(file, "JKS", storePassword, "endpoint", "wrong".toCharArray()),
                    Problem.WRONG_PASSWORD, file, file + ": wrong password for key store entry \"endpoint\"");
        }

        @Test
        void unknownAlias() throws Exception {
            Path file = pkcs12();

            expect(() -> TlsCredentials.fromKeyStore(file, "PKCS12", storePassword, "nope", null),
                    Problem.NO_SUCH_ALIAS, file, file + ": key store has no entry \"nope\" (aliases: ");
        }

        @Test
        void aliasOfACertificateEntry() throws Exception {
            Path file = pkcs12();

            expect(() -> TlsCredentials.fromKeyStore(file, "PKCS12", storePassword, "ca", null),
                    Problem.NO_PRIVATE_KEY, file, file + ": key store entry \"ca\" is not a private key entry");
        }

        @Test
        void noPrivateKeyEntry() throws Exception {
            Path file = TestPki.writeKeyStore(dir.resolve("trust.p12"), "PKCS12", storePassword, null, null, null,
                    "ca", ca.certificate());

            expect(() -> TlsCredentials.fromKeyStore(file, "PKCS12", storePassword, null, null),
                    Problem.NO_PRIVATE_KEY, file, file + ": key store has no private key entry (aliases: ca)");
        }

        @Test
        void unknownType() throws Exception {
            Path file = pkcs12();

            expect(() -> TlsCredentials.fromKeyStore(file, "NOPE", storePassword, null, null),
                    Problem.UNSUPPORTED, file, file + ": unknown key store type NOPE");
        }

        @Test
        void notAKeyStore() throws Exception {
            Path file = writePem(dir.resolve("cert.pem"), original.certificate());

            expect(() -> TlsCredentials.fromKeyStore(file, "PKCS12", storePassword, null, null),
                    Problem.UNREADABLE, file, file + ": cannot read PKCS12 key store");
        }

        @Test
        void keyDoesNotMatchCertificate() throws Exception {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("endpoint", PkixCredentials.selfSigned("other").privateKey(), storePassword,
                    new X509Certificate[] {original.certificate()});

            expect(() -> TlsCredentials.fromKeyStore(keyStore, null, storePassword), Problem.KEY_MISMATCH, null,
                    "private key of key store entry \"endpoint\" does not match its certificate CN=ks-err.example.org");
        }

        @Test
        void keyStoreNotLoaded() throws Exception {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");

            expect(() -> TlsCredentials.fromKeyStore(keyStore, null, storePassword), Problem.UNREADABLE, null,
                    "key store not loaded");
        }
    }

    private static void expect(ThrowingCallable call, Problem problem, Path file, String messageStart) {
        assertThatThrownBy(call)
                .isInstanceOf(TlsCredentialsException.class)
                .isInstanceOf(MsrpException.class)
                .hasMessageStartingWith(messageStart)
                .satisfies(e -> {
                    TlsCredentialsException t = (TlsCredentialsException) e;
                    assertThat(t.problem()).isEqualTo(problem);
                    assertThat(t.file().orElse(null)).isEqualTo(file);
                });
    }

}
