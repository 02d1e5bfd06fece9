package org.msrp4j.cpim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code message/cpim} message (RFC 3862): CPIM message headers ({@code From}, {@code To},
 * {@code cc}, {@code DateTime}, {@code Subject}, {@code NS}, {@code Require} and namespaced ones such
 * as {@code imdn.Message-ID}), then the wrapped MIME part: its headers ({@code Content-Type}, ...)
 * and its body as bytes. Immutable; {@link #parse(byte[])} reads one, {@link #builder()} makes one
 * and {@link #encode()} writes it.
 *
 * <p>Strict in what it writes, liberal in what it reads. The builder refuses what RFC 3862 does not
 * allow (names outside its grammar, a prefix without an {@code NS} declaration, a second
 * {@code From}); {@link #encode()} writes CRLF line ends and escapes control characters in header
 * values; {@link Builder#build()} wants a {@code Content-Type} (RFC 3862 §2.4).
 * {@link #parse(byte[])} also reads what peers are known to send: bare LF line ends, folded lines,
 * no space after the colon, sipsimple's {@code Required} for {@code Require}, no Content-Type.
 * Header names are case-sensitive (RFC 3862 §2.2: {@code From} and {@code from} are different
 * headers).
 *
 * <p>Headers keep their order, and a parsed message keeps header values as they were written, so
 * {@code parse(bytes).encode()} gives the bytes back when they were written as RFC 3862 says (CRLF
 * line ends, one space after the colon). The body is never decoded.
 */
public final class CpimMessage {

    /** The MIME type of a CPIM message. */
    public static final String CONTENT_TYPE = "message/cpim";

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})*");
    private static final byte[] CRLF = {'\r', '\n'};

    private final List<CpimHeader> headers;
    private final List<MimeHeader> mimeHeaders;
    private final byte[] body;
    private final CpimAddress from;
    private final List<CpimAddress> to;
    private final List<CpimAddress> cc;
    private final OffsetDateTime dateTime;
    private final List<CpimNamespace> namespaces;
    /** The namespace URI of each header, by index; null where a prefix is declared nowhere. */
    private final String[] headerNamespaces;

    CpimMessage(List<CpimHeader> headers, List<MimeHeader> mimeHeaders, byte[] body) throws CpimException {
        this.headers = List.copyOf(headers);
        this.mimeHeaders = List.copyOf(mimeHeaders);
        this.body = body;
        CpimAddress fromValue = null;
        OffsetDateTime dateTimeValue = null;
        List<CpimAddress> toValues = new ArrayList<>();
        List<CpimAddress> ccValues = new ArrayList<>();
        List<CpimNamespace> nsValues = new ArrayList<>();
        for (int i = 0; i < this.headers.size(); i++) {
            CpimHeader h = this.headers.get(i);
            try {
                switch (coreName(h.name())) {
                    case "From" -> {
                        CpimAddress a = CpimAddress.parse(h.rawValue());
                        fromValue = fromValue == null ? a : fromValue;
                    }
                    case "To" -> toValues.add(CpimAddress.parse(h.rawValue()));
                    case "cc" -> ccValues.add(CpimAddress.parse(h.rawValue()));
                    case "DateTime" -> {
                        OffsetDateTime d = parseDateTime(h.rawValue());
                        dateTimeValue = dateTimeValue == null ? d : dateTimeValue;
                    }
                    case "NS" -> nsValues.add(CpimNamespace.parse(h.rawValue()));
                    default -> {
                    }
                }
            } catch (CpimException e) {
                throw new CpimException("malformed message/cpim, header " + (i + 1) + " (" + h.name() + "): "
                        + e.getMessage(), e);
            }
        }
        this.from = fromValue;
        this.dateTime = dateTimeValue;
        this.to = List.copyOf(toValues);
        this.cc = List.copyOf(ccValues);
        this.namespaces = List.copyOf(nsValues);
        this.headerNamespaces = resolveNamespaces(this.headers, this.namespaces);
    }

    /**
     * Resolves each header's namespace as RFC 3862 §3.4 says: a prefix by the latest {@code NS}
     * declaring it before the header, an unprefixed name by the latest default declaration before
     * it (else the CPIM headers' namespace). A prefix used before its declaration, which the RFC
     * does not allow, is resolved by the first declaration after it.
     */
    private static String[] resolveNamespaces(List<CpimHeader> headers, List<CpimNamespace> declared) {
        if (declared.isEmpty()) {
            String[] resolved = new String[headers.size()];
            for (int i = 0; i < resolved.length; i++) {
                resolved[i] = headers.get(i).prefix() == null ? CpimNamespace.CPIM_HEADERS : null;
            }
            return resolved;
        }
        Map<String, String> firstDeclaration = new HashMap<>();
        for (CpimNamespace ns : declared) {
            if (ns.prefix() != null) {
                firstDeclaration.putIfAbsent(ns.prefix(), ns.uri());
            }
        }
        Map<String, String> inScope = new HashMap<>();
        String defaultNamespace = CpimNamespace.CPIM_HEADERS;
        String[] resolved = new String[headers.size()];
        int nsIndex = 0;
        for (int i = 0; i < headers.size(); i++) {
            CpimHeader h = headers.get(i);
            String prefix = h.prefix();
            resolved[i] = prefix == null ? defaultNamespace
                    : inScope.getOrDefault(prefix, firstDeclaration.get(prefix));
            if ("NS".equals(h.name())) {
                CpimNamespace ns = declared.get(nsIndex++);
                if (ns.prefix() == null) {
                    defaultNamespace = ns.uri();
                } else {
                    inScope.put(ns.prefix(), ns.uri());
                }
            }
        }
        return resolved;
    }

    /** The typed accessors' key for a header: its name, with sipsimple's Required read as Require. */
    private static String coreName(String name) {
        return "Required".equals(name) ? "Require" : name;
    }

    private static OffsetDateTime parseDateTime(String raw) throws CpimException {
        try {
            return Rfc3339.parse(raw);
        } catch (DateTimeException e) {
            throw new CpimException("not an RFC 3339 date-time: " + CpimGrammar.shorten(raw), e);
        }
    }

    /**
     * Parses a CPIM message.
     *
     * @param bytes the whole {@code message/cpim} body
     * @return the message's headers, MIME headers and body
     * @throws CpimException if the bytes are not a CPIM message, or a From, To, cc, DateTime or NS
     *     header in it is malformed
     */
    public static CpimMessage parse(byte[] bytes) throws CpimException {
        return parse(bytes, 0, bytes.length);
    }

    /**
     * Parses a CPIM message from part of an array.
     *
     * @param bytes the array holding the body
     * @param offset where the body starts
     * @param length the body's length in bytes
     * @return the message's headers, MIME headers and body
     * @throws CpimException if the bytes are not a CPIM message, or a From, To, cc, DateTime or NS
     *     header in it is malformed
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public static CpimMessage parse(byte[] bytes, int offset, int length) throws CpimException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return CpimParser.parse(bytes, offset, length);
    }

    /**
     * A builder for a new message.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this message's headers and body, to make a changed copy.
     *
     * @return a new builder; changing it leaves this message as it is
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.headers.addAll(headers);
        b.mimeHeaders.addAll(mimeHeaders);
        b.body = body;
        return b;
    }

    /**
     * The message as bytes: CPIM headers, empty line, MIME headers, empty line, body.
     *
     * @return a new array holding the encoded message
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
        for (CpimHeader h : headers) {
            out.writeBytes(h.encode().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
        for (MimeHeader h : mimeHeaders) {
            out.writeBytes(h.encode().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * All CPIM headers in order.
     *
     * @return an unmodifiable list
     */
    public List<CpimHeader> headers() {
        return headers;
    }

    /**
     * The CPIM headers with this exact name (names are case-sensitive), in order.
     *
     * @param name a header name, with its prefix if it has one
     * @return an unmodifiable list, empty when there is none
     */
    public List<CpimHeader> headers(String name) {
        return headers.stream().filter(h -> h.name().equals(name)).toList();
    }

    /**
     * The first CPIM header with this exact name.
     *
     * @param name a header name, with its prefix if it has one
     * @return the header, or empty
     */
    public Optional<CpimHeader> header(String name) {
        for (CpimHeader h : headers) {
            if (h.name().equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /**
     * The first header of a namespace, whatever prefix the sender chose for it: with
     * {@code NS: x <urn:ietf:params:imdn>}, {@code header("urn:ietf:params:imdn", "Message-ID")}
     * finds {@code x.Message-ID} (or {@code Message-ID} after {@code NS: <urn:ietf:params:imdn>}).
     * Namespaces are resolved as RFC 3862 §3.4 says, in header order.
     *
     * @param namespaceUri the namespace's URI, e.g. {@code urn:ietf:params:imdn}
     * @param localName the name without prefix
     * @return the header, or empty
     */
    public Optional<CpimHeader> header(String namespaceUri, String localName) {
        for (int i = 0; i < headers.size(); i++) {
            CpimHeader h = headers.get(i);
            if (h.localName().equals(localName) && namespaceUri.equals(headerNamespaces[i])) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /**
     * All headers of a namespace with this local name, in order (see {@link #header(String, String)}).
     *
     * @param namespaceUri the namespace's URI
     * @param localName the name without prefix
     * @return an unmodifiable list, empty when there is none
     */
    public List<CpimHeader> headers(String namespaceUri, String localName) {
        List<CpimHeader> found = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            CpimHeader h = headers.get(i);
            if (h.localName().equals(localName) && namespaceUri.equals(headerNamespaces[i])) {
                found.add(h);
            }
        }
        return found;
    }

    /**
     * The {@code From} header (the first, if a peer sent several).
     *
     * @return the sender's address, or empty
     */
    public Optional<CpimAddress> from() {
        return Optional.ofNullable(from);
    }

    /**
     * The {@code To} headers in order.
     *
     * @return an unmodifiable list
     */
    public List<CpimAddress> to() {
        return to;
    }

    /**
     * The {@code cc} headers in order.
     *
     * @return an unmodifiable list
     */
    public List<CpimAddress> cc() {
        return cc;
    }

    /**
     * The {@code DateTime} header (the first, if a peer sent several).
     *
     * @return the date-time, or empty
     */
    public Optional<OffsetDateTime> dateTime() {
        return Optional.ofNullable(dateTime);
    }

    /**
     * The {@code Subject} without a language, or else the first {@code Subject}.
     *
     * @return the subject text, or empty
     */
    public Optional<String> subject() {
        Optional<String> plain = subjectHeaders().stream().filter(h -> h.language() == null)
                .map(CpimHeader::value).findFirst();
        return plain.isPresent() ? plain : subjectHeaders().stream().map(CpimHeader::value).findFirst();
    }

    /**
     * The {@code Subject} in a language (compared without regard to case).
     *
     * @param language a language tag, e.g. {@code fr}
     * @return the subject text, or empty
     */
    public Optional<String> subject(String language) {
        return subjectHeaders().stream().filter(h -> language.equalsIgnoreCase(h.language()))
                .map(CpimHeader::value).findFirst();
    }

    private List<CpimHeader> subjectHeaders() {
        return headers.stream().filter(h -> "Subject".equals(h.name())).toList();
    }

    /**
     * The {@code NS} declarations in order.
     *
     * @return an unmodifiable list
     */
    public List<CpimNamespace> namespaces() {
        return namespaces;
    }

    /**
     * The header names listed by {@code Require} (RFC 3862 §4.7), and by {@code Required}, which
     * sipsimple writes instead.
     *
     * @return an unmodifiable list of header names
     */
    public List<String> required() {
        List<String> names = new ArrayList<>();
        for (CpimHeader h : headers) {
            if ("Require".equals(coreName(h.name()))) {
                for (String name : h.value().split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.strip());
                    }
                }
            }
        }
        return names;
    }

    /**
     * The headers of the wrapped MIME part, in order.
     *
     * @return an unmodifiable list
     */
    public List<MimeHeader> mimeHeaders() {
        return mimeHeaders;
    }

    /**
     * The value of the first MIME header with this name, ignoring case.
     *
     * @param name the MIME header's name
     * @return its value, or empty
     */
    public Optional<String> mimeHeader(String name) {
        for (MimeHeader h : mimeHeaders) {
            if (h.is(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /**
     * The wrapped part's {@code Content-Type}, as written (e.g. {@code text/plain; charset=utf-8}).
     *
     * @return the value, or empty
     */
    public Optional<String> contentType() {
        return mimeHeader("Content-Type");
    }

    /**
     * A copy of the wrapped part's body.
     *
     * @return a new array
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The wrapped part's body, read-only, without a copy.
     *
     * @return a read-only view of the body bytes
     */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /**
     * The length of the body in bytes.
     *
     * @return bytes
     */
    public int bodyLength() {
        return body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpimMessage m && headers.equals(m.headers) && mimeHeaders.equals(m.mimeHeaders)
                && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headers, mimeHeaders, Arrays.hashCode(body));
    }

    /** The headers and the body's length (not the body itself). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CpimMessage[");
        for (CpimHeader h : headers) {
            s.append(h.encode()).append("; ");
        }
        s.append("| ");
        for (MimeHeader h : mimeHeaders) {
            s.append(h.encode()).append("; ");
        }
        return s.append("| ").append(body.length).append(" bytes]").toString();
    }

    /**
     * Builds a {@link CpimMessage}. Headers are written in the order they are added; an
     * {@code NS} declaration must come before the headers that use its prefix. Not thread-safe.
     */
    public static final class Builder {

        private final List<CpimHeader> headers = new ArrayList<>();
        private final List<MimeHeader> mimeHeaders = new ArrayList<>();
        private byte[] body = new byte[0];

        private Builder() {
        }

        /**
         * Adds the {@code From} header.
         *
         * @param address the sender
         * @return this builder
         * @throws IllegalStateException if there is one already
         */
        public Builder from(CpimAddress address) {
            if (hasCore("From")) {
                throw new IllegalStateException("the message has a From header already");
            }
            headers.add(new CpimHeader("From", Map.of(), address.encode()));
            return this;
        }

        /**
         * Adds a {@code To} header.
         *
         * @param address a recipient
         * @return this builder
         */
        public Builder to(CpimAddress address) {
            headers.add(new CpimHeader("To", Map.of(), address.encode()));
            return this;
        }

        /**
         * Adds a {@code cc} header.
         *
         * @param address a recipient in copy
         * @return this builder
         */
        public Builder cc(CpimAddress address) {
            headers.add(new CpimHeader("cc", Map.of(), address.encode()));
            return this;
        }

        /**
         * Adds the {@code DateTime} header.
         *
         * @param dateTime the date-time to write
         * @return this builder
         * @throws IllegalStateException if there is one already
         */
        public Builder dateTime(OffsetDateTime dateTime) {
            if (hasCore("DateTime")) {
                throw new IllegalStateException("the message has a DateTime header already");
            }
            headers.add(new CpimHeader("DateTime", Map.of(), Rfc3339.format(dateTime)));
            return this;
        }

        /**
         * Adds a {@code Subject} header without a language.
         *
         * @param text the subject
         * @return this builder
         */
        public Builder subject(String text) {
            headers.add(CpimHeader.of("Subject", text));
            return this;
        }

        /**
         * Adds a {@code Subject} header in a language ({@code Subject:;lang=fr ...}). The tag is
         * written in lower case (tags ignore case; sipsimple reads only lower case).
         *
         * @param text the subject
         * @param language a language tag, e.g. {@code fr}
         * @return this builder
         * @throws IllegalArgumentException if the language is not a language tag
         */
        public Builder subject(String text, String language) {
            if (!LANGUAGE_TAG.matcher(language).matches()) {
                throw new IllegalArgumentException("not a language tag: " + language);
            }
            headers.add(CpimHeader.of("Subject", Map.of("lang", language.toLowerCase(Locale.ROOT)), text));
            return this;
        }

        /**
         * Declares a namespace prefix ({@code NS: prefix <uri>}); does nothing if the prefix is
         * declared with this URI already.
         *
         * @param prefix the prefix, or null for the default namespace
         * @param uri the namespace's URI
         * @return this builder
         * @throws IllegalStateException if the prefix is declared with another URI
         */
        public Builder namespace(String prefix, String uri) {
            CpimNamespace ns = new CpimNamespace(prefix, uri);
            String declared = declared(prefix);
            if (declared != null) {
                if (declared.equals(uri)) {
                    return this;
                }
                throw new IllegalStateException("prefix " + prefix + " is declared for " + declared + " already");
            }
            headers.add(new CpimHeader("NS", Map.of(), ns.encode()));
            return this;
        }

        /**
         * Adds a {@code Require} header listing headers the recipient must understand.
         *
         * @param headerNames the names to list
         * @return this builder
         * @throws IllegalArgumentException if a name is not an RFC 3862 header name
         */
        public Builder require(String... headerNames) {
            if (headerNames.length == 0) {
                throw new IllegalArgumentException("Require needs at least one header name");
            }
            for (String name : headerNames) {
                if (!CpimGrammar.isHeaderName(name)) {
                    throw new IllegalArgumentException("not a CPIM header name: " + name);
                }
            }
            headers.add(new CpimHeader("Require", Map.of(), String.join(",", headerNames)));
            return this;
        }

        /**
         * Adds a header with a text value (escaped as needed). For {@code From}, {@code To},
         * {@code cc}, {@code DateTime} and {@code NS} prefer the typed methods.
         *
         * @param name the header name, with its prefix if it has one
         * @param value the value as text, unescaped
         * @return this builder
         * @throws IllegalArgumentException if the name is not an RFC 3862 header name, or its prefix
         *     is not declared by an earlier {@link #namespace}
         */
        public Builder header(String name, String value) {
            return header(CpimHeader.of(name, value));
        }

        /**
         * Adds a header as it is.
         *
         * @param header the header
         * @return this builder
         * @throws IllegalArgumentException if the name is not an RFC 3862 header name, or its prefix
         *     is not declared by an earlier {@link #namespace}
         */
        public Builder header(CpimHeader header) {
            if (!CpimGrammar.isHeaderName(header.name())) {
                throw new IllegalArgumentException("not a CPIM header name: " + header.name());
            }
            String prefix = header.prefix();
            if (prefix != null && declared(prefix) == null) {
                throw new IllegalArgumentException("namespace prefix " + prefix + " of " + header.name()
                        + " is not declared by an NS header before it");
            }
            headers.add(header);
            return this;
        }

        /**
         * Removes every CPIM header with this exact name.
         *
         * @param name the header name, with its prefix if it has one
         * @return this builder
         */
        public Builder removeHeaders(String name) {
            headers.removeIf(h -> h.name().equals(name));
            return this;
        }

        /**
         * Sets the wrapped part's {@code Content-Type}, replacing any.
         *
         * @param contentType the value, e.g. {@code text/plain;charset=UTF-8}
         * @return this builder
         */
        public Builder contentType(String contentType) {
            MimeHeader header = new MimeHeader("Content-Type", contentType);
            mimeHeaders.removeIf(h -> h.is("Content-Type"));
            mimeHeaders.add(0, header);
            return this;
        }

        /**
         * Adds a header to the wrapped part (e.g. {@code Content-ID}).
         *
         * @param name the MIME header's name
         * @param value its value
         * @return this builder
         */
        public Builder mimeHeader(String name, String value) {
            mimeHeaders.add(new MimeHeader(name, value));
            return this;
        }

        /**
         * Sets the wrapped part's body (copied).
         *
         * @param bytes the body
         * @return this builder
         */
        public Builder body(byte[] bytes) {
            this.body = bytes.clone();
            return this;
        }

        /**
         * Builds the message.
         *
         * @return an immutable message
         * @throws IllegalStateException if there is no Content-Type (RFC 3862 §2.4 requires one)
         * @throws IllegalArgumentException if a From, To, cc, DateTime or NS header added with
         *     {@link #header(CpimHeader)} is malformed
         */
        public CpimMessage build() {
            if (mimeHeaders.stream().noneMatch(h -> h.is("Content-Type"))) {
                throw new IllegalStateException("a CPIM message needs a Content-Type for its MIME part");
            }
            try {
                return new CpimMessage(headers, mimeHeaders, body);
            } catch (CpimException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        private boolean hasCore(String name) {
            return headers.stream().anyMatch(h -> name.equals(h.name()));
        }

        private String declared(String prefix) {
            for (CpimHeader h : headers) {
                if ("NS".equals(h.name())) {
                    try {
                        CpimNamespace ns = CpimNamespace.parse(h.rawValue());
                        if (prefix.equals(ns.prefix())) {
                            return ns.uri();
                        }
                    } catch (CpimException e) {
                        throw new IllegalStateException("malformed NS header in the builder: " + h, e);
                    }
                }
            }
            return null;
        }
    }
}
