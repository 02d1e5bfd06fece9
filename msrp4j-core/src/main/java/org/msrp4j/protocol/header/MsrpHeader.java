package org.msrp4j.protocol.header;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpUri;

/**
 * One MSRP header: a {@link #name()}, its wire form {@link #encode()} and its typed value
 * {@link #decode()}. Each header class can be built from either form: a constructor takes the
 * typed value, a static {@code parse} takes the wire text (and keeps it, so re-encoding a parsed
 * header is byte-identical). Values are validated on construction; headers are immutable.
 *
 * @param <T> the type of the decoded value
 */
public abstract class MsrpHeader<T> {

    private final T value;
    private String encoded;

    /**
     * @param value the decoded value, never null
     * @param encoded the wire text it was parsed from, or null to format it on demand
     */
    MsrpHeader(T value, String encoded) {
        this.value = Objects.requireNonNull(value, "value");
        this.encoded = encoded;
    }

    /**
     * The header name as written on the wire, e.g. {@code Byte-Range}.
     *
     * @return the header name as written on the wire, e.g. {@code Byte-Range}
     */
    public abstract String name();

    /**
     * The decoded value.
     *
     * @return the decoded value
     */
    public final T decode() {
        return value;
    }

    /**
     * The value as written on the wire (without the name).
     *
     * @return the value as written on the wire (without the name)
     */
    public final String encode() {
        String e = encoded;
        if (e == null) {
            e = format(value);
            encoded = e;
        }
        return e;
    }

    /** Formats a decoded value for the wire. */
    abstract String format(T decoded);

    /** Equal when the names match case-insensitively and the wire values are equal. */
    @Override
    public final boolean equals(Object o) {
        return o instanceof MsrpHeader<?> h && name().equalsIgnoreCase(h.name()) && encode().equals(h.encode());
    }

    @Override
    public final int hashCode() {
        return name().toLowerCase(Locale.ROOT).hashCode() * 31 + encode().hashCode();
    }

    /** The header line without its CRLF, e.g. {@code Byte-Range: 1-25/25}. */
    @Override
    public final String toString() {
        return name() + ": " + encode();
    }

    /**
     * Builds the typed header for {@code name} from its wire value, or a {@link GenericHeader} for
     * a name msrp4j does not know. Names match case-insensitively.
     *
     * @param value the decoded value
     * @param name the name
     * @return the MSRP header
     * @throws InvalidHeaderException if the value breaks the header's grammar
     */
    public static MsrpHeader<?> of(String name, String value) {
        return of(name, value, MsrpUri.DEFAULT_MAX_LENGTH);
    }

    /**
     * As {@link #of(String, String)}, refusing URIs longer than {@code maxUriLength} in path
     * headers.
     *
     * @param maxUriLength the max URI length
     * @param value the decoded value
     * @param name the name
     * @return the parsed header
     * @throws InvalidHeaderException if the value breaks the header's grammar
     */
    public static MsrpHeader<?> of(String name, String value, int maxUriLength) {
        Map.Entry<String, Parser> known = PARSERS.get(name);
        if (known == null) {
            known = PARSERS.get(name.toLowerCase(Locale.ROOT));
        }
        if (known == null) {
            return GenericHeader.parse(name, value);
        }
        try {
            return known.getValue().parse(value, maxUriLength);
        } catch (InvalidHeaderException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidHeaderException(known.getKey(), e.getMessage(), value);
        }
    }

    /**
     * The canonical names of the headers that have their own class, e.g. {@code To-Path}.
     *
     * @return the canonical names of the headers that have their own class, e.g. {@code To-Path}
     */
    public static List<String> knownNames() {
        return KNOWN_NAMES;
    }

    @FunctionalInterface
    private interface Parser {
        MsrpHeader<?> parse(String value, int maxUriLength);
    }

    /** Canonical and lower-case name to (canonical name, parser). */
    private static final Map<String, Map.Entry<String, Parser>> PARSERS = new HashMap<>();

    private static final List<String> KNOWN_NAMES = new ArrayList<>();

    private static void register(String canonicalName, Parser parser) {
        KNOWN_NAMES.add(canonicalName);
        Map.Entry<String, Parser> entry = Map.entry(canonicalName, parser);
        PARSERS.put(canonicalName, entry);
        PARSERS.put(canonicalName.toLowerCase(Locale.ROOT), entry);
    }

    static {
        register(ToPathHeader.NAME, ToPathHeader::parse);
        register(FromPathHeader.NAME, FromPathHeader::parse);
        register(UsePathHeader.NAME, UsePathHeader::parse);
        register(MessageIdHeader.NAME, (v, max) -> MessageIdHeader.parse(v));
        register(SuccessReportHeader.NAME, (v, max) -> SuccessReportHeader.parse(v));
        register(FailureReportHeader.NAME, (v, max) -> FailureReportHeader.parse(v));
        register(ByteRangeHeader.NAME, (v, max) -> ByteRangeHeader.parse(v));
        register(StatusHeader.NAME, (v, max) -> StatusHeader.parse(v));
        register(ExpiresHeader.NAME, (v, max) -> ExpiresHeader.parse(v));
        register(MinExpiresHeader.NAME, (v, max) -> MinExpiresHeader.parse(v));
        register(MaxExpiresHeader.NAME, (v, max) -> MaxExpiresHeader.parse(v));
        register(WwwAuthenticateHeader.NAME, (v, max) -> WwwAuthenticateHeader.parse(v));
        register(AuthorizationHeader.NAME, (v, max) -> AuthorizationHeader.parse(v));
        register(AuthenticationInfoHeader.NAME, (v, max) -> AuthenticationInfoHeader.parse(v));
        register(ContentTypeHeader.NAME, (v, max) -> ContentTypeHeader.parse(v));
        register(ContentIdHeader.NAME, (v, max) -> ContentIdHeader.parse(v));
        register(ContentDescriptionHeader.NAME, (v, max) -> ContentDescriptionHeader.parse(v));
        register(ContentDispositionHeader.NAME, (v, max) -> ContentDispositionHeader.parse(v));
        register(UseNicknameHeader.NAME, (v, max) -> UseNicknameHeader.parse(v));
        register(KeepAliveHeader.NAME, (v, max) -> KeepAliveHeader.parse(v));
    }
}
