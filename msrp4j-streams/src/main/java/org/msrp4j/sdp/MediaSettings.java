package org.msrp4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.msrp4j.tls.Fingerprint;

/**
 * What a stream puts in its own MSRP media description besides the path: media type, accepted types,
 * maximum size, {@code a=setup} preference, TLS fingerprints, CEMA, direction, chat room features and
 * any further attributes (e.g. the RFC 5547 file attributes). Immutable; build with {@link #builder()}.
 * {@link OfferAnswer} turns it into an offer or answer.
 */
public final class MediaSettings {

    private final String media;
    private final List<String> acceptTypes;
    private final List<String> acceptWrappedTypes;
    private final long maxSize;
    private final Setup setup;
    private final List<Fingerprint> fingerprints;
    private final boolean cema;
    private final Direction direction;
    private final List<String> chatroom;
    private final List<SdpAttribute> attributes;

    private MediaSettings(Builder b) {
        this.media = b.media;
        this.acceptTypes = List.copyOf(b.acceptTypes);
        this.acceptWrappedTypes = List.copyOf(b.acceptWrappedTypes);
        this.maxSize = b.maxSize;
        this.setup = b.setup;
        this.fingerprints = List.copyOf(b.fingerprints);
        this.cema = b.cema;
        this.direction = b.direction;
        this.chatroom = List.copyOf(b.chatroom);
        this.attributes = List.copyOf(b.attributes);
    }

    /**
     * A builder with the defaults: {@code message}, accepts {@code *}, nothing else.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder; changing it leaves these settings as they are
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.media = media;
        b.acceptTypes = acceptTypes;
        b.acceptWrappedTypes = acceptWrappedTypes;
        b.maxSize = maxSize;
        b.setup = setup;
        b.fingerprints = fingerprints;
        b.cema = cema;
        b.direction = direction;
        b.chatroom = chatroom;
        b.attributes.addAll(attributes);
        return b;
    }

    /**
     * The media type, {@code message} or {@code application}.
     *
     * @return the m-line's media type
     */
    public String media() {
        return media;
    }

    /**
     * The types this side accepts, for {@code a=accept-types}.
     *
     * @return an unmodifiable list, at least one entry
     */
    public List<String> acceptTypes() {
        return acceptTypes;
    }

    /**
     * The types this side accepts inside a wrapper, for {@code a=accept-wrapped-types}.
     *
     * @return an unmodifiable list, possibly empty
     */
    public List<String> acceptWrappedTypes() {
        return acceptWrappedTypes;
    }

    /**
     * The largest message this side takes, for {@code a=max-size}, if limited.
     *
     * @return octets, or empty for no limit
     */
    public OptionalLong maxSize() {
        return maxSize < 0 ? OptionalLong.empty() : OptionalLong.of(maxSize);
    }

    /**
     * The {@code a=setup} preference, if set. In an offer: the value written ({@code active} when
     * unset: the RFC 4975 offerer connects). In an answer to {@code actpass}: {@code active} makes this
     * side connect, anything else (or unset) makes it wait.
     *
     * @return the preference, or empty
     */
    public Optional<Setup> setup() {
        return Optional.ofNullable(setup);
    }

    /**
     * This side's certificate fingerprints, written over TLS.
     *
     * @return an unmodifiable list
     */
    public List<Fingerprint> fingerprints() {
        return fingerprints;
    }

    /**
     * Whether this side supports CEMA (RFC 6714) and says so with {@code a=msrp-cema}.
     *
     * @return true to write {@code a=msrp-cema}
     */
    public boolean cema() {
        return cema;
    }

    /**
     * The direction to write, if any ({@code sendrecv} is meant when none is).
     *
     * @return the direction, or empty
     */
    public Optional<Direction> direction() {
        return Optional.ofNullable(direction);
    }

    /**
     * The {@code a=chatroom} values to write (RFC 7701), e.g. {@code nickname}, {@code private-messages}.
     *
     * @return an unmodifiable list
     */
    public List<String> chatroom() {
        return chatroom;
    }

    /**
     * Further attributes, appended in order after the others.
     *
     * @return an unmodifiable list
     */
    public List<SdpAttribute> attributes() {
        return attributes;
    }

    /** Builds {@link MediaSettings}. */
    public static final class Builder {
        private String media = "message";
        private List<String> acceptTypes = List.of("*");
        private List<String> acceptWrappedTypes = List.of();
        private long maxSize = -1;
        private Setup setup;
        private List<Fingerprint> fingerprints = List.of();
        private boolean cema;
        private Direction direction;
        private List<String> chatroom = List.of();
        private final List<SdpAttribute> attributes = new ArrayList<>();

        private Builder() {
        }

        /**
         * The media type: {@code message} (default) or {@code application}.
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
         * The accepted types (at least one; {@code *} by default).
         *
         * @param value media types or ranges
         * @return this builder
         */
        public Builder acceptTypes(List<String> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("accept-types needs at least one entry");
            }
            this.acceptTypes = checkTypes(value);
            return this;
        }

        /**
         * The accepted wrapped types (none by default).
         *
         * @param value media types or ranges
         * @return this builder
         */
        public Builder acceptWrappedTypes(List<String> value) {
            this.acceptWrappedTypes = checkTypes(value);
            return this;
        }

        /**
         * The largest message accepted, in octets; -1 (the default) for no {@code a=max-size}.
         *
         * @param value octets, or -1
         * @return this builder
         */
        public Builder maxSize(long value) {
            if (value < -1) {
                throw new IllegalArgumentException("negative max-size: " + value);
            }
            this.maxSize = value;
            return this;
        }

        /**
         * The {@code a=setup} preference; {@code holdconn} is refused (RFC 6135 §4.2.1), and so is
         * {@code passive} for an offer when the offer is built.
         *
         * @param value the preference, or null for none
         * @return this builder
         */
        public Builder setup(Setup value) {
            if (value == Setup.HOLDCONN) {
                throw new IllegalArgumentException("MSRP endpoints must not send a=setup:holdconn (RFC 6135)");
            }
            this.setup = value;
            return this;
        }

        /**
         * This side's certificate fingerprints (written when the protocol is TLS).
         *
         * @param value the fingerprints of this side's certificate
         * @return this builder
         */
        public Builder fingerprints(List<Fingerprint> value) {
            this.fingerprints = List.copyOf(value);
            return this;
        }

        /**
         * Whether to support CEMA (RFC 6714); off by default.
         *
         * @param value true to support CEMA
         * @return this builder
         */
        public Builder cema(boolean value) {
            this.cema = value;
            return this;
        }

        /**
         * The direction to write; null (the default) writes none.
         *
         * @param value the direction, or null
         * @return this builder
         */
        public Builder direction(Direction value) {
            this.direction = value;
            return this;
        }

        /**
         * The {@code a=chatroom} values.
         *
         * @param value the values, possibly none
         * @return this builder
         */
        public Builder chatroom(List<String> value) {
            for (String v : value) {
                if (!SdpText.isToken(v)) {
                    throw new IllegalArgumentException("chatroom value must be a token: \"" + v + "\"");
                }
            }
            this.chatroom = List.copyOf(value);
            return this;
        }

        /**
         * Appends a further attribute.
         *
         * @param value the attribute
         * @return this builder
         */
        public Builder addAttribute(SdpAttribute value) {
            attributes.add(Objects.requireNonNull(value, "attribute"));
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return immutable settings
         */
        public MediaSettings build() {
            return new MediaSettings(this);
        }

        private static List<String> checkTypes(List<String> value) {
            for (String t : value) {
                if (!MediaTypes.isMediaRange(t)) {
                    throw new IllegalArgumentException("not *, type/* or type/subtype: \"" + t + "\"");
                }
            }
            return List.copyOf(value);
        }
    }
}
