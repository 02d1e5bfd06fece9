package org.msrp4j.sdp;

import java.util.ArrayList;
import java.util.List;

/** Small grammar helpers shared by the SDP value parsers. */
final class SdpText {

    private SdpText() {
    }

    /** RFC 8866 token-char: visible ASCII except the separators it leaves out. */
    static boolean isTokenChar(char c) {
        return c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.'
                || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is visible ASCII or any non-ASCII character, with no white space or controls. */
    static boolean isVisible(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The words of {@code s} split on runs of spaces and tabs; leading and trailing ones ignored. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isBlank(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * A non-negative decimal of at most 18 digits (so it fits a long), or -1 if {@code s} is not one.
     */
    static long parseCount(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    static SdpException syntax(String what, String text) {
        return new SdpException(SdpException.Reason.SYNTAX, what + ": \"" + shorten(text) + "\"");
    }

    /** {@code s} cut to 200 characters, with control characters escaped, for messages. */
    static String shorten(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200) + 8);
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > 200) {
            b.append("...");
        }
        return b.toString();
    }
}
