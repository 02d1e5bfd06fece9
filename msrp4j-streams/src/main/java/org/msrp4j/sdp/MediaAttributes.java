package org.msrp4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.msrp4j.protocol.InvalidUriException;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.InvalidFingerprintException;

/**
 * The typed reading of an MSRP media description's lines: each attribute MSRP and RFC 5547 define,
 * checked against its grammar. Names of known attributes match case-insensitively. Attributes that
 * may appear once and appear twice are an error, as are values that break their grammar; unknown
 * attributes are left alone.
 */
final class MediaAttributes {

    /** The most URIs an {@code a=path} may hold. */
    static final int MAX_PATH = 32;

    /** Hash function names {@link Fingerprint} supports, upper case. */
    private static final List<String> FINGERPRINT_HASHES = List.of("SHA-1", "SHA-224", "SHA-256", "SHA-384",
            "SHA-512");

    ConnectionData connection;
    List<MsrpUri> path = List.of();
    boolean hasPath;
    List<String> acceptTypes = List.of();
    boolean hasAcceptTypes;
    List<String> acceptWrappedTypes = List.of();
    long maxSize = -1;
    Setup setup;
    ConnectionAttribute connectionAttribute;
    final List<Fingerprint> fingerprints = new ArrayList<>();
    boolean msrpCema;
    Direction direction;
    List<String> chatroom = List.of();
    FileSelector fileSelector;
    String fileTransferId;
    String fileDisposition;
    FileDate fileDate;
    String fileIcon;
    FileRange fileRange;
    final List<SdpAttribute> attributes = new ArrayList<>();

    private final List<String> seen = new ArrayList<>();

    static MediaAttributes read(List<SdpLine> lines) throws SdpException {
        MediaAttributes m = new MediaAttributes();
        for (SdpLine line : lines) {
            if (line.type() == 'c') {
                if (m.connection != null) {
                    throw SdpText.syntax("more than one c= in a media description", line.value());
                }
                m.connection = ConnectionData.parse(line.value());
            } else if (line.type() == 'a') {
                SdpAttribute a = SdpAttribute.parseLine(line.value());
                m.attributes.add(a);
                m.interpret(a);
            }
        }
        return m;
    }

    private void interpret(SdpAttribute a) throws SdpException {
        String name = a.name().toLowerCase(Locale.ROOT);
        String v = a.value() == null ? "" : a.value();
        switch (name) {
            case "path" -> {
                once(name, a);
                hasPath = true;
                path = path(v);
            }
            case "accept-types" -> {
                once(name, a);
                hasAcceptTypes = true;
                acceptTypes = types(v, a);
            }
            case "accept-wrapped-types" -> {
                once(name, a);
                acceptWrappedTypes = types(v, a);
            }
            case "max-size" -> {
                once(name, a);
                maxSize = SdpText.parseCount(v.strip());
                if (maxSize < 0) {
                    throw SdpText.syntax("a=max-size must be a decimal number", a.encode());
                }
            }
            case "setup" -> {
                once(name, a);
                setup = Setup.fromToken(v.strip());
                if (setup == null) {
                    throw SdpText.syntax("a=setup must be active, passive, actpass or holdconn", a.encode());
                }
            }
            case "connection" -> {
                once(name, a);
                connectionAttribute = ConnectionAttribute.fromToken(v.strip());
                if (connectionAttribute == null) {
                    throw SdpText.syntax("a=connection must be new or existing", a.encode());
                }
            }
            case "fingerprint" -> fingerprint(v, a);
            case "msrp-cema" -> msrpCema = true;
            case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                if (direction != null) {
                    throw SdpText.syntax("more than one direction attribute", a.encode());
                }
                direction = Direction.fromToken(name);
            }
            case "chatroom" -> {
                once(name, a);
                chatroom = tokens(v, a);
            }
            case "file-selector" -> {
                once(name, a);
                fileSelector = FileSelector.parse(v);
            }
            case "file-transfer-id" -> {
                once(name, a);
                fileTransferId = visibleWord(v, a);
            }
            case "file-disposition" -> {
                once(name, a);
                fileDisposition = v.strip();
                if (!SdpText.isToken(fileDisposition)) {
                    throw SdpText.syntax("a=file-disposition must be a token", a.encode());
                }
            }
            case "file-date" -> {
                once(name, a);
                fileDate = FileDate.parse(v);
            }
            case "file-icon" -> {
                once(name, a);
                fileIcon = visibleWord(v, a);
            }
            case "file-range" -> {
                once(name, a);
                fileRange = FileRange.parse(v.strip());
            }
            default -> {
                // not one of ours: kept in attributes only
            }
        }
    }

    private void once(String name, SdpAttribute a) throws SdpException {
        if (seen.contains(name)) {
            throw SdpText.syntax("more than one a=" + name, a.encode());
        }
        seen.add(name);
    }

    private static List<MsrpUri> path(String v) throws SdpException {
        List<String> words = SdpText.words(v);
        if (words.size() > MAX_PATH) {
            throw new SdpException(SdpException.Reason.TOO_LARGE,
                    "a=path with " + words.size() + " URIs; at most " + MAX_PATH + " are accepted");
        }
        List<MsrpUri> out = new ArrayList<>(words.size());
        for (String w : words) {
            try {
                out.add(MsrpUri.parse(w));
            } catch (InvalidUriException e) {
                throw new SdpException(SdpException.Reason.SYNTAX, "a=path: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> types(String v, SdpAttribute a) throws SdpException {
        List<String> words = SdpText.words(v);
        for (String w : words) {
            if (!MediaTypes.isMediaRange(w)) {
                throw SdpText.syntax("a=" + a.name() + " entry \"" + SdpText.shorten(w)
                        + "\" is not *, type/* or type/subtype", a.encode());
            }
        }
        return List.copyOf(words);
    }

    private static List<String> tokens(String v, SdpAttribute a) throws SdpException {
        List<String> words = SdpText.words(v);
        for (String w : words) {
            if (!SdpText.isToken(w)) {
                throw SdpText.syntax("a=" + a.name() + " values must be tokens", a.encode());
            }
        }
        return List.copyOf(words);
    }

    private static String visibleWord(String v, SdpAttribute a) throws SdpException {
        String s = v.strip();
        if (!SdpText.isVisible(s)) {
            throw SdpText.syntax("a=" + a.name() + " must be one word", a.encode());
        }
        return s;
    }

    /**
     * RFC 8122 §5: a fingerprint whose hash function is not supported is skipped (another line may
     * name one that is); a malformed one for a supported function is an error.
     */
    private void fingerprint(String v, SdpAttribute a) throws SdpException {
        List<String> words = SdpText.words(v);
        if (words.size() != 2) {
            throw SdpText.syntax("a=fingerprint must be <hash-func> <fingerprint>", a.encode());
        }
        if (!FINGERPRINT_HASHES.contains(words.get(0).toUpperCase(Locale.ROOT))) {
            if (!SdpText.isToken(words.get(0))) {
                throw SdpText.syntax("a=fingerprint hash function must be a token", a.encode());
            }
            return;
        }
        try {
            fingerprints.add(Fingerprint.parse(v));
        } catch (InvalidFingerprintException e) {
            throw new SdpException(SdpException.Reason.SYNTAX, "a=fingerprint: " + e.getMessage(), e);
        }
    }
}
