package org.msrp4j.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.msrp4j.tls.TlsCredentials;

/**
 * An {@code msrp:} or {@code msrps:} URI (RFC 4975 §6), the seed's {@code URI}. Immutable.
 *
 * <pre>
 * MSRP-URI = msrp-scheme "://" authority ["/" session-id] ";" transport *( ";" URI-parameter )
 * </pre>
 *
 * <p>{@link #equals} and {@link #hashCode} follow the comparison rules of RFC 4975 §6.1: the scheme,
 * host and transport compare case-insensitively (IP addresses by value), an explicit port never
 * equals an absent one, the session id compares exactly; userinfo, URI parameters and
 * credentials take no part.
 *
 * <p>{@link #parse} keeps the text it was given, so {@link #encode()} of a parsed URI returns the
 * original bytes.
 */
public final class MsrpUri {

    /** The port an MSRP URI without one refers to. */
    public static final int DEFAULT_PORT = 2855;
    /** The longest URI text {@link #parse(String)} accepts. */
    public static final int DEFAULT_MAX_LENGTH = 2048;

    private final boolean useTls;
    private final String user;
    private final String host;
    private final int port;
    private final String sessionId;
    private final String transport;
    private final Map<String, String> parameters;
    private final TlsCredentials credentials;
    /** The host in comparable form (lower case, IP addresses normalised), made on first use. */
    private String hostKey;
    private String text;

    private MsrpUri(boolean useTls, String user, String host, int port, String sessionId, String transport,
            Map<String, String> parameters, TlsCredentials credentials, String text) {
        this.useTls = useTls;
        this.user = user;
        this.host = host;
        this.port = port;
        this.sessionId = sessionId;
        this.transport = transport;
        this.parameters = parameters;
        this.credentials = credentials;
        this.text = text;
    }

    /**
     * Parses URI text of at most {@link #DEFAULT_MAX_LENGTH} characters.
     *
     * @param text the text
     * @return the MSRP URI
     * @throws InvalidUriException naming the problem and the text
     */
    public static MsrpUri parse(String text) {
        return parse(text, DEFAULT_MAX_LENGTH);
    }

    /**
     * Parses URI text of at most {@code maxLength} characters.
     *
     * @param maxLength the max length
     * @param text the text
     * @return the MSRP URI
     * @throws InvalidUriException naming the problem and the text
     */
    public static MsrpUri parse(String text, int maxLength) {
        Objects.requireNonNull(text, "text");
        if (text.length() > maxLength) {
            throw new InvalidUriException("longer than " + maxLength + " characters", text);
        }
        boolean tls;
        int i;
        if (text.regionMatches(true, 0, "msrp://", 0, 7)) {
            tls = false;
            i = 7;
        } else if (text.regionMatches(true, 0, "msrps://", 0, 8)) {
            tls = true;
            i = 8;
        } else {
            throw new InvalidUriException("scheme must be msrp:// or msrps://", text);
        }
        int n = text.length();
        String user = null;
        int at = text.indexOf('@', i) < 0 ? -1 : text.lastIndexOf('@');
        if (at >= i) {
            user = text.substring(i, at);
            checkUser(user, text);
            i = at + 1;
        }
        String host;
        if (i < n && text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            if (close < 0) {
                throw new InvalidUriException("unterminated IPv6 reference", text);
            }
            host = text.substring(i + 1, close);
            if (parseIpv6(host) == null) {
                throw new InvalidUriException("bad IPv6 address", text);
            }
            i = close + 1;
        } else {
            int start = i;
            for (char c; i < n && (c = text.charAt(i)) != ':' && c != '/' && c != ';'; ) {
                i++;
            }
            host = text.substring(start, i);
            checkHost(host, text);
        }
        int port = -1;
        if (i < n && text.charAt(i) == ':') {
            int start = ++i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 5) {
                throw new InvalidUriException("bad port", text);
            }
            port = Integer.parseInt(text, start, i, 10);
            if (port > 65535) {
                throw new InvalidUriException("port out of range", text);
            }
        }
        String sessionId = null;
        if (i < n && text.charAt(i) == '/') {
            int start = ++i;
            while (i < n && text.charAt(i) != ';') {
                i++;
            }
            sessionId = text.substring(start, i);
            checkSessionId(sessionId, text);
        }
        if (i >= n || text.charAt(i) != ';') {
            throw new InvalidUriException(i >= n ? "missing ;transport" : "unexpected character '"
                    + text.charAt(i) + "' after host", text);
        }
        int start = ++i;
        while (i < n && text.charAt(i) != ';') {
            i++;
        }
        String transport = i - start == 3 && text.startsWith("tcp", start) ? "tcp" : text.substring(start, i);
        checkTransport(transport, text);
        Map<String, String> params = Map.of();
        if (i < n) {
            params = new LinkedHashMap<>();
            while (i < n) {
                start = ++i;
                while (i < n && text.charAt(i) != ';') {
                    i++;
                }
                String param = text.substring(start, i);
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? null : param.substring(eq + 1);
                if (!MsrpGrammar.isToken(name) || (value != null && !MsrpGrammar.isToken(value))) {
                    throw new InvalidUriException("bad URI parameter '" + param + "'", text);
                }
                params.put(name, value);
            }
            params = Collections.unmodifiableMap(params);
        }
        return new MsrpUri(tls, user, host, port, sessionId, transport, params, null, text);
    }

    /**
     * A builder for a new URI; {@code host} is required, the transport defaults to {@code tcp}.
     *
     * @return this builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with this URI's components.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.useTls = useTls;
        b.user = user;
        b.host = host;
        b.port = port;
        b.sessionId = sessionId;
        b.transport = transport;
        b.parameters.putAll(parameters);
        b.credentials = credentials;
        return b;
    }

    /**
     * True for {@code msrps:} (TLS), false for {@code msrp:}.
     *
     * @return true for {@code msrps:} (TLS), false for {@code msrp:}
     */
    public boolean useTls() {
        return useTls;
    }

    /**
     * The userinfo part as written (percent-escapes kept), or null.
     *
     * @return the userinfo part as written (percent-escapes kept), or null
     */
    public String user() {
        return user;
    }

    /**
     * The host: a DNS name, an IPv4 address, or an IPv6 address without brackets.
     *
     * @return the host: a DNS name, an IPv4 address, or an IPv6 address without brackets
     */
    public String host() {
        return host;
    }

    /**
     * The explicit port, or -1 when the URI has none.
     *
     * @return the explicit port, or -1 when the URI has none
     */
    public int port() {
        return port;
    }

    /**
     * Whether the URI carries an explicit port.
     *
     * @return whether the URI carries an explicit port
     */
    public boolean hasPort() {
        return port >= 0;
    }

    /**
     * The explicit port, or {@link #DEFAULT_PORT} when the URI has none.
     *
     * @return the explicit port, or {@link #DEFAULT_PORT} when the URI has none
     */
    public int effectivePort() {
        return port >= 0 ? port : DEFAULT_PORT;
    }

    /**
     * The session id, or null (relay URIs have none).
     *
     * @return the session id, or null (relay URIs have none)
     */
    public String sessionId() {
        return sessionId;
    }

    /**
     * The transport, {@code tcp} unless another was given; its case is kept.
     *
     * @return the transport, {@code tcp} unless another was given; its case is kept
     */
    public String transport() {
        return transport;
    }

    /**
     * Extra URI parameters in their order; a parameter without a value maps to null.
     *
     * @return extra URI parameters in their order; a parameter without a value maps to null
     */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * TLS credentials to authenticate with when this URI is used locally, or null.
     *
     * @return TLS credentials to authenticate with when this URI is used locally, or null
     */
    public TlsCredentials credentials() {
        return credentials;
    }

    /**
     * Whether the host is an IPv6 address (written in brackets).
     *
     * @return whether the host is an IPv6 address (written in brackets)
     */
    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    /**
     * This URI with another port (0 asks a listener to pick one, -1 removes it).
     *
     * @param newPort the new port
     * @return this URI with another port (0 asks a listener to pick one, -1 removes it)
     */
    public MsrpUri withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    /**
     * This URI with another session id (null removes it).
     *
     * @param newSessionId the new session id
     * @return this URI with another session id (null removes it)
     */
    public MsrpUri withSessionId(String newSessionId) {
        return toBuilder().sessionId(newSessionId).build();
    }

    /**
     * This URI with other TLS credentials; credentials take no part in the text or in equality.
     *
     * @param newCredentials the new credentials
     * @return this URI with other TLS credentials; credentials take no part in the text or in equality
     */
    public MsrpUri withCredentials(TlsCredentials newCredentials) {
        return new MsrpUri(useTls, user, host, port, sessionId, transport, parameters, newCredentials, text);
    }

    /**
     * Whether this URI and {@code other} carry the same session id, the comparison that session
     * matching by session id (RFC 6714, CEMA) uses instead of {@link #equals}.
     *
     * @param other the other one
     * @return whether this URI and {@code other} carry the same session id, the comparison that session matching by
     *     session id (RFC 6714, CEMA) uses instead of {@link #equals}
     */
    public boolean sameSessionId(MsrpUri other) {
        return Objects.equals(sessionId, other.sessionId);
    }

    /**
     * Whether this URI and {@code other} are {@link #equals equal} but for their session ids (e.g.
     * a relay's URI for a session and the relay's listener URI), without making a URI to compare.
     *
     * @param other the URI to compare with
     * @return whether the two are equal but for their session ids
     */
    public boolean equalsIgnoringSessionId(MsrpUri other) {
        return useTls == other.useTls && port == other.port && hostKey().equals(other.hostKey())
                && transport.equalsIgnoreCase(other.transport);
    }

    /**
     * The URI text.
     *
     * @return the URI text
     */
    public String encode() {
        String t = text;
        if (t == null) {
            StringBuilder b = new StringBuilder(64);
            b.append(useTls ? "msrps://" : "msrp://");
            if (user != null) {
                b.append(user).append('@');
            }
            if (isIpv6()) {
                b.append('[').append(host).append(']');
            } else {
                b.append(host);
            }
            if (port >= 0) {
                b.append(':').append(port);
            }
            if (sessionId != null) {
                b.append('/').append(sessionId);
            }
            b.append(';').append(transport);
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                b.append(';').append(e.getKey());
                if (e.getValue() != null) {
                    b.append('=').append(e.getValue());
                }
            }
            t = b.toString();
            text = t;
        }
        return t;
    }

    @Override
    public String toString() {
        return encode();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MsrpUri u)) {
            return false;
        }
        return Objects.equals(sessionId, u.sessionId) && equalsIgnoringSessionId(u);
    }

    @Override
    public int hashCode() {
        return ((Boolean.hashCode(useTls) * 31 + hostKey().hashCode()) * 31 + port) * 31
                + Objects.hashCode(sessionId) * 31 + transport.toLowerCase(Locale.ROOT).hashCode();
    }

    private String hostKey() {
        String k = hostKey;
        if (k == null) {
            k = hostKey(host);
            hostKey = k;
        }
        return k;
    }

    private static String hostKey(String host) {
        if (host.indexOf(':') >= 0) {
            int[] groups = parseIpv6(host);
            StringBuilder b = new StringBuilder(40);
            for (int g : groups) {
                b.append(Integer.toHexString(g)).append(':');
            }
            return b.toString();
        }
        int[] v4 = parseIpv4(host);
        if (v4 != null) {
            return v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3];
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static void checkUser(String user, String text) {
        if (user.isEmpty()) {
            throw new InvalidUriException("empty userinfo", text);
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c == '%') {
                if (i + 2 >= user.length() || Character.digit(user.charAt(i + 1), 16) < 0
                        || Character.digit(user.charAt(i + 2), 16) < 0) {
                    throw new InvalidUriException("bad %-escape in userinfo", text);
                }
            } else if (!MsrpGrammar.isUnreserved(c) && "!*'()&=+$,;?/:".indexOf(c) < 0) {
                throw new InvalidUriException("bad character '" + c + "' in userinfo", text);
            }
        }
    }

    private static void checkHost(String host, String text) {
        if (host.isEmpty()) {
            throw new InvalidUriException("missing host", text);
        }
        char first = host.charAt(0);
        if (first >= '0' && first <= '9' && parseIpv4(host) != null) {
            return;
        }
        int labelStart = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                boolean last = i == host.length() || i == host.length() - 1;
                if (i == labelStart && !(last && i == host.length() && labelStart > 0)) {
                    throw new InvalidUriException("empty label in host", text);
                }
                if (i > labelStart && (host.charAt(labelStart) == '-' || host.charAt(i - 1) == '-')) {
                    throw new InvalidUriException("host label starts or ends with '-'", text);
                }
                labelStart = i + 1;
            } else if (!MsrpGrammar.isAlphanum(c) && c != '-' && c != '_') {
                throw new InvalidUriException("bad character '" + c + "' in host", text);
            }
        }
    }

    private static void checkSessionId(String sessionId, String text) {
        if (sessionId.isEmpty()) {
            throw new InvalidUriException("empty session-id", text);
        }
        for (int i = 0; i < sessionId.length(); i++) {
            char c = sessionId.charAt(i);
            if (!MsrpGrammar.isUnreserved(c) && c != '+' && c != '=' && c != '/') {
                throw new InvalidUriException("bad character '" + c + "' in session-id", text);
            }
        }
    }

    private static void checkTransport(String transport, String text) {
        if (transport.isEmpty()) {
            throw new InvalidUriException("empty transport", text);
        }
        for (int i = 0; i < transport.length(); i++) {
            if (!MsrpGrammar.isAlphanum(transport.charAt(i))) {
                throw new InvalidUriException("bad transport '" + transport + "'", text);
            }
        }
    }

    /** The four octets of a dotted-quad IPv4 address, or null if {@code s} is not one. */
    static int[] parseIpv4(String s) {
        int[] out = new int[4];
        int part = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part > 3 || value > 255) {
                    return null;
                }
                out[part++] = value;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** The eight 16-bit groups of an IPv6 address (RFC 4291 text form), or null if invalid. */
    static int[] parseIpv6(String s) {
        int[] head = new int[8];
        int[] tail = new int[8];
        int nh = 0;
        int nt = 0;
        boolean gap = false;
        int n = s.length();
        int i = 0;
        if (n >= 2 && s.startsWith("::")) {
            gap = true;
            i = 2;
        } else if (n > 0 && s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            int start = i;
            int v = 0;
            while (i < n && i - start < 5 && Character.digit(s.charAt(i), 16) >= 0) {
                v = (v << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                int[] v4 = parseIpv4(s.substring(start));
                if (v4 == null || (gap ? nt : nh) > 6) {
                    return null;
                }
                int[] target = gap ? tail : head;
                int k = gap ? nt : nh;
                target[k] = (v4[0] << 8) | v4[1];
                target[k + 1] = (v4[2] << 8) | v4[3];
                if (gap) {
                    nt += 2;
                } else {
                    nh += 2;
                }
                i = n;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            if (gap) {
                if (nt == 8) {
                    return null;
                }
                tail[nt++] = v;
            } else {
                if (nh == 8) {
                    return null;
                }
                head[nh++] = v;
            }
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap) {
                    return null;
                }
                gap = true;
                i++;
            } else if (i == n) {
                return null;
            }
        }
        if (gap ? nh + nt > 7 : nh != 8) {
            return null;
        }
        int[] out = new int[8];
        System.arraycopy(head, 0, out, 0, nh);
        System.arraycopy(tail, 0, out, 8 - nt, nt);
        return out;
    }

    /** Builds a {@link MsrpUri}; every component is validated by {@link #build()}. */
    public static final class Builder {
        private boolean useTls;
        private String user;
        private String host;
        private int port = -1;
        private String sessionId;
        private String transport = "tcp";
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private TlsCredentials credentials;

        private Builder() {
        }

        /**
         * {@code msrps:} when true, {@code msrp:} when false (the default).
         *
         * @param value {@code msrps:} when true, {@code msrp:} when false (the default)
         * @return this builder
         */
        public Builder useTls(boolean value) {
            this.useTls = value;
            return this;
        }

        /**
         * The userinfo part, or null for none.
         *
         * @param value the userinfo part, or null for none
         * @return this builder
         */
        public Builder user(String value) {
            this.user = value;
            return this;
        }

        /**
         * The host: DNS name, IPv4 address, or IPv6 address with or without brackets.
         *
         * @param value the host: DNS name, IPv4 address, or IPv6 address with or without brackets
         * @return this builder
         */
        public Builder host(String value) {
            if (value != null && value.length() > 1 && value.charAt(0) == '[' && value.endsWith("]")) {
                value = value.substring(1, value.length() - 1);
            }
            this.host = value;
            return this;
        }

        /**
         * The port, 0..65535, or -1 for none.
         *
         * @param value the port, 0..65535, or -1 for none
         * @return this builder
         */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /**
         * The session id, or null for none.
         *
         * @param value the session id, or null for none
         * @return this builder
         */
        public Builder sessionId(String value) {
            this.sessionId = value;
            return this;
        }

        /**
         * The transport; {@code tcp} by default.
         *
         * @param value the transport; {@code tcp} by default
         * @return this builder
         */
        public Builder transport(String value) {
            this.transport = value;
            return this;
        }

        /**
         * Adds or replaces a URI parameter; a null value writes the name alone.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         */
        public Builder parameter(String name, String value) {
            this.parameters.put(name, value);
            return this;
        }

        /**
         * TLS credentials to use for this local URI.
         *
         * @param value TLS credentials to use for this local URI
         * @return this builder
         */
        public Builder credentials(TlsCredentials value) {
            this.credentials = value;
            return this;
        }

        /**
         * Builds the URI.
         *
         * @return the MSRP URI
         * @throws InvalidUriException if a component breaks the grammar
         */
        public MsrpUri build() {
            String where = "host=" + host + " port=" + port + " session-id=" + sessionId;
            if (host == null) {
                throw new InvalidUriException("missing host", where);
            }
            if (host.indexOf(':') >= 0) {
                if (parseIpv6(host) == null) {
                    throw new InvalidUriException("bad IPv6 address", host);
                }
            } else {
                checkHost(host, host);
            }
            if (port < -1 || port > 65535) {
                throw new InvalidUriException("port out of range", where);
            }
            if (user != null) {
                checkUser(user, user);
            }
            if (sessionId != null) {
                checkSessionId(sessionId, sessionId);
            }
            Objects.requireNonNull(transport, "transport");
            checkTransport(transport, transport);
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                if (!MsrpGrammar.isToken(e.getKey()) || (e.getValue() != null && !MsrpGrammar.isToken(e.getValue()))) {
                    throw new InvalidUriException("bad URI parameter", e.getKey() + "=" + e.getValue());
                }
            }
            Map<String, String> params = parameters.isEmpty() ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            return new MsrpUri(useTls, user, host, port, sessionId, transport, params, credentials, null);
        }
    }
}
