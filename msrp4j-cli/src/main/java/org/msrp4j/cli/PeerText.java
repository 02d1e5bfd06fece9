package org.msrp4j.cli;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Text a peer controls, made safe: for the terminal ({@link #display}), so that a hostile peer
 * cannot send escape sequences, reorder a line with bidi controls or forge a line of its own; and
 * as a file name ({@link #fileNameProblem}).
 */
final class PeerText {

    /** The longest file name taken from a peer, in UTF-8 bytes: with {@code .part.offer} it stays under 255. */
    static final int MAX_FILE_NAME_BYTES = 200;

    private static final char ZERO_WIDTH_NON_JOINER = '\u200c';
    private static final char ZERO_WIDTH_JOINER = '\u200d';

    private PeerText() {
    }

    /**
     * {@code text} with every character that could act on a terminal or mislead a reader written as
     * an escape: control characters (C0, DEL, C1: ESC starts terminal sequences, a newline would
     * start a line that looks like another message) as {@code \n}, {@code \r}, {@code \t} or
     * {@code \}{@code uXXXX}, and the same for format characters (bidi overrides and isolates such as
     * U+202E, invisible characters; the joiners of emoji sequences excepted), line and paragraph
     * separators, and unpaired surrogates.
     */
    static String display(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                int cp = text.codePointAt(i);
                if (unsafe(cp)) {
                    b = escaped(b, text, i).append(String.format(Locale.ROOT, "\\U%08X", cp));
                } else if (b != null) {
                    b.appendCodePoint(cp);
                }
                i++;
                continue;
            }
            if (unsafe(c) && c != ZERO_WIDTH_NON_JOINER && c != ZERO_WIDTH_JOINER) {
                b = escaped(b, text, i);
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
    }

    private static StringBuilder escaped(StringBuilder b, String text, int upTo) {
        return b != null ? b : new StringBuilder(text.length() + 16).append(text, 0, upTo);
    }

    private static boolean unsafe(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }

    /**
     * Why a file name from a peer cannot be used as is, or null when it can: empty, {@code .} or
     * {@code ..}, a path separator, longer than {@value #MAX_FILE_NAME_BYTES} UTF-8 bytes, or any
     * control, format (bidi and invisible characters, the joiners included), separator, unpaired
     * surrogate or unassigned character, which would make it display as another name.
     */
    static String fileNameProblem(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "unusable file name \"" + name + "\"";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "file name with a path separator: \"" + display(name) + "\"";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_FILE_NAME_BYTES) {
            return "file name of " + bytes + " bytes (at most " + MAX_FILE_NAME_BYTES + ")";
        }
        int bad = name.codePoints().filter(cp -> unsafe(cp) || Character.getType(cp) == Character.UNASSIGNED)
                .findFirst().orElse(-1);
        if (bad >= 0) {
            return String.format(Locale.ROOT, "file name with the control or format character U+%04X: \"%s\"", bad,
                    display(name));
        }
        return null;
    }
}
