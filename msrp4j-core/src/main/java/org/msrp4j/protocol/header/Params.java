package org.msrp4j.protocol.header;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpGrammar;

/** Parsing and formatting of {@code name=value} lists with quoted strings (digest, disposition). */
final class Params {

    private Params() {
    }

    /**
     * Parses {@code name[=value]} items separated by {@code separator} from {@code from} on; values
     * are tokens or quoted strings (with backslash escapes), whitespace around items is ignored.
     * Returns an unmodifiable map in input order; a name without value maps to the empty string.
     */
    static Map<String, String> parse(String header, String text, int from, char separator) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = text.length();
        int i = skipSpace(text, from);
        while (i < n) {
            int start = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != separator && !isSpace(text.charAt(i))) {
                i++;
            }
            String name = text.substring(start, i);
            if (!MsrpGrammar.isToken(name)) {
                throw new InvalidHeaderException(header, "bad parameter name '" + name + "'", text);
            }
            i = skipSpace(text, i);
            String value = "";
            if (i < n && text.charAt(i) == '=') {
                i = skipSpace(text, i + 1);
                if (i < n && text.charAt(i) == '"') {
                    StringBuilder b = new StringBuilder();
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new InvalidHeaderException(header, "unterminated quoted string", text);
                        }
                        char c = text.charAt(i++);
                        if (c == '"') {
                            break;
                        }
                        if (c == '\\') {
                            if (i >= n) {
                                throw new InvalidHeaderException(header, "unterminated quoted string", text);
                            }
                            c = text.charAt(i++);
                        }
                        b.append(c);
                    }
                    value = b.toString();
                } else {
                    start = i;
                    while (i < n && text.charAt(i) != separator && !isSpace(text.charAt(i))) {
                        i++;
                    }
                    value = text.substring(start, i);
                    if (!MsrpGrammar.isToken(value)) {
                        throw new InvalidHeaderException(header, "bad value of parameter '" + name + "'", text);
                    }
                }
                i = skipSpace(text, i);
            }
            out.put(name, value);
            if (i < n) {
                if (text.charAt(i) != separator) {
                    throw new InvalidHeaderException(header, "expected '" + separator + "' between parameters", text);
                }
                i = skipSpace(text, i + 1);
                if (i >= n) {
                    throw new InvalidHeaderException(header, "trailing '" + separator + "'", text);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Formats parameters joined by {@code separator}; values of names in {@code bare} are written
     * as they are when they are tokens, all others as quoted strings.
     */
    static String format(Map<String, String> params, String separator, Set<String> bare) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (b.length() > 0) {
                b.append(separator);
            }
            b.append(e.getKey()).append('=');
            String v = e.getValue();
            if (bare.contains(e.getKey()) && MsrpGrammar.isToken(v)) {
                b.append(v);
            } else {
                b.append('"');
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c == '"' || c == '\\') {
                        b.append('\\');
                    }
                    b.append(c);
                }
                b.append('"');
            }
        }
        return b.toString();
    }

    /** Copies and validates a parameter map given by an application. */
    static Map<String, String> copy(String header, Map<String, String> params) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!MsrpGrammar.isToken(e.getKey()) || e.getValue() == null || !MsrpGrammar.isText(e.getValue())) {
                throw new InvalidHeaderException(header, "bad parameter", e.getKey() + "=" + e.getValue());
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
