package org.msrp4j.sdp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A file hash in an RFC 5547 file selector, {@code hash:<algorithm>:<XX:XX:...>}: the hash function's
 * textual name (lower case, e.g. {@code sha-1}) and the digest. Immutable.
 */
public final class FileHash {

    /** The hash function RFC 5547 uses: {@code sha-1}. */
    public static final String SHA_1 = "sha-1";

    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final String algorithm;
    private final byte[] digest;

    private FileHash(String algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /**
     * A hash from a function name (a token; kept in lower case) and the digest bytes (copied).
     *
     * @param algorithm the hash function's name, e.g. {@code sha-1}
     * @param digest the digest
     * @return the hash
     * @throws IllegalArgumentException if the name is not a token or the digest is empty
     */
    public static FileHash of(String algorithm, byte[] digest) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!SdpText.isToken(algorithm) || algorithm.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad hash function name: \"" + algorithm + "\"");
        }
        if (digest.length == 0) {
            throw new IllegalArgumentException("empty digest");
        }
        return new FileHash(algorithm.toLowerCase(Locale.ROOT), digest.clone());
    }

    /**
     * Parses {@code <algorithm>:<XX:XX:...>} (the part after {@code hash:}). Hex digits in either case
     * are accepted (RFC 5547 writes upper case).
     *
     * @throws SdpException ({@code SYNTAX}) if it is not in that form
     */
    static FileHash parse(String text) throws SdpException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw SdpText.syntax("file-selector hash must be <algorithm>:<hex bytes>", text);
        }
        String name = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        if (!SdpText.isToken(name) || hex.isEmpty() || (hex.length() + 1) % 3 != 0) {
            throw SdpText.syntax("file-selector hash must be <algorithm>:<XX:XX:...>", text);
        }
        byte[] bytes = new byte[(hex.length() + 1) / 3];
        for (int i = 0; i < bytes.length; i++) {
            int at = i * 3;
            int hi = SdpText.hexDigit(hex.charAt(at));
            int lo = SdpText.hexDigit(hex.charAt(at + 1));
            if (hi < 0 || lo < 0 || (i < bytes.length - 1 && hex.charAt(at + 2) != ':')) {
                throw SdpText.syntax("file-selector hash bytes must be two hex digits joined by ':'", text);
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        return new FileHash(name.toLowerCase(Locale.ROOT), bytes);
    }

    /**
     * The hash function name in lower case, e.g. {@code sha-1}.
     *
     * @return the lower-case name
     */
    public String algorithm() {
        return algorithm;
    }

    /**
     * A copy of the digest.
     *
     * @return a new array
     */
    public byte[] digest() {
        return digest.clone();
    }

    /**
     * The selector form after {@code hash:}: {@code sha-1:AB:CD:...}, upper-case hex.
     *
     * @return the name and the colon-separated hex bytes
     */
    public String encode() {
        return algorithm + ":" + HEX.formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileHash h && algorithm.equals(h.algorithm) && Arrays.equals(digest, h.digest);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return encode();
    }
}
