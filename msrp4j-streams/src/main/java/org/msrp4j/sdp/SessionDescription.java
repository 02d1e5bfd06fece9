package org.msrp4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole SDP body (RFC 8866): {@code v=0}, the session-level lines ({@code o=}, {@code s=},
 * {@code c=}, {@code t=}, attributes and any others, kept in order), then the media descriptions. MSRP
 * ones are {@link MsrpMedia}; others are {@link OtherMedia}, passed through untouched. Immutable and
 * thread-safe.
 *
 * <p>{@link #parse} accepts CRLF or bare LF line ends; {@link #encode()} writes CRLF. A parsed body
 * re-encodes to the same lines.
 */
public final class SessionDescription {

    private final List<SdpLine> lines;
    private final Origin origin;
    private final String sessionName;
    private final ConnectionData connection;
    private final List<MediaDescription> media;

    private SessionDescription(List<SdpLine> lines, Origin origin, String sessionName, ConnectionData connection,
            List<MediaDescription> media) {
        this.lines = lines;
        this.origin = origin;
        this.sessionName = sessionName;
        this.connection = connection;
        this.media = media;
    }

    /**
     * Parses an SDP body.
     *
     * @param text the SDP body (CRLF or LF line ends)
     * @return the session description
     * @throws SdpException ({@code SYNTAX}) if it does not start with {@code v=0}, lacks {@code o=} or
     *     {@code s=}, or a line or an MSRP media description is malformed; ({@code TOO_LARGE}) past the
     *     size limits
     */
    public static SessionDescription parse(String text) throws SdpException {
        Objects.requireNonNull(text, "text");
        List<SdpLine> all = SdpReader.lines(text);
        if (all.isEmpty() || all.get(0).type() != 'v' || !all.get(0).value().strip().equals("0")) {
            throw SdpText.syntax("an SDP body starts with v=0", text);
        }
        int i = 1;
        List<SdpLine> session = new ArrayList<>();
        while (i < all.size() && all.get(i).type() != 'm') {
            if (all.get(i).type() == 'v') {
                throw SdpText.syntax("a second v= line", all.get(i).encode());
            }
            session.add(all.get(i++));
        }
        List<MediaDescription> media = new ArrayList<>();
        while (i < all.size()) {
            String mLine = all.get(i++).value();
            int start = i;
            while (i < all.size() && all.get(i).type() != 'm') {
                if (all.get(i).type() == 'v') {
                    throw SdpText.syntax("a v= line inside a media description", all.get(i).encode());
                }
                i++;
            }
            List<SdpLine> body = all.subList(start, i);
            MsrpMedia msrp = MsrpMedia.fromLines(mLine, body);
            media.add(msrp != null ? msrp : new OtherMedia(mLine, body));
        }
        return of(session, media);
    }

    private static SessionDescription of(List<SdpLine> session, List<MediaDescription> media) throws SdpException {
        Origin origin = null;
        String name = null;
        ConnectionData connection = null;
        for (SdpLine l : session) {
            switch (l.type()) {
                case 'o' -> {
                    if (origin != null) {
                        throw SdpText.syntax("more than one o= line", l.encode());
                    }
                    origin = Origin.parse(l.value());
                }
                case 's' -> {
                    if (name != null) {
                        throw SdpText.syntax("more than one s= line", l.encode());
                    }
                    name = l.value();
                }
                case 'c' -> {
                    if (connection != null) {
                        throw SdpText.syntax("more than one session-level c= line", l.encode());
                    }
                    connection = ConnectionData.parse(l.value());
                }
                default -> {
                    // carried as a line
                }
            }
        }
        if (origin == null || name == null) {
            throw new SdpException(SdpException.Reason.SYNTAX, "an SDP body needs an o= and an s= line");
        }
        List<SdpLine> fingerprints = new ArrayList<>();
        for (SdpLine l : session) {
            if (l.type() == 'a' && SdpAttribute.fromLine(l.value()).name().equalsIgnoreCase("fingerprint")) {
                fingerprints.add(l);
            }
        }
        MediaAttributes.read(fingerprints);
        return new SessionDescription(List.copyOf(session), origin, name, connection, List.copyOf(media));
    }

    /**
     * A builder for a new body; the origin is required, the session name defaults to {@code -}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this body's lines and media.
     *
     * @return a new builder; changing it leaves this body as it is
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.lines.addAll(lines);
        b.media.addAll(media);
        return b;
    }

    /**
     * The {@code o=} line.
     *
     * @return the origin
     */
    public Origin origin() {
        return origin;
    }

    /**
     * The {@code s=} value as written.
     *
     * @return the session name
     */
    public String sessionName() {
        return sessionName;
    }

    /**
     * The session-level {@code c=}, if present.
     *
     * @return the connection data, or empty
     */
    public Optional<ConnectionData> connection() {
        return Optional.ofNullable(connection);
    }

    /**
     * The session-level lines after {@code v=0}, in order.
     *
     * @return an unmodifiable list
     */
    public List<SdpLine> lines() {
        return lines;
    }

    /**
     * The session-level attributes, in order.
     *
     * @return an unmodifiable list
     */
    public List<SdpAttribute> attributes() {
        List<SdpAttribute> out = new ArrayList<>();
        for (SdpLine l : lines) {
            if (l.type() == 'a') {
                out.add(SdpAttribute.fromLine(l.value()));
            }
        }
        return out;
    }

    /**
     * Every media description, in order.
     *
     * @return an unmodifiable list
     */
    public List<MediaDescription> media() {
        return media;
    }

    /**
     * The MSRP media descriptions in order, each with what the session level says for every media
     * description filled in where it says nothing itself: the session-level {@code c=} (RFC 8866 §5.7)
     * and session-level {@code a=fingerprint} lines (RFC 8122 §5). {@link #media()} has them as written.
     *
     * @return an unmodifiable list
     */
    public List<MsrpMedia> msrpMedia() {
        List<SdpAttribute> fingerprints = new ArrayList<>();
        for (SdpAttribute a : attributes()) {
            if (a.name().equalsIgnoreCase("fingerprint")) {
                fingerprints.add(a);
            }
        }
        List<MsrpMedia> out = new ArrayList<>();
        for (MediaDescription m : media) {
            if (m instanceof MsrpMedia mm) {
                MsrpMedia effective = mm.withDefaultConnection(connection);
                if (!fingerprints.isEmpty() && !effective.hasAttribute("fingerprint")) {
                    MsrpMedia.Builder b = effective.toBuilder();
                    fingerprints.forEach(b::addAttribute);
                    effective = b.build();
                }
                out.add(effective);
            }
        }
        return out;
    }

    /**
     * The first MSRP media description of type {@code mediaType} (e.g. {@code message}), with the
     * session-level {@code c=} filled in.
     *
     * @param mediaType the m-line's media type
     * @return the description
     * @throws SdpException ({@code NO_MSRP_MEDIA}) if there is none
     */
    public MsrpMedia msrpMedia(String mediaType) throws SdpException {
        for (MsrpMedia m : msrpMedia()) {
            if (m.media().equalsIgnoreCase(mediaType)) {
                return m;
            }
        }
        throw new SdpException(SdpException.Reason.NO_MSRP_MEDIA,
                "no m=" + mediaType + " with TCP/MSRP or TCP/TLS/MSRP in the SDP body");
    }

    /**
     * The body: {@code v=0}, the session lines, the media descriptions; CRLF line ends.
     *
     * @return the SDP text
     */
    public String encode() {
        StringBuilder b = new StringBuilder(256);
        b.append("v=0\r\n");
        for (SdpLine l : lines) {
            b.append(l.encode()).append("\r\n");
        }
        for (MediaDescription m : media) {
            b.append(m.encode());
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionDescription s && lines.equals(s.lines) && media.equals(s.media);
    }

    @Override
    public int hashCode() {
        return 31 * lines.hashCode() + media.hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }

    /**
     * Builds a {@link SessionDescription}. Setters of single lines replace the line where it stands or
     * put it in the order RFC 8866 §5 gives ({@code o s i u e p c b t r z k a}).
     */
    public static final class Builder {
        private static final String ORDER = "osiuepcbtrzka";

        private final List<SdpLine> lines = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();

        private Builder() {
        }

        /**
         * The {@code o=} line.
         *
         * @param value the origin
         * @return this builder
         */
        public Builder origin(Origin value) {
            return single('o', value.encode());
        }

        /**
         * The {@code s=} value ({@code -} when none is set).
         *
         * @param value the session name
         * @return this builder
         */
        public Builder sessionName(String value) {
            return single('s', value);
        }

        /**
         * The session-level {@code c=}; null removes it.
         *
         * @param value the connection data, or null
         * @return this builder
         */
        public Builder connection(ConnectionData value) {
            return single('c', value == null ? null : value.encode());
        }

        /**
         * The {@code t=} value ({@code 0 0} when none is set); replaces every {@code t=}.
         *
         * @param value the timing, e.g. {@code 0 0}
         * @return this builder
         */
        public Builder timing(String value) {
            return single('t', value);
        }

        /**
         * Appends a session-level attribute after the other session lines.
         *
         * @param value the attribute
         * @return this builder
         */
        public Builder addAttribute(SdpAttribute value) {
            lines.add(new SdpLine('a', value.lineValue()));
            return this;
        }

        /**
         * Inserts any other session-level line in RFC 8866 order, after those of its type.
         *
         * @param value the line
         * @return this builder
         */
        public Builder addLine(SdpLine value) {
            if (value.type() == 'v' || value.type() == 'm') {
                throw new IllegalArgumentException("not a session-level line: " + value);
            }
            lines.add(insertionPoint(value.type()), MsrpMedia.Builder.checked(value));
            return this;
        }

        /**
         * Appends a media description.
         *
         * @param value the media description
         * @return this builder
         */
        public Builder addMedia(MediaDescription value) {
            media.add(Objects.requireNonNull(value, "media"));
            return this;
        }

        /**
         * Replaces the media description at {@code index}.
         *
         * @param index the position, from 0
         * @param value the media description
         * @return this builder
         */
        public Builder setMedia(int index, MediaDescription value) {
            media.set(index, Objects.requireNonNull(value, "media"));
            return this;
        }

        /**
         * Removes every media description.
         *
         * @return this builder
         */
        public Builder clearMedia() {
            media.clear();
            return this;
        }

        /**
         * Builds the body.
         *
         * @return an immutable body
         * @throws IllegalStateException if no origin was set
         * @throws IllegalArgumentException if a line breaks its grammar
         */
        public SessionDescription build() {
            List<SdpLine> out = new ArrayList<>(lines);
            if (out.stream().noneMatch(l -> l.type() == 'o')) {
                throw new IllegalStateException("an SDP body needs an origin (o=)");
            }
            if (out.stream().noneMatch(l -> l.type() == 's')) {
                out.add(insertionPoint(out, 's'), new SdpLine('s', "-"));
            }
            if (out.stream().noneMatch(l -> l.type() == 't')) {
                out.add(insertionPoint(out, 't'), new SdpLine('t', "0 0"));
            }
            try {
                return of(out, media);
            } catch (SdpException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        private Builder single(char type, String value) {
            int at = -1;
            for (int i = 0; i < lines.size(); ) {
                if (lines.get(i).type() == type) {
                    if (at < 0) {
                        at = i;
                    }
                    lines.remove(i);
                } else {
                    i++;
                }
            }
            if (value != null) {
                lines.add(at >= 0 ? at : insertionPoint(type), new SdpLine(type, value));
            }
            return this;
        }

        private int insertionPoint(char type) {
            return insertionPoint(lines, type);
        }

        private static int insertionPoint(List<SdpLine> in, char type) {
            int rank = rank(type);
            int at = in.size();
            while (at > 0 && rank(in.get(at - 1).type()) > rank) {
                at--;
            }
            return at;
        }

        private static int rank(char type) {
            int r = ORDER.indexOf(type);
            return r < 0 ? ORDER.length() : r;
        }
    }
}
