package org.msrp4j.cpim;

/**
 * The character classes and the escape mechanism of RFC 3862 §3.6 (header names, tokens, header
 * values, quoted strings).
 */
final class CpimGrammar {

    private CpimGrammar() {
    }

    /** Text from a peer cut to at most 80 characters, for an error message. */
    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** NAMECHAR: the characters of a header name or namespace prefix. */
    static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '!' || c >= '#' && c <= '\'' || c == '*' || c == '+' || c == '-'
                || c >= '^' && c <= '`' || c == '|' || c == '~';
    }

    /** Name = 1*NAMECHAR. */
    static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Header-name = [ Name-prefix "." ] Name, as RFC 3862 writes it. */
    static boolean isHeaderName(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            return isName(s);
        }
        return isName(s.substring(0, dot)) && isName(s.substring(dot + 1));
    }

    /**
     * What this library accepts as a header name from a peer: printable US-ASCII without ':' and
     * without white space (more than {@link #isHeaderName}, which is what it writes).
     */
    static boolean isLiberalHeaderName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                return false;
            }
        }
        return true;
    }

    /**
     * TOKENCHAR = NAMECHAR / "." / UCS-high. Surrogates are left out, so a name with characters
     * outside the BMP is written as a quoted String.
     */
    static boolean isTokenChar(char c) {
        return isNameChar(c) || c == '.' || c >= 0x80 && !Character.isSurrogate(c);
    }

    /** Token = 1*TOKENCHAR. */
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

    /** A control character (CTL: %x00-1F / %x7F). */
    static boolean isCtl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    /**
     * Escapes text for a header value (RFC 3862 §2.3.1): backslash, backspace, tab, linefeed and
     * carriage return as {@code \\ \b \t \n \r}, other control characters as {@code \}{@code uxxxx},
     * everything else as it is.
     *
     * @throws IllegalArgumentException if the text holds an unpaired surrogate, which UTF-8 cannot
     *     carry and RFC 3862 does not let us escape
     */
    static String escapeValue(String text) {
        return escape(text, false);
    }

    /**
     * Writes text as a quoted String: DQUOTE, the escaped text with DQUOTE escaped too, DQUOTE.
     *
     * @throws IllegalArgumentException if the text holds an unpaired surrogate
     */
    static String quote(String text) {
        return '"' + escape(text, true) + '"';
    }

    private static String escape(String text, boolean quoted) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnpairedSurrogate(text, i)) {
                throw new IllegalArgumentException("unpaired surrogate in CPIM header text");
            }
            String replacement = escapeOf(c, quoted);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escapeOf(char c, boolean quoted) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\b' -> "\\b";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '"' -> quoted ? "\\\"" : null;
            default -> isCtl(c) ? String.format("\\u%04x", (int) c) : null;
        };
    }

    /** Whether text holds an unpaired surrogate (which UTF-8 cannot carry). */
    static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnpairedSurrogate(text, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnpairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }

    /**
     * Undoes RFC 3862 escapes as §2.3.1 says a reader should: {@code \}{@code uxxxx} and
     * {@code \b \t \n \r \" \' \\} give their characters, any other backslash sequence gives
     * the character after the backslash, and a backslash at the very end is dropped.
     */
    static String unescape(String wire) {
        int backslash = wire.indexOf('\\');
        if (backslash < 0) {
            return wire;
        }
        StringBuilder out = new StringBuilder(wire.length()).append(wire, 0, backslash);
        int i = backslash;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= wire.length()) {
                break;
            }
            char next = wire.charAt(i + 1);
            int code = next == 'u' ? hex4(wire, i + 2) : -1;
            if (code >= 0) {
                out.append((char) code);
                i += 6;
                continue;
            }
            out.append(switch (next) {
                case 'b' -> '\b';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> next;
            });
            i += 2;
        }
        return out.toString();
    }

    private static int hex4(String s, int from) {
        if (from + 4 > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            char c = s.charAt(i);
            int digit = c < 0x80 ? Character.digit(c, 16) : -1;
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /**
     * The end (exclusive) of the quoted String starting at {@code start} (which holds DQUOTE), or -1
     * if it is not closed.
     */
    static int endOfQuoted(String s, int start) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }
}
