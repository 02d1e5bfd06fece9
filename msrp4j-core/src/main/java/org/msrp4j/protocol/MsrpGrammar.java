package org.msrp4j.protocol;

import java.security.SecureRandom;

/**
 * Character classes and small productions of the MSRP grammar (RFC 4975 §9), shared by the URI,
 * header and chunk code. All predicates work on single characters or whole strings and never
 * throw.
 */
public final class MsrpGrammar {

    private static final boolean[] IDENT_CHAR = new boolean[128];
    private static final boolean[] TOKEN_CHAR = new boolean[128];
    private static final boolean[] UNRESERVED = new boolean[128];
    private static final char[] ID_ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        for (int c = 0; c < 128; c++) {
            boolean alnum = isAlphanum((char) c);
            IDENT_CHAR[c] = alnum || ".-+%=".indexOf(c) >= 0;
            // token = 1*(%x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E)
            TOKEN_CHAR[c] = c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B
                    || c == 0x2D || c == 0x2E || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A)
                    || (c >= 0x5E && c <= 0x7E);
            UNRESERVED[c] = alnum || "-._~".indexOf(c) >= 0;
        }
    }

    private MsrpGrammar() {
    }

    /**
     * ALPHA / DIGIT.
     *
     * @param c the character
     * @return whether {@code c} is ALPHA / DIGIT
     */
    public static boolean isAlphanum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * ident-char = ALPHANUM / "." / "-" / "+" / "%" / "=".
     *
     * @param c the character
     * @return whether {@code c} is an ident-char: ALPHANUM / "." / "-" / "+" / "%" / "="
     */
    public static boolean isIdentChar(char c) {
        return c < 128 && IDENT_CHAR[c];
    }

    /**
     * token character (RFC 4975 §9).
     *
     * @param c the character
     * @return whether {@code c} is a token character (RFC 4975 §9)
     */
    public static boolean isTokenChar(char c) {
        return c < 128 && TOKEN_CHAR[c];
    }

    /**
     * unreserved (RFC 3986).
     *
     * @param c the character
     * @return whether {@code c} is unreserved (RFC 3986)
     */
    public static boolean isUnreserved(char c) {
        return c < 128 && UNRESERVED[c];
    }

    /**
     * ident = ALPHANUM 3*31ident-char: the form of transaction ids and Message-IDs.
     *
     * @param s the text
     * @return whether {@code s} is an ident (ALPHANUM 3*31ident-char), the form of transaction ids and Message-IDs
     */
    public static boolean isIdent(CharSequence s) {
        int n = s.length();
        if (n < 4 || n > 32 || !isAlphanum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            if (!isIdentChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * token = 1*token-char.
     *
     * @param s the text
     * @return whether {@code s} is a token (1*token-char)
     */
    public static boolean isToken(CharSequence s) {
        return isToken(s, 0, s.length());
    }

    /**
     * Whether {@code s} from {@code from} (inclusive) to {@code to} (exclusive) is a token.
     *
     * @param s the text
     * @param from the from
     * @param to the to
     * @return whether {@code s} from {@code from} (inclusive) to {@code to} (exclusive) is a token
     */
    public static boolean isToken(CharSequence s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * utf8text without control characters other than HTAB: what header values, comments and
     * descriptions may hold. CR and LF in particular are refused, so a value can never break
     * the framing of a chunk.
     *
     * @param s the text
     * @return utf8text without control characters other than HTAB: what header values, comments and descriptions may
     *     hold
     */
    public static boolean isText(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * A fresh random ident of {@code length} alphanumeric characters (4..32), drawn from a
     * {@link SecureRandom}: suitable as a transaction id, Message-ID or session id.
     *
     * @param length the number of bytes
     * @return a fresh random ident of {@code length} alphanumeric characters (4..32), drawn from a {@link
     *     SecureRandom}: suitable as a transaction id, Message-ID or session id
     */
    public static String randomIdent(int length) {
        if (length < 4 || length > 32) {
            throw new IllegalArgumentException("ident length must be 4..32: " + length);
        }
        char[] out = new char[length];
        byte[] noise = new byte[length + 8];
        int n = 0;
        while (n < length) {
            // one draw per id; six bits per character, values past the alphabet rejected (no bias)
            RANDOM.nextBytes(noise);
            for (int k = 0; k < noise.length && n < length; k++) {
                int v = noise[k] & 0x3F;
                if (v < ID_ALPHABET.length) {
                    out[n++] = ID_ALPHABET[v];
                }
            }
        }
        return new String(out);
    }
}
