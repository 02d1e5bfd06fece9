package org.msrp4j.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.tls.pkix.PkixCredentials;

class FingerprintTest {

    private static X509Certificate certificate;
    private static X509Certificate other;

    @BeforeAll
    static void certificates() {
        certificate = PkixCredentials.selfSigned("alice.example.org").certificate();
        other = PkixCredentials.selfSigned("bob.example.org").certificate();
    }

    @Test
    void ofIsSha256OfTheDerEncoding() throws Exception {
        Fingerprint fingerprint = Fingerprint.of(certificate);

        assertThat(fingerprint.algorithm()).isEqualTo("SHA-256");
        assertThat(fingerprint.bytes())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        assertThat(fingerprint.toString()).matches("SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512", "sha-256", "Sha-1"})
    void everySupportedHashFormatsParsesAndMatches(String algorithm) throws Exception {
        Fingerprint fingerprint = Fingerprint.of(algorithm, certificate);
        String canonical = algorithm.toUpperCase(Locale.ROOT);

        assertThat(fingerprint.algorithm()).isEqualTo(canonical);
        assertThat(fingerprint.bytes())
                .isEqualTo(MessageDigest.getInstance(canonical).digest(certificate.getEncoded()));
        assertThat(fingerprint.toString()).startsWith(canonical + " ");
        assertThat(Fingerprint.parse(fingerprint.toString())).isEqualTo(fingerprint);
        assertThat(fingerprint.matches(certificate)).isTrue();
        assertThat(fingerprint.matches(other)).isFalse();
    }

    @Test
    void parseIsCaseInsensitiveAndFormatsCanonically() {
        Fingerprint fingerprint = Fingerprint.of(certificate);
        String lower = fingerprint.toString().toLowerCase(Locale.ROOT);

        Fingerprint parsed = Fingerprint.parse("  " + lower.replace(" ", "\t ") + " ");

        assertThat(lower).startsWith("sha-256 ");
        assertThat(parsed).isEqualTo(fingerprint).hasSameHashCodeAs(fingerprint);
        assertThat(parsed.toString()).isEqualTo(fingerprint.toString());
        assertThat(parsed.algorithm()).isEqualTo("SHA-256");
        assertThat(parsed.matches(certificate)).isTrue();
    }

    @Test
    void parsesTheRfc8122Example() {
        String sdp = "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB";

        Fingerprint fingerprint = Fingerprint.parse(sdp);

        assertThat(fingerprint.algorithm()).isEqualTo("SHA-1");
        assertThat(fingerprint.bytes()).hasSize(20).startsWith((byte) 0x4A, (byte) 0xAD);
        assertThat(fingerprint).hasToString(sdp);
    }

    @Test
    void equalityNeedsSameAlgorithmAndBytes() {
        Fingerprint sha256 = Fingerprint.of(certificate);

        assertThat(sha256).isEqualTo(Fingerprint.of("sha-256", sha256.bytes()));
        assertThat(sha256).isNotEqualTo(Fingerprint.of(other));
        assertThat(Fingerprint.of("SHA-384", certificate)).isNotEqualTo(Fingerprint.of("SHA-512", certificate));
        assertThat(sha256).isNotEqualTo(sha256.toString());
    }

    @Test
    void bytesAreCopied() {
        byte[] digest = Fingerprint.of(certificate).bytes();
        Fingerprint fingerprint = Fingerprint.of("SHA-256", digest);

        digest[0] ^= 1;
        fingerprint.bytes()[1] ^= 1;

        assertThat(fingerprint).isEqualTo(Fingerprint.of(certificate));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "SHA-256",
        "SHA-256 ",
        "AB:CD:EF",
        "SHA-256AB:CD",
        "SHA-256 AB:CD:EF",
        "MD5 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B",
        "SHA-257 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB",
        "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:",
        "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C",
        "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:CD",
        "SHA-1 4AAD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:C",
        "SHA-1 4A-AD-B9-B1-3F-82-18-3B-54-02-12-DF-3E-5D-49-6B-19-E5-7C-AB",
        "SHA-1 4G:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB",
        "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:A\uFF11",
        "SHA-1 4A AD B9 B1 3F 82 18 3B 54 02 12 DF 3E 5D 49 6B 19 E5 7C AB",
    })
    void rejectsBadTextQuotingIt(String text) {
        assertThatThrownBy(() -> Fingerprint.parse(text))
                .isInstanceOf(InvalidFingerprintException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid fingerprint \"" + text + "\": ");
    }

    @Test
    void badTextMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> Fingerprint.parse("MD5 AB:CD"))
                .hasMessageContaining("unsupported hash function \"MD5\"");
        assertThatThrownBy(() -> Fingerprint.parse("SHA-256 AB:CD"))
                .hasMessageContaining("SHA-256 fingerprint must have 32 colon-separated hex bytes");
        assertThatThrownBy(() -> Fingerprint.parse("SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AX"))
                .hasMessageContaining("byte 20 is not two hex digits");
    }

    @Test
    void rejectsUnsupportedAlgorithmsAndWrongLengths() {
        assertThatThrownBy(() -> Fingerprint.of("MD5", certificate))
                .isInstanceOf(InvalidFingerprintException.class)
                .hasMessageContaining("unsupported hash function \"MD5\"");
        assertThatThrownBy(() -> Fingerprint.of("SHA-256", new byte[20]))
                .isInstanceOf(InvalidFingerprintException.class)
                .hasMessageContaining("SHA-256 digest must have 32 bytes, got 20");
    }
}
