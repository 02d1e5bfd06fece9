package org.msrp4j.cpim;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A MIME content type (RFC 2045 §5.1) such as the {@code Content-Type} of a CPIM message's wrapped
 * part: {@code text/plain; charset="utf8"}. Type, subtype and parameter names are kept in lower
 * case (they ignore case); quoted parameter values are unquoted.
 *
 * @param type the top-level type, e.g. {@code text}
 * @param subtype the subtype, e.g. {@code plain}
 * @param parameters the parameters in order, names in lower case
 */
public record ContentType(String type, String subtype, Map<String, String> parameters) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the type or subtype is not a token
     */
    public ContentType {
        if (!isToken(type) || !isToken(subtype)) {
            throw new IllegalArgumentException("not a content type: " + type + "/" + subtype);
        }
        type = type.toLowerCase(Locale.ROOT);
        subtype = subtype.toLowerCase(Locale.ROOT);
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v)));
        parameters = Collections.unmodifiableMap(copy);
    }

    /**
     * Parses a {@code Content-Type} value, leniently as to white space.
     *
     * @param value the header value, e.g. {@code text/plain; charset=utf-8}
     * @return the type, subtype and parameters it holds
     * @throws CpimException if it is not {@code type/subtype *(; name=value)}
     */
    public static ContentType parse(String value) throws CpimException {
        String[] parts = splitParameters(value);
        String media = parts[0].strip();
        int slash = media.indexOf('/');
        if (slash < 0 || !isToken(media.substring(0, slash)) || !isToken(media.substring(slash + 1))) {
            throw new CpimException("malformed content type: " + CpimGrammar.shorten(value));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0 || !isToken(p.substring(0, eq).strip())) {
                throw new CpimException("malformed parameter in content type: " + CpimGrammar.shorten(value));
            }
            String v = p.substring(eq + 1).strip();
            if (v.startsWith("\"")) {
                if (v.length() < 2 || !v.endsWith("\"")) {
                    throw new CpimException("unterminated quoted parameter in content type: "
                            + CpimGrammar.shorten(value));
                }
                v = unquote(v.substring(1, v.length() - 1));
            }
            parameters.putIfAbsent(p.substring(0, eq).strip().toLowerCase(Locale.ROOT), v);
        }
        return new ContentType(media.substring(0, slash), media.substring(slash + 1), parameters);
    }

    /**
     * {@code type/subtype}, e.g. {@code text/plain}.
     *
     * @return the type and subtype in the case they were written
     */
    public String mediaType() {
        return type + "/" + subtype;
    }

    /**
     * A parameter's value (name without regard to case), or null.
     *
     * @param name the parameter's name
     * @return its value with quotes removed, or null when absent
     */
    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The charset parameter as a Java charset, if present and known. Aliases the JDK knows are
     * read, such as sipsimple's {@code utf8}.
     *
     * @return the charset, or empty
     */
    public Optional<Charset> charset() {
        String name = parameter("charset");
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this type is one an accept-types entry admits (RFC 4975 §8.6): {@code *},
     * {@code type/*} or {@code type/subtype}, without regard to case; parameters are not compared.
     *
     * @param acceptType one {@code a=accept-types} entry
     * @return true if the entry admits this type
     */
    public boolean matches(String acceptType) {
        String a = acceptType.strip().toLowerCase(Locale.ROOT);
        int semicolon = a.indexOf(';');
        if (semicolon >= 0) {
            a = a.substring(0, semicolon).strip();
        }
        return a.equals("*") || a.equals("*/*") || a.equals(type + "/*") || a.equals(mediaType());
    }

    /** {@code type/subtype;name=value}, values quoted where they are not tokens. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(mediaType());
        parameters.forEach((k, v) -> s.append(';').append(k).append('=')
                .append(isToken(v) ? v : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"'));
        return s.toString();
    }

    /** Splits at semicolons outside quoted strings. */
    private static String[] splitParameters(String value) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts.toArray(new String[0]);
    }

    private static String unquote(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** RFC 2045 token: printable US-ASCII except tspecials and space. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
