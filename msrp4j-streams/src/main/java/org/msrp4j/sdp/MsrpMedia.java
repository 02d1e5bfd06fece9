package org.msrp4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/**
 * An MSRP media description (RFC 4975 §8): {@code m=message <port> TCP/MSRP *} (or {@code TCP/TLS/MSRP},
 * or {@code m=application} for screen sharing) and its lines, with typed access to what MSRP and its
 * extensions put there: {@code c=}, {@code a=path}, {@code a=accept-types}, {@code a=accept-wrapped-types},
 * {@code a=max-size}, {@code a=setup} and {@code a=connection} (RFC 6135), {@code a=fingerprint}
 * (RFC 8122), {@code a=msrp-cema} (RFC 6714), the direction, {@code a=chatroom} (RFC 7701) and the
 * RFC 5547 file attributes. Immutable and thread-safe.
 *
 * <p>The lines are the value: every line is kept in its order, the unknown ones too, so
 * {@link #encode()} of a parsed description gives back the text (with CRLF line ends). A
 * {@link Builder} from {@link #toBuilder()} replaces an attribute where it stands and appends new ones.
 *
 * <pre>{@code
 * MsrpMedia local = MsrpMedia.builder()
 *         .path(connector.prepare())
 *         .acceptTypes(List.of("message/cpim", "text/plain"))
 *         .acceptWrappedTypes(List.of("*"))
 *         .setup(Setup.ACTIVE)
 *         .build();
 * String sdp = local.encode();
 * }</pre>
 */
public final class MsrpMedia implements MediaDescription {

    private static final Set<String> DIRECTIONS = Set.of("sendrecv", "sendonly", "recvonly", "inactive");

    private final String media;
    private final int port;
    private final MsrpProtocol protocol;
    private final List<String> formats;
    private final List<SdpLine> lines;
    private final MediaAttributes attributes;

    private MsrpMedia(String media, int port, MsrpProtocol protocol, List<String> formats, List<SdpLine> lines,
            MediaAttributes attributes) {
        this.media = media;
        this.port = port;
        this.protocol = protocol;
        this.formats = formats;
        this.lines = lines;
        this.attributes = attributes;
    }

    /**
     * Parses one media description: an m-line with an MSRP protocol, then its lines (CRLF or LF).
     *
     * @param text the m-line and the lines that follow it
     * @return the description
     * @throws SdpException ({@code SYNTAX}) if the text breaks the grammar, the m-line is not MSRP, or a
     *     known attribute is malformed or repeated; ({@code TOO_LARGE}) past the size limits
     */
    public static MsrpMedia parse(String text) throws SdpException {
        Objects.requireNonNull(text, "text");
        List<SdpLine> all = SdpReader.lines(text);
        if (all.isEmpty() || all.get(0).type() != 'm') {
            throw SdpText.syntax("a media description starts with m=", text);
        }
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).type() == 'm' || all.get(i).type() == 'v') {
                throw SdpText.syntax("one media description expected, found another " + all.get(i).type() + "= line",
                        all.get(i).encode());
            }
        }
        MsrpMedia m = fromLines(all.get(0).value(), all.subList(1, all.size()));
        if (m == null) {
            throw SdpText.syntax("not an MSRP media description (protocol must be TCP/MSRP or TCP/TLS/MSRP)",
                    all.get(0).encode());
        }
        return m;
    }

    /** The description for an m-line value and its lines, or null when the m-line's protocol is not MSRP. */
    static MsrpMedia fromLines(String mLine, List<SdpLine> lines) throws SdpException {
        List<String> w = SdpText.words(mLine);
        if (w.size() < 4) {
            throw SdpText.syntax("m= must be <media> <port> <proto> <fmt> ...", mLine);
        }
        MsrpProtocol protocol = MsrpProtocol.fromToken(w.get(2));
        if (protocol == null) {
            return null;
        }
        if (!SdpText.isToken(w.get(0))) {
            throw SdpText.syntax("m= media must be a token", mLine);
        }
        long port = SdpText.parseCount(w.get(1));
        if (port < 0 || port > 65535) {
            throw SdpText.syntax("m= port must be a number from 0 to 65535", mLine);
        }
        List<SdpLine> copy = List.copyOf(lines);
        return new MsrpMedia(w.get(0), (int) port, protocol, List.copyOf(w.subList(3, w.size())), copy,
                MediaAttributes.read(copy));
    }

    /**
     * A builder for a new description: {@code m=message}, format {@code *}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this description's m-line and lines.
     *
     * @return a new builder; changing it leaves this description as it is
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.media = media;
        b.port = port;
        b.protocol = protocol;
        b.formats = formats;
        b.lines.addAll(lines);
        return b;
    }

    @Override
    public String media() {
        return media;
    }

    /**
     * The m-line port; 0 in an answer rejects the stream.
     *
     * @return the port, 0..65535
     */
    public int port() {
        return port;
    }

    /**
     * The m-line protocol.
     *
     * @return {@code TCP/MSRP} or {@code TCP/TLS/MSRP}
     */
    public MsrpProtocol protocol() {
        return protocol;
    }

    /**
     * The m-line formats, normally just {@code *}.
     *
     * @return an unmodifiable list
     */
    public List<String> formats() {
        return formats;
    }

    @Override
    public List<SdpLine> lines() {
        return lines;
    }

    /**
     * The media-level {@code c=}, if present (the session-level one applies otherwise).
     *
     * @return the connection data, or empty
     */
    public Optional<ConnectionData> connection() {
        return Optional.ofNullable(attributes.connection);
    }

    /**
     * The {@code a=path} URIs, the first hop first and this endpoint's own URI last; empty if absent.
     *
     * @return an unmodifiable list
     */
    public List<MsrpUri> path() {
        return attributes.path;
    }

    /**
     * Whether an {@code a=path} is present (it may still be empty).
     *
     * @return true if the description has {@code a=path}
     */
    public boolean hasPath() {
        return attributes.hasPath;
    }

    /**
     * The {@code a=accept-types} entries; empty if absent.
     *
     * @return an unmodifiable list
     */
    public List<String> acceptTypes() {
        return attributes.acceptTypes;
    }

    /**
     * The {@code a=accept-wrapped-types} entries; empty if absent.
     *
     * @return an unmodifiable list
     */
    public List<String> acceptWrappedTypes() {
        return attributes.acceptWrappedTypes;
    }

    /**
     * The {@code a=max-size} in octets, if present.
     *
     * @return octets, or empty
     */
    public OptionalLong maxSize() {
        return attributes.maxSize < 0 ? OptionalLong.empty() : OptionalLong.of(attributes.maxSize);
    }

    /**
     * The {@code a=setup} value, if present.
     *
     * @return the value, or empty
     */
    public Optional<Setup> setup() {
        return Optional.ofNullable(attributes.setup);
    }

    /**
     * The {@code a=connection} value, if present (RFC 6135: MSRP ignores it).
     *
     * @return the value, or empty
     */
    public Optional<ConnectionAttribute> connectionAttribute() {
        return Optional.ofNullable(attributes.connectionAttribute);
    }

    /**
     * The {@code a=fingerprint} values whose hash function is supported, in order.
     *
     * @return an unmodifiable list
     */
    public List<Fingerprint> fingerprints() {
        return List.copyOf(attributes.fingerprints);
    }

    /**
     * Whether {@code a=msrp-cema} is present (RFC 6714).
     *
     * @return true if present
     */
    public boolean msrpCema() {
        return attributes.msrpCema;
    }

    /**
     * The direction attribute as written, if any.
     *
     * @return the direction, or empty when none is written
     */
    public Optional<Direction> directionAttribute() {
        return Optional.ofNullable(attributes.direction);
    }

    /**
     * The direction: the one written, or {@code sendrecv} when none is.
     *
     * @return the direction, never null
     */
    public Direction direction() {
        return attributes.direction == null ? Direction.SENDRECV : attributes.direction;
    }

    /**
     * The {@code a=chatroom} values (RFC 7701), e.g. {@code nickname}, {@code private-messages}.
     *
     * @return an unmodifiable list
     */
    public List<String> chatroom() {
        return attributes.chatroom;
    }

    /**
     * Whether {@code a=chatroom} lists {@code value} (case-insensitive).
     *
     * @param value a chatroom feature, e.g. {@code nickname}
     * @return true if listed
     */
    public boolean chatroomSupports(String value) {
        return attributes.chatroom.stream().anyMatch(v -> v.equalsIgnoreCase(value));
    }

    /**
     * The RFC 5547 {@code a=file-selector}, if present.
     *
     * @return the selector, or empty
     */
    public Optional<FileSelector> fileSelector() {
        return Optional.ofNullable(attributes.fileSelector);
    }

    /**
     * The RFC 5547 {@code a=file-transfer-id}, if present.
     *
     * @return the id, or empty
     */
    public Optional<String> fileTransferId() {
        return Optional.ofNullable(attributes.fileTransferId);
    }

    /**
     * The RFC 5547 {@code a=file-disposition}, if present.
     *
     * @return the disposition, or empty
     */
    public Optional<String> fileDisposition() {
        return Optional.ofNullable(attributes.fileDisposition);
    }

    /**
     * The RFC 5547 {@code a=file-date}, if present.
     *
     * @return the dates, or empty
     */
    public Optional<FileDate> fileDate() {
        return Optional.ofNullable(attributes.fileDate);
    }

    /**
     * The RFC 5547 {@code a=file-icon} (a {@code cid:} URL), if present.
     *
     * @return the URL, or empty
     */
    public Optional<String> fileIcon() {
        return Optional.ofNullable(attributes.fileIcon);
    }

    /**
     * The RFC 5547 {@code a=file-range}, if present.
     *
     * @return the range, or empty
     */
    public Optional<FileRange> fileRange() {
        return Optional.ofNullable(attributes.fileRange);
    }

    /**
     * Every attribute, known and unknown, in order.
     *
     * @return an unmodifiable list
     */
    public List<SdpAttribute> attributes() {
        return List.copyOf(attributes.attributes);
    }

    /**
     * The value of the first attribute called {@code name} (case-insensitive): its text, the empty
     * string for a flag attribute, or empty if there is none. For attributes this class does not type,
     * e.g. sipsimple's {@code x-file-offset} or {@code rfbsetup}.
     *
     * @param name the attribute's name, without {@code a=}
     * @return the value, or empty
     */
    public Optional<String> attribute(String name) {
        for (SdpAttribute a : attributes.attributes) {
            if (a.name().equalsIgnoreCase(name)) {
                return Optional.of(a.value() == null ? "" : a.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an attribute called {@code name} (case-insensitive) is present.
     *
     * @param name the attribute's name, without {@code a=}
     * @return true if present
     */
    public boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    /**
     * This description with {@code sessionLevel} as its {@code c=} when it has none of its own, the way
     * RFC 8866 §5.7 lets a session-level {@code c=} apply to every media description.
     *
     * @param sessionLevel the session's {@code c=}, or null
     * @return this description, or a copy with the session's {@code c=}
     */
    public MsrpMedia withDefaultConnection(ConnectionData sessionLevel) {
        if (attributes.connection != null || sessionLevel == null) {
            return this;
        }
        return toBuilder().connection(sessionLevel).build();
    }

    /**
     * The m-line's value: {@code <media> <port> <proto> <fmt> ...}.
     *
     * @return the text after {@code m=}
     */
    public String mLine() {
        return media + " " + port + " " + protocol.token() + " " + String.join(" ", formats);
    }

    @Override
    public String encode() {
        StringBuilder b = new StringBuilder(64 + 48 * lines.size());
        b.append("m=").append(mLine()).append("\r\n");
        for (SdpLine l : lines) {
            b.append(l.encode()).append("\r\n");
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MsrpMedia m && port == m.port && protocol == m.protocol && media.equals(m.media)
                && formats.equals(m.formats) && lines.equals(m.lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(media, port, protocol, formats, lines);
    }

    @Override
    public String toString() {
        return encode();
    }

    /**
     * Builds an {@link MsrpMedia}. Typed setters replace the attribute where it stands (dropping any
     * repeats) or append it; null (or -1, or an empty list where noted) removes it. {@link #build()}
     * checks every attribute as {@link MsrpMedia#parse} does.
     */
    public static final class Builder {
        private String media = "message";
        private int port = -1;
        private MsrpProtocol protocol;
        private List<String> formats = List.of("*");
        private final List<SdpLine> lines = new ArrayList<>();
        private List<MsrpUri> path;

        private Builder() {
        }

        /**
         * The media type: {@code message} (the default) or {@code application} (screen sharing).
         *
         * @param value {@code message} or {@code application}
         * @return this builder
         */
        public Builder media(String value) {
            if (!SdpText.isToken(value)) {
                throw new IllegalArgumentException("media must be a token: \"" + value + "\"");
            }
            this.media = value;
            return this;
        }

        /**
         * The m-line port, 0..65535; by default the effective port of the path's first URI.
         *
         * @param value the port
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * The protocol; by default {@code TCP/TLS/MSRP} when the path's last URI is {@code msrps:}.
         *
         * @param value the protocol
         * @return this builder
         */
        public Builder protocol(MsrpProtocol value) {
            this.protocol = Objects.requireNonNull(value, "protocol");
            return this;
        }

        /**
         * The m-line formats ({@code *} by default).
         *
         * @param value the formats, at least one
         * @return this builder
         */
        public Builder formats(List<String> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("an m-line needs at least one format");
            }
            for (String f : value) {
                if (!SdpText.isToken(f)) {
                    throw new IllegalArgumentException("format must be a token: \"" + f + "\"");
                }
            }
            this.formats = List.copyOf(value);
            return this;
        }

        /**
         * The media-level {@code c=}, or null to remove it.
         *
         * @param value the connection data, or null
         * @return this builder
         */
        public Builder connection(ConnectionData value) {
            int at = indexOf('c');
            if (at >= 0) {
                lines.remove(at);
            }
            if (value != null) {
                int insert = 0;
                while (insert < lines.size() && lines.get(insert).type() == 'i') {
                    insert++;
                }
                lines.add(at >= 0 ? at : insert, new SdpLine('c', value.encode()));
            }
            return this;
        }

        /**
         * The {@code a=path} URIs (at least one), first hop first; null removes it.
         *
         * @param value the URIs, or null
         * @return this builder
         */
        public Builder path(List<MsrpUri> value) {
            if (value == null) {
                this.path = null;
                return attribute("path", null);
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("a=path needs at least one URI");
            }
            this.path = List.copyOf(value);
            List<String> texts = new ArrayList<>(value.size());
            for (MsrpUri u : value) {
                texts.add(u.encode());
            }
            return attribute("path", String.join(" ", texts));
        }

        /**
         * The {@code a=accept-types} entries; null removes it.
         *
         * @param value media types or ranges, or null
         * @return this builder
         */
        public Builder acceptTypes(List<String> value) {
            return attribute("accept-types", value == null ? null : String.join(" ", value));
        }

        /**
         * The {@code a=accept-wrapped-types} entries; null or empty removes it.
         *
         * @param value media types or ranges, or null
         * @return this builder
         */
        public Builder acceptWrappedTypes(List<String> value) {
            return attribute("accept-wrapped-types", value == null || value.isEmpty() ? null : String.join(" ", value));
        }

        /**
         * The {@code a=max-size} in octets; -1 removes it.
         *
         * @param value octets, or -1
         * @return this builder
         */
        public Builder maxSize(long value) {
            if (value < -1) {
                throw new IllegalArgumentException("negative max-size: " + value);
            }
            return attribute("max-size", value < 0 ? null : Long.toString(value));
        }

        /**
         * The {@code a=setup} value; null removes it.
         *
         * @param value the setup role, or null
         * @return this builder
         */
        public Builder setup(Setup value) {
            return attribute("setup", value == null ? null : value.token());
        }

        /**
         * The {@code a=connection} value (RFC 6135 says MSRP endpoints do not send it); null removes it.
         *
         * @param value the value, or null
         * @return this builder
         */
        public Builder connectionAttribute(ConnectionAttribute value) {
            return attribute("connection", value == null ? null : value.token());
        }

        /**
         * The {@code a=fingerprint} lines, replacing any there are; empty removes them.
         *
         * @param value the fingerprints, possibly none
         * @return this builder
         */
        public Builder fingerprints(List<Fingerprint> value) {
            int at = removeAll(n -> n.equals("fingerprint"));
            List<SdpLine> add = new ArrayList<>(value.size());
            for (Fingerprint f : value) {
                add.add(new SdpLine('a', "fingerprint:" + f));
            }
            lines.addAll(at < 0 ? lines.size() : at, add);
            return this;
        }

        /**
         * Adds ({@code true}) or removes {@code a=msrp-cema}.
         *
         * @param value true to add it, false to remove it
         * @return this builder
         */
        public Builder msrpCema(boolean value) {
            return flag("msrp-cema", value);
        }

        /**
         * The direction attribute; null removes it (meaning {@code sendrecv}).
         *
         * @param value the direction, or null
         * @return this builder
         */
        public Builder direction(Direction value) {
            int at = removeAll(DIRECTIONS::contains);
            if (value != null) {
                lines.add(at < 0 ? lines.size() : at, new SdpLine('a', value.token()));
            }
            return this;
        }

        /**
         * The {@code a=chatroom} values; null or empty removes it.
         *
         * @param value the values, or null
         * @return this builder
         */
        public Builder chatroom(List<String> value) {
            return attribute("chatroom", value == null || value.isEmpty() ? null : String.join(" ", value));
        }

        /**
         * The RFC 5547 {@code a=file-selector}; null removes it.
         *
         * @param value the selector, or null
         * @return this builder
         */
        public Builder fileSelector(FileSelector value) {
            return attribute("file-selector", value == null ? null : value.encode());
        }

        /**
         * The RFC 5547 {@code a=file-transfer-id}; null removes it.
         *
         * @param value the id, or null
         * @return this builder
         */
        public Builder fileTransferId(String value) {
            return attribute("file-transfer-id", value);
        }

        /**
         * The RFC 5547 {@code a=file-disposition}, e.g. {@code render} or {@code attachment}; null removes it.
         *
         * @param value the disposition, or null
         * @return this builder
         */
        public Builder fileDisposition(String value) {
            return attribute("file-disposition", value);
        }

        /**
         * The RFC 5547 {@code a=file-date}; null removes it.
         *
         * @param value the dates, or null
         * @return this builder
         */
        public Builder fileDate(FileDate value) {
            return attribute("file-date", value == null ? null : value.encode());
        }

        /**
         * The RFC 5547 {@code a=file-icon} ({@code cid:} URL); null removes it.
         *
         * @param value the URL, or null
         * @return this builder
         */
        public Builder fileIcon(String value) {
            return attribute("file-icon", value);
        }

        /**
         * The RFC 5547 {@code a=file-range}; null removes it.
         *
         * @param value the range, or null
         * @return this builder
         */
        public Builder fileRange(FileRange value) {
            return attribute("file-range", value == null ? null : value.encode());
        }

        /**
         * Sets attribute {@code name} to {@code value} where it stands (dropping repeats), or appends it;
         * a null value removes it. For a flag attribute use {@link #flag}.
         *
         * @param name the attribute's name, without {@code a=}
         * @param value its value, or null
         * @return this builder
         */
        public Builder attribute(String name, String value) {
            String key = name.toLowerCase(Locale.ROOT);
            int at = removeAll(n -> n.equals(key));
            if (value != null) {
                SdpAttribute a = new SdpAttribute(name, value);
                lines.add(at < 0 ? lines.size() : at, new SdpLine('a', a.lineValue()));
            }
            return this;
        }

        /**
         * Adds flag attribute {@code a=name} where it stands or at the end ({@code true}), or removes it.
         *
         * @param name the flag's name, without {@code a=}
         * @param present true to add it, false to remove it
         * @return this builder
         */
        public Builder flag(String name, boolean present) {
            String key = name.toLowerCase(Locale.ROOT);
            int at = removeAll(n -> n.equals(key));
            if (present) {
                lines.add(at < 0 ? lines.size() : at, new SdpLine('a', SdpAttribute.flag(name).lineValue()));
            }
            return this;
        }

        /**
         * Appends an attribute after the others, keeping any of the same name.
         *
         * @param value the attribute
         * @return this builder
         */
        public Builder addAttribute(SdpAttribute value) {
            lines.add(new SdpLine('a', value.lineValue()));
            return this;
        }

        /**
         * Appends any other line (e.g. {@code i=} or {@code b=}); m= and v= lines are refused.
         *
         * @param value the line
         * @return this builder
         */
        public Builder addLine(SdpLine value) {
            if (value.type() == 'm' || value.type() == 'v') {
                throw new IllegalArgumentException("not a media-level line: " + value);
            }
            lines.add(checked(value));
            return this;
        }

        /**
         * Builds the description.
         *
         * @return an immutable description
         * @throws IllegalArgumentException if the port cannot be derived (no port and no path), or an
         *     attribute breaks its grammar
         */
        public MsrpMedia build() {
            MsrpProtocol proto = protocol;
            if (proto == null) {
                proto = path == null ? MsrpProtocol.TCP_MSRP : MsrpProtocol.of(path.get(path.size() - 1).useTls());
            }
            int p = port;
            if (p < 0) {
                if (path == null) {
                    throw new IllegalArgumentException("no port set and no path to take it from");
                }
                p = path.get(0).effectivePort();
            }
            List<SdpLine> copy = List.copyOf(lines);
            try {
                return new MsrpMedia(media, p, proto, formats, copy, MediaAttributes.read(copy));
            } catch (SdpException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /** The line, if it is an {@code a=} line with a usable attribute name. */
        static SdpLine checked(SdpLine line) {
            if (line.type() == 'a') {
                try {
                    SdpAttribute.parseLine(line.value());
                } catch (SdpException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            return line;
        }

        private int indexOf(char type) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).type() == type) {
                    return i;
                }
            }
            return -1;
        }

        /** Removes the a= lines whose lower-case name passes {@code test}; returns the first one's index or -1. */
        private int removeAll(Predicate<String> test) {
            int first = -1;
            for (int i = 0; i < lines.size(); ) {
                SdpLine l = lines.get(i);
                if (l.type() == 'a'
                        && test.test(SdpAttribute.fromLine(l.value()).name().toLowerCase(Locale.ROOT))) {
                    if (first < 0) {
                        first = i;
                    }
                    lines.remove(i);
                } else {
                    i++;
                }
            }
            return first;
        }
    }
}
