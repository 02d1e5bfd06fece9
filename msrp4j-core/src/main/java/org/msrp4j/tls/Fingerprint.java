package org.msrp4j.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A certificate fingerprint as MSRP endpoints exchange it in SDP ({@code a=fingerprint:SHA-256
 * AB:CD:...}, RFC 8122 §5, formerly RFC 4572): a hash function name and the digest of the
 * certificate's DER encoding. Immutable and thread-safe.
 *
 * <p>Supported hash functions: {@code SHA-1}, {@code SHA-224}, {@code SHA-256} (the default),
 * {@code SHA-384} and {@code SHA-512}. MD5 and MD2, which RFC 8122 forbids, are rejected. Names are
 * case-insensitive and kept in upper case; two fingerprints are equal when their hash function and
 * bytes are.
 */
public final class Fingerprint {

    /** The default hash function: SHA-256. */
    public static final String SHA_256 = "SHA-256";

    /** Supported hash function names (upper case, as {@link MessageDigest} names them) → digest length. */
    private static final Map<String, Integer> LENGTHS =
            Map.of("SHA-1", 20, "SHA-224", 28, "SHA-256", 32, "SHA-384", 48, "SHA-512", 64);

    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final String algorithm;
    private final byte[] bytes;

    private Fingerprint(String algorithm, byte[] bytes) {
        this.algorithm = algorithm;
        this.bytes = bytes;
    }

    /**
     * The SHA-256 fingerprint of {@code certificate}.
     *
     * @param certificate the certificate
     * @return the SHA-256 fingerprint of {@code certificate}
     */
    public static Fingerprint of(X509Certificate certificate) {
        return of(SHA_256, certificate);
    }

    /**
     * The fingerprint of {@code certificate} with the named hash function.
     *
     * @param certificate the certificate
     * @param algorithm the algorithm
     * @return the fingerprint of {@code certificate} with the named hash function
     * @throws InvalidFingerprintException if the hash function is not supported
     * @throws IllegalArgumentException if the certificate cannot be encoded
     */
    public static Fingerprint of(String algorithm, X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        String name = canonicalAlgorithm(algorithm, algorithm);
        return new Fingerprint(name, digest(name, certificate));
    }

    /**
     * A fingerprint from a hash function name and digest bytes (copied).
     *
     * @param digest the digest
     * @param algorithm the algorithm
     * @return a fingerprint from a hash function name and digest bytes (copied)
     * @throws InvalidFingerprintException if the hash function is not supported or the digest has
     *     the wrong length for it
     */
    public static Fingerprint of(String algorithm, byte[] digest) {
        String name = canonicalAlgorithm(algorithm, algorithm);
        int expected = LENGTHS.get(name);
        if (digest.length != expected) {
            throw new InvalidFingerprintException(
                    name + " digest must have " + expected + " bytes, got " + digest.length,
                    name + " " + HEX.formatHex(digest));
        }
        return new Fingerprint(name, digest.clone());
    }

    /**
     * Parses the value of an SDP {@code a=fingerprint} attribute: a hash function name, white space,
     * and the digest as two-digit hex bytes separated by colons, e.g. {@code "SHA-256 AB:CD:..."}.
     * Name and hex digits are case-insensitive; surrounding white space is ignored.
     *
     * @param text the text
     * @return the fingerprint
     * @throws InvalidFingerprintException if the text is not in that form, names an unsupported hash
     *     function, or has the wrong number of bytes for it; the message quotes the text
     */
    public static Fingerprint parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int space = indexOfWhitespace(trimmed);
        if (space < 0) {
            throw new InvalidFingerprintException(
                    "expected a hash function, a space and hex bytes such as \"SHA-256 AB:CD:...\"", text);
        }
        String name = canonicalAlgorithm(trimmed.substring(0, space), text);
        String hex = trimmed.substring(space).strip();
        int expected = LENGTHS.get(name);
        if (hex.length() != expected * 3 - 1) {
            throw new InvalidFingerprintException(
                    name + " fingerprint must have " + expected + " colon-separated hex bytes", text);
        }
        byte[] bytes = new byte[expected];
        for (int i = 0; i < expected; i++) {
            int at = i * 3;
            int hi = hexDigit(hex.charAt(at));
            int lo = hexDigit(hex.charAt(at + 1));
            boolean separatorOk = i == expected - 1 || hex.charAt(at + 2) == ':';
            if (hi < 0 || lo < 0 || !separatorOk) {
                throw new InvalidFingerprintException(
                        "byte " + (i + 1) + " is not two hex digits followed by ':'", text);
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        return new Fingerprint(name, bytes);
    }

    /**
     * The hash function name in upper case, e.g. {@code "SHA-256"}.
     *
     * @return the hash function name in upper case, e.g. {@code "SHA-256"}
     */
    public String algorithm() {
        return algorithm;
    }

    /**
     * A copy of the digest bytes.
     *
     * @return a copy of the digest bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Whether {@code certificate} has this fingerprint (its DER encoding hashed with this hash
     * function gives these bytes). A certificate that cannot be encoded does not match.
     *
     * @param certificate the certificate
     * @return whether {@code certificate} has this fingerprint (its DER encoding hashed with this hash function gives
     *     these bytes)
     */
    public boolean matches(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            return MessageDigest.isEqual(bytes, digest(algorithm, certificate));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The SDP attribute value form: hash name, a space, upper-case hex bytes joined by colons. */
    @Override
    public String toString() {
        return algorithm + " " + HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && algorithm.equals(f.algorithm) && Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(bytes);
    }

    private static String canonicalAlgorithm(String algorithm, String input) {
        Objects.requireNonNull(algorithm, "algorithm");
        String name = algorithm.toUpperCase(Locale.ROOT);
        if (!LENGTHS.containsKey(name)) {
            throw new InvalidFingerprintException(
                    "unsupported hash function \"" + algorithm + "\" (supported: SHA-1, SHA-224, SHA-256,"
                            + " SHA-384, SHA-512)",
                    input);
        }
        return name;
    }

    private static byte[] digest(String algorithm, X509Certificate certificate) {
        try {
            return MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The value of an ASCII hex digit, or -1 (also for non-ASCII digits {@link Character#digit} accepts). */
    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }
}
