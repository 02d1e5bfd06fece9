package org.msrp4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.msrp4j.protocol.InvalidUriException;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/**
 * SDP offer/answer for MSRP media (RFC 4975 §8, RFC 6135, RFC 6714, RFC 8122): builds the local offer
 * or answer from a prepared connector's path and the stream's {@link MediaSettings}, and decides from
 * both descriptions who connects and what each side accepts ({@link #negotiate}). Every unusable
 * description gives an {@link SdpException} with its {@link SdpException.Reason}; nothing is guessed.
 *
 * <pre>{@code
 * // offerer (the seed's outgoing = true)
 * MsrpMedia offer = OfferAnswer.offer(connector.prepare(), settings);
 * ... send offer.encode(), receive the answer ...
 * Negotiation n = OfferAnswer.negotiate(offer, MsrpMedia.parse(answerText), Role.OFFERER);
 * MsrpTransport t = connector.complete(n.remotePath());
 *
 * // answerer
 * boolean active = OfferAnswer.answererActive(offer, settings);   // choose the connector
 * MsrpMedia answer = OfferAnswer.answer(offer, connector.prepare(), settings);
 * Negotiation n = OfferAnswer.negotiate(answer, offer, Role.ANSWERER);
 * }</pre>
 */
public final class OfferAnswer {

    private OfferAnswer() {
    }

    /**
     * The local offer: the path (first hop first, this side's URI last), {@code TCP/TLS/MSRP} when its
     * last URI is {@code msrps:}, the m-line port and {@code c=} address of that endpoint URI (RFC 4975
     * §8.1), and the settings; {@code a=setup} is the settings' preference or {@code active} (RFC 4975
     * §8.5: the offerer connects), and always written (RFC 6135 §4.2.1). With CEMA and a relay, the
     * port and address are the relay's and {@code a=setup} is {@code actpass} (RFC 6714 §4.2).
     *
     * @param localPath this side's path, first hop first
     * @param settings the media settings to offer with
     * @return the offer
     * @throws IllegalArgumentException if the path is empty or the settings ask for {@code a=setup:passive}
     *     (RFC 6135 §4.2.2 forbids it in an offer)
     */
    public static MsrpMedia offer(List<MsrpUri> localPath, MediaSettings settings) {
        checkPath(localPath);
        Setup setup = settings.setup().orElse(Setup.ACTIVE);
        if (setup == Setup.PASSIVE) {
            throw new IllegalArgumentException("an offer must not say a=setup:passive (RFC 6135 §4.2.2)");
        }
        if (settings.cema() && localPath.size() > 1) {
            setup = Setup.ACTPASS;
        }
        return local(settings.media(), localPath, settings, setup, settings.cema(), settings.direction().orElse(null));
    }

    /**
     * The {@code a=setup} an answer to {@code offer} carries: {@code passive} when the offerer connects
     * (no {@code a=setup}, a {@code holdconn} one, or {@code active}), {@code active} when the offer is
     * {@code passive}, and for {@code actpass} the settings' preference ({@code active} if asked, else
     * {@code passive}, as RFC 6135 §4.2.2 advises an answerer not behind a NAT).
     *
     * @param offer the peer's offer
     * @param settings the answerer's media settings
     * @return the setup role the answer writes
     */
    public static Setup answerSetup(MsrpMedia offer, MediaSettings settings) {
        Setup offered = effective(offer.setup());
        if (offered == null || offered == Setup.ACTIVE) {
            return Setup.PASSIVE;
        }
        if (offered == Setup.PASSIVE) {
            return Setup.ACTIVE;
        }
        return settings.setup().orElse(Setup.PASSIVE) == Setup.ACTIVE ? Setup.ACTIVE : Setup.PASSIVE;
    }

    /**
     * Whether the answerer to {@code offer} will be active (connect): known before the answerer prepares
     * its connector, so it can pick a connector or an acceptor.
     *
     * @param offer the peer's offer
     * @param settings the answerer's media settings
     * @return true if the answerer connects
     */
    public static boolean answererActive(MsrpMedia offer, MediaSettings settings) {
        return answerSetup(offer, settings) == Setup.ACTIVE;
    }

    /**
     * The local answer to {@code offer}: the offer's media type, the local path with its own protocol
     * (each side's m-line describes how to reach that side; RFC 4976 §11 answers a {@code TCP/MSRP}
     * offer with {@code TCP/TLS/MSRP} through a relay), the settings' accepted types and attributes,
     * {@link #answerSetup}, and the direction the offer allows ({@code sendonly} answered by
     * {@code recvonly} and so on, narrowed by the settings'). {@code a=msrp-cema} is written when both
     * sides support it and none of RFC 6714 §4.3's fall-back cases holds (both sides behind relays; the
     * offerer behind a relay and active; this side behind a relay and active, as it is when the offer is
     * {@code passive} or the settings prefer {@code active}, since CEMA behind a relay needs a passive
     * answerer). With CEMA behind a relay, the m-line port and {@code c=} are the relay's.
     *
     * @param offer the peer's offer
     * @param localPath this side's path, first hop first
     * @param settings the answerer's media settings
     * @return the answer
     * @throws SdpException when the offer cannot be used: {@code REJECTED} (port 0), {@code NO_PATH},
     *     {@code TLS_MISMATCH} (the offer's protocol and path disagree), {@code NO_COMMON_TYPE},
     *     {@code MIDDLEBOX_WITHOUT_CEMA} (settings support CEMA, the offer does not, and its c/m address
     *     matches none of its path)
     * @throws IllegalArgumentException if the local path is empty
     */
    public static MsrpMedia answer(MsrpMedia offer, List<MsrpUri> localPath, MediaSettings settings)
            throws SdpException {
        checkPath(localPath);
        checkRemote(offer);
        checkCommonTypes(settings.acceptTypes(), offer.acceptTypes());
        if (settings.cema() && !offer.msrpCema() && middlebox(offer)) {
            throw new SdpException(SdpException.Reason.MIDDLEBOX_WITHOUT_CEMA, "the offer's c/m address "
                    + cmAddress(offer) + " matches none of its path " + offer.path()
                    + " and it has no a=msrp-cema (RFC 6714 §4.3)");
        }
        Direction direction = null;
        if (offer.directionAttribute().isPresent() || settings.direction().isPresent()) {
            direction = offer.direction().reverse().intersect(settings.direction().orElse(Direction.SENDRECV));
        }
        boolean offerRelay = offer.path().size() > 1;
        boolean localRelay = localPath.size() > 1;
        Setup offered = effective(offer.setup());
        Setup setup = answerSetup(offer, settings);
        boolean fallBack = (offerRelay && localRelay) || (offerRelay && (offered == null || offered == Setup.ACTIVE))
                || (localRelay && setup == Setup.ACTIVE);
        boolean cema = settings.cema() && offer.msrpCema() && !fallBack;
        return local(offer.media(), localPath, settings, setup, cema, direction);
    }

    /**
     * Decides, from the local and the remote description of a completed exchange, who connects and
     * what each side may send.
     *
     * <p>Who connects: the offerer when the offer has no {@code a=setup} (RFC 4975 §5.4; a
     * {@code holdconn} counts as none, RFC 6135 §4.2.1), else as RFC 4145 pairs the values:
     * {@code actpass} with {@code active} makes the answerer connect, with {@code passive} (or none) the
     * offerer; {@code active} needs {@code passive} (or none), {@code passive} needs {@code active}.
     * {@code a=connection} is ignored (RFC 6135 §4.4).
     *
     * @param local this side's description (the offer if {@code role} is {@link Role#OFFERER})
     * @param remote the peer's description
     * @param role this side's part
     * @return the decisions both sides reach from the same two descriptions
     * @throws SdpException {@code REJECTED} (remote port 0), {@code NO_PATH}, {@code TLS_MISMATCH} (the
     *     remote protocol and path disagree), {@code NO_COMMON_TYPE}, or {@code SETUP_CONFLICT} when the
     *     setups do not give exactly one active side
     */
    public static Negotiation negotiate(MsrpMedia local, MsrpMedia remote, Role role) throws SdpException {
        Objects.requireNonNull(role, "role");
        checkRemote(remote);
        checkCommonTypes(local.acceptTypes(), remote.acceptTypes());
        MsrpMedia offer = role == Role.OFFERER ? local : remote;
        MsrpMedia answer = role == Role.OFFERER ? remote : local;
        boolean offererActive = offererActive(effective(offer.setup()), effective(answer.setup()));
        boolean localActive = role == Role.OFFERER ? offererActive : !offererActive;
        boolean cema = local.msrpCema() && remote.msrpCema();
        MsrpUri connectTo = remote.path().get(0);
        if (cema && remote.connection().isPresent()) {
            connectTo = withAddress(connectTo, remote.connection().get().address(), remote.port());
        }
        List<Fingerprint> pin = remote.protocol().useTls() ? strongest(remote.fingerprints()) : List.of();
        return new Negotiation(localActive, connectTo, cema, middlebox(remote), local, remote, pin);
    }

    private static MsrpMedia local(String media, List<MsrpUri> path, MediaSettings settings, Setup setup,
            boolean cema, Direction direction) {
        MsrpUri endpoint = path.get(path.size() - 1);
        MsrpUri cm = cema && path.size() > 1 ? path.get(0) : endpoint;
        MsrpProtocol protocol = MsrpProtocol.of(endpoint.useTls());
        MsrpMedia.Builder b = MsrpMedia.builder()
                .media(media)
                .port(cm.effectivePort())
                .protocol(protocol)
                .connection(ConnectionData.of(cm.host()))
                .acceptTypes(settings.acceptTypes())
                .acceptWrappedTypes(settings.acceptWrappedTypes())
                .maxSize(settings.maxSize().orElse(-1))
                .path(path)
                .setup(setup);
        if (protocol.useTls()) {
            b.fingerprints(settings.fingerprints());
        }
        b.msrpCema(cema).direction(direction).chatroom(settings.chatroom());
        for (SdpAttribute a : settings.attributes()) {
            b.addAttribute(a);
        }
        return b.build();
    }

    private static void checkPath(List<MsrpUri> path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("the local path needs at least one URI");
        }
    }

    /** A usable remote description: not rejected, with a path that agrees with its protocol. */
    private static void checkRemote(MsrpMedia remote) throws SdpException {
        if (remote.port() == 0) {
            throw new SdpException(SdpException.Reason.REJECTED, "the MSRP media description has port 0");
        }
        List<MsrpUri> path = remote.path();
        if (path.isEmpty()) {
            throw new SdpException(SdpException.Reason.NO_PATH,
                    remote.hasPath() ? "a=path is empty" : "the MSRP media description has no a=path");
        }
        boolean tls = remote.protocol().useTls();
        if (path.get(path.size() - 1).useTls() != tls) {
            throw new SdpException(SdpException.Reason.TLS_MISMATCH, "m= says " + remote.protocol()
                    + " but the endpoint URI is " + path.get(path.size() - 1));
        }
        if (tls) {
            for (MsrpUri u : path) {
                if (!u.useTls()) {
                    throw new SdpException(SdpException.Reason.TLS_MISMATCH,
                            "m= says TCP/TLS/MSRP but the path has the msrp: hop " + u);
                }
            }
        }
    }

    private static void checkCommonTypes(List<String> local, List<String> remote) throws SdpException {
        if (!MediaTypes.anyOverlap(local, remote)) {
            throw new SdpException(SdpException.Reason.NO_COMMON_TYPE,
                    "no common media type: local accepts " + local + ", remote accepts " + remote);
        }
    }

    /** {@code holdconn} counts as no {@code a=setup} (RFC 6135 §4.2.1). */
    private static Setup effective(Optional<Setup> setup) {
        return setup.filter(s -> s != Setup.HOLDCONN).orElse(null);
    }

    private static boolean offererActive(Setup offer, Setup answer) throws SdpException {
        if (answer == Setup.ACTPASS) {
            throw conflict(offer, answer);
        }
        if (offer == null || offer == Setup.ACTIVE) {
            if (answer == Setup.ACTIVE) {
                throw conflict(offer, answer);
            }
            return true;
        }
        if (offer == Setup.PASSIVE) {
            if (answer != Setup.ACTIVE) {
                throw conflict(offer, answer);
            }
            return false;
        }
        return answer != Setup.ACTIVE;
    }

    private static SdpException conflict(Setup offer, Setup answer) {
        return new SdpException(SdpException.Reason.SETUP_CONFLICT, "offer a=setup:" + (offer == null ? "(none)"
                : offer) + " and answer a=setup:" + (answer == null ? "(none)" : answer)
                + " do not give exactly one active side");
    }

    /** Whether the c/m address is known and matches none of the path's URIs. */
    private static boolean middlebox(MsrpMedia m) {
        if (m.connection().isEmpty()) {
            return false;
        }
        MsrpUri cm;
        try {
            cm = address(m.connection().get().address(), m.port());
        } catch (InvalidUriException e) {
            return true;
        }
        for (MsrpUri u : m.path()) {
            if (address(u.host(), u.effectivePort()).equals(cm)) {
                return false;
            }
        }
        return true;
    }

    private static String cmAddress(MsrpMedia m) {
        return m.connection().map(c -> c.address() + ":" + m.port()).orElse("(none)");
    }

    /** A bare URI holding only a host and port, so {@link MsrpUri#equals} compares just those. */
    private static MsrpUri address(String host, int port) {
        return MsrpUri.builder().host(host).port(port).build();
    }

    private static MsrpUri withAddress(MsrpUri uri, String host, int port) throws SdpException {
        try {
            return uri.toBuilder().host(host).port(port).build();
        } catch (InvalidUriException e) {
            throw new SdpException(SdpException.Reason.SYNTAX, "c= address is not a host: " + e.getMessage(), e);
        }
    }

    private static List<Fingerprint> strongest(List<Fingerprint> all) {
        int best = -1;
        for (Fingerprint f : all) {
            best = Math.max(best, strength(f.algorithm()));
        }
        List<Fingerprint> out = new ArrayList<>();
        for (Fingerprint f : all) {
            if (strength(f.algorithm()) == best) {
                out.add(f);
            }
        }
        return out;
    }

    private static int strength(String algorithm) {
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "SHA-512" -> 5;
            case "SHA-384" -> 4;
            case "SHA-256" -> 3;
            case "SHA-224" -> 2;
            default -> 1;
        };
    }
}
