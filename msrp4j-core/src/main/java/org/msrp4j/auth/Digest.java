package org.msrp4j.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * HTTP digest arithmetic (RFC 2617, algorithm MD5) as MSRP relays use it for AUTH (RFC 4976 §5):
 * the method is {@code AUTH} and the digest URI is the relay's URI. Shared by the relay client,
 * which answers challenges and checks the relay's {@code rspauth}, and the relay server, which
 * checks the answers and computes {@code rspauth}.
 */
public final class Digest {

    private static final HexFormat HEX = HexFormat.of();

    private Digest() {
    }

    /**
     * {@code H(username:realm:password)}, the secret a server may store instead of the password.
     *
     * @param username the user name
     * @param realm the realm
     * @param password the password
     * @return {@code H(username:realm:password)}, the secret a server may store instead of the password
     */
    public static String ha1(String username, String realm, String password) {
        return md5Hex(username + ":" + realm + ":" + password);
    }

    /**
     * The {@code response} value. With {@code qop} {@code auth} it is {@code
     * H(HA1:nonce:nc:cnonce:qop:H(method:uri))}; with {@code qop} null, the RFC 2069 form {@code
     * H(HA1:nonce:H(method:uri))} that challenges without qop ask for.
     *
     * @param uri the URI
     * @param method the method name
     * @param qop the quality of protection
     * @param cnonce the client nonce
     * @param nc the nonce count
     * @param nonce the nonce
     * @param ha1 the digest of user name, realm and password
     * @return the {@code response} value
     * @throws IllegalArgumentException if qop is given without nc and cnonce
     */
    public static String response(String ha1, String nonce, String nc, String cnonce, String qop, String method,
            String uri) {
        String ha2 = md5Hex(method + ":" + uri);
        if (qop == null) {
            return md5Hex(ha1 + ":" + nonce + ":" + ha2);
        }
        if (nc == null || cnonce == null) {
            throw new IllegalArgumentException("qop=" + qop + " needs nc and cnonce");
        }
        return md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /**
     * The {@code rspauth} value of Authentication-Info (RFC 2617 §3.2.3), with which a server proves
     * that it knows the password too: the {@link #response} to the request's nonce, nc, cnonce and
     * qop, computed with an empty method ({@code A2 = ":" digest-uri}).
     *
     * @param uri the URI
     * @param qop the quality of protection
     * @param cnonce the client nonce
     * @param nc the nonce count
     * @param nonce the nonce
     * @param ha1 the digest of user name, realm and password
     * @return the {@code rspauth} value of Authentication-Info (RFC 2617 §3.2.3), with which a server proves that it
     *     knows the password too: the {@link #response} to the request's nonce, nc, cnonce and qop, computed with an
     *     empty method ({@code A2 = ":" digest-uri})
     */
    public static String rspauth(String ha1, String nonce, String nc, String cnonce, String qop, String uri) {
        return response(ha1, nonce, nc, cnonce, qop, "", uri);
    }

    /**
     * The nonce count as the eight hex digits the {@code nc} parameter carries.
     *
     * @param count the count
     * @return the nonce count as the eight hex digits the {@code nc} parameter carries
     */
    public static String nc(long count) {
        if (count < 1 || count > 0xffffffffL) {
            throw new IllegalArgumentException("nonce count out of range: " + count);
        }
        return String.format("%08x", count);
    }

    /**
     * Compares a computed response with a received one in constant time, hex case ignored.
     *
     * @param expected the expected value
     * @param received the received
     * @return whether the two responses are equal
     */
    public static boolean matches(String expected, String received) {
        if (received == null) {
            return false;
        }
        byte[] a = expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] b = received.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }

    /**
     * Lower-case hex MD5 of the UTF-8 bytes of {@code text}.
     *
     * @param text the text
     * @return lower-case hex MD5 of the UTF-8 bytes of {@code text}
     */
    public static String md5Hex(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HEX.formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }
}
