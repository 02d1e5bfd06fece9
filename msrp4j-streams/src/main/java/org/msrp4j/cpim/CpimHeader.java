package org.msrp4j.cpim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One CPIM message header (RFC 3862 §3): a name, optional parameters such as {@code ;lang=fr}, and
 * the value as written on the wire.
 *
 * <p>The value is kept in its wire form ({@link #rawValue()}, RFC 3862 escapes intact) so that a
 * parsed message is written back unchanged; {@link #value()} gives the text with the escapes
 * undone. Use {@link #of(String, String)} to build a header from text.
 *
 * <p>Header names are case-sensitive (RFC 3862 §3.1); a prefixed name such as
 * {@code imdn.Message-ID} has {@link #prefix()} {@code imdn} and {@link #localName()}
 * {@code Message-ID}.
 *
 * @param name the header name
 * @param parameters the header parameters in order, values with quoting and escapes undone (not
 *     empty, no unpaired surrogate)
 * @param rawValue the value as written on the wire: no CR, LF or control character other than tab,
 *     no unpaired surrogate
 */
public record CpimHeader(String name, Map<String, String> parameters, String rawValue) {

    /**
     * Validates the components (leniently: what a peer may send, see {@link CpimMessage}).
     *
     * @throws IllegalArgumentException if the name is empty or holds white space, ':' or
     *     characters outside printable US-ASCII, a parameter name is not an RFC 3862 Name, or the
     *     value holds a control character other than tab or an unpaired surrogate
     */
    public CpimHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rawValue, "rawValue");
        if (!CpimGrammar.isLiberalHeaderName(name)) {
            throw new IllegalArgumentException("not a CPIM header name: " + name);
        }
        Map<String, String> copy = parameters.isEmpty() ? Map.of() : new LinkedHashMap<>();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (!CpimGrammar.isName(p.getKey())) {
                throw new IllegalArgumentException("not a CPIM parameter name: " + p.getKey());
            }
            String value = Objects.requireNonNull(p.getValue(), "parameter value");
            if (value.isEmpty() || CpimGrammar.hasUnpairedSurrogate(value)) {
                throw new IllegalArgumentException("empty CPIM parameter value, or one with an unpaired surrogate: "
                        + p.getKey());
            }
            copy.put(p.getKey(), value);
        }
        parameters = copy.isEmpty() ? copy : Collections.unmodifiableMap(copy);
        if (CpimGrammar.hasUnpairedSurrogate(rawValue)) {
            throw new IllegalArgumentException("unpaired surrogate in the value of CPIM header " + name);
        }
        for (int i = 0; i < rawValue.length(); i++) {
            char c = rawValue.charAt(i);
            if (CpimGrammar.isCtl(c) && c != '\t') {
                throw new IllegalArgumentException(String.format(
                        "control character 0x%02x in the value of CPIM header %s", (int) c, name));
            }
        }
    }

    /**
     * A header with the given text as value, escaped as RFC 3862 §2.3.1 requires.
     *
     * @param name the header name, optionally with a namespace prefix ({@code imdn.Message-ID})
     * @param value the value as text, unescaped
     * @return the header
     * @throws IllegalArgumentException if the name is malformed, or the text is empty, begins or
     *     ends with a space (RFC 3862 §2.2 allows no white space at either end of a line) or holds
     *     an unpaired surrogate
     */
    public static CpimHeader of(String name, String value) {
        return of(name, Map.of(), value);
    }

    /**
     * A header with parameters and the given text as value.
     *
     * @param name the header name, optionally with a namespace prefix
     * @param parameters parameter names to values, written in iteration order
     * @param value the value as text, unescaped
     * @return the header
     * @throws IllegalArgumentException as {@link #of(String, String)}, or if a parameter is
     *     malformed
     */
    public static CpimHeader of(String name, Map<String, String> parameters, String value) {
        if (value.isEmpty() || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            throw new IllegalArgumentException("the value of CPIM header " + name
                    + " must not be empty or begin or end with a space: '" + value + "'");
        }
        return new CpimHeader(name, parameters, CpimGrammar.escapeValue(value));
    }

    /**
     * The value as text: the raw value with RFC 3862 escapes undone.
     *
     * @return the unescaped value
     */
    public String value() {
        return CpimGrammar.unescape(rawValue);
    }

    /**
     * The namespace prefix (before the first '.'), or null for an unprefixed name.
     *
     * @return the prefix, or null
     */
    public String prefix() {
        int dot = name.indexOf('.');
        return dot < 0 ? null : name.substring(0, dot);
    }

    /**
     * The name without its namespace prefix.
     *
     * @return the part of the name after the prefix and its dot
     */
    public String localName() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    /**
     * The value of a parameter, or null.
     *
     * @param parameterName the parameter's name
     * @return the parameter's value, or null when absent
     */
    public String parameter(String parameterName) {
        return parameters.get(parameterName);
    }

    /**
     * The {@code lang} parameter (RFC 3862 §3.3), or null.
     *
     * @return the language tag, or null
     */
    public String language() {
        return parameters.get("lang");
    }

    /**
     * The header line without its line end: {@code Name:;param=value Value}. Parameter values are
     * written as tokens where they are tokens, else as quoted Strings.
     *
     * @return the encoded line
     */
    public String encode() {
        StringBuilder line = new StringBuilder(name.length() + rawValue.length() + 2).append(name).append(':');
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String value = p.getValue();
            line.append(';').append(p.getKey()).append('=')
                    .append(CpimGrammar.isToken(value) ? value : CpimGrammar.quote(value));
        }
        return line.append(' ').append(rawValue).toString();
    }

    @Override
    public String toString() {
        return encode();
    }
}
