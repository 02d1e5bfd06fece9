package org.msrp4j.stream;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.Connector;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.Connectors;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Negotiation;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The connection of one stream through the offer/answer exchange: {@link #prepare} picks a
 * connector or an acceptor (direct or through the relay), prepares it and builds the local offer or
 * answer; {@link #connect} negotiates with the peer's description, connects or waits for the peer
 * and returns the bound transport; {@link #cleanup} releases what was prepared. Thread-safe;
 * {@link #prepare} and {@link #connect} block (use a virtual thread) and are called once each, in
 * that order.
 *
 * <p>Over a direct TLS connection the certificate the peer's {@code a=fingerprint} names is pinned
 * (RFC 8122) unless the settings pin one already; through a relay TLS ends at the relay, so nothing
 * is pinned. With CEMA in use (RFC 6714) a direct connection goes to the peer's c/m-line address.
 */
public final class StreamConnection {

    /**
     * What {@link #connect} made: the bound transport and the decisions it was made by.
     *
     * @param transport the connected transport, bound to the peer's session
     * @param negotiation who connected and what each side may send
     */
    public record Connected(MsrpTransport transport, Negotiation negotiation) {
    }

    private final Role role;
    private final ConnectionSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private Connector connector;
    private MsrpTransport bound;
    private MsrpMedia localMedia;

    /**
     * A connection for a stream.
     *
     * @param role offerer or answerer
     * @param settings how to reach the peer
     */
    public StreamConnection(Role role, ConnectionSettings settings) {
        this.role = Objects.requireNonNull(role, "role");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Offerer or answerer.
     *
     * @return the role given when the connection was made
     */
    public Role role() {
        return role;
    }

    /**
     * The settings.
     *
     * @return the settings given when the connection was made
     */
    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * The local media description {@link #prepare} built, or null before.
     *
     * @return the description, or null
     */
    public MsrpMedia localMedia() {
        lock.lock();
        try {
            return localMedia;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Prepares the connection and builds the local media description: the offer when {@code offer}
     * is null (an offerer), else the answer to it. An offerer connects; an answerer connects or
     * listens as the offer's {@code a=setup} says. A listening TLS acceptor adds its certificate's
     * fingerprint to {@code media}; with session matching on ({@code useSessmatch}) CEMA is offered
     * (RFC 6714).
     *
     * @param offer the peer's offer, or null to make an offer
     * @param media the media settings the description is built with
     * @return the offer or the answer
     * @throws StreamException if the offer cannot be used (no path, TLS mismatch, no common type:
     *     the cause is the {@link SdpException}), or the role does not fit ({@code offer} given to an
     *     offerer, or missing for an answerer)
     * @throws IOException if the connector cannot be prepared (e.g. relay AUTH fails)
     */
    public MsrpMedia prepare(MsrpMedia offer, MediaSettings media) throws IOException {
        if ((offer == null) != (role == Role.OFFERER)) {
            throw new StreamException(role == Role.OFFERER ? "the offerer initializes without an offer"
                    : "the answerer initializes with the offer");
        }
        boolean active = offer == null || OfferAnswer.answererActive(offer, media);
        Connector c = active ? Connectors.connector(settings.relay(), settings.connect())
                : Connectors.acceptor(settings.relay(), settings.connect());
        setConnector(c);
        List<MsrpUri> path = c.prepare(localUri());
        MediaSettings.Builder b = media.toBuilder();
        if (settings.connect().transportSettings().useSessmatch()) {
            b.cema(true);
        }
        if (c instanceof AcceptorDirect a && a.localFingerprint().isPresent()) {
            b.fingerprints(List.of(a.localFingerprint().get()));
        }
        MediaSettings withFingerprint = b.build();
        MsrpMedia built;
        try {
            built = offer == null ? OfferAnswer.offer(path, withFingerprint)
                    : OfferAnswer.answer(offer, path, withFingerprint);
        } catch (SdpException e) {
            throw new StreamException("the offer cannot be used: " + e.getMessage(), e);
        }
        lock.lock();
        try {
            localMedia = built;
        } finally {
            lock.unlock();
        }
        return built;
    }

    /**
     * Takes a connection the application made and bound itself, in place of one {@link #prepare}
     * would make, and builds the local media description with its path: the offer when {@code offer}
     * is null, else the answer to it. {@link #connect} then only negotiates and hands the transport
     * back; {@link #cleanup} closes it unless {@link #connect} handed it back.
     *
     * @param transport the bound transport, whose path the description carries
     * @param offer the peer's offer, or null when this side offers
     * @param media what the description says besides the path
     * @return the local media description
     * @throws StreamException as {@link #prepare} does (the transport is left open: the caller owns it
     *     until this returns)
     */
    public MsrpMedia prepareBound(MsrpTransport transport, MsrpMedia offer, MediaSettings media)
            throws StreamException {
        Objects.requireNonNull(transport, "transport");
        if ((offer == null) != (role == Role.OFFERER)) {
            throw new StreamException(role == Role.OFFERER ? "the offerer initializes without an offer"
                    : "the answerer initializes with the offer");
        }
        MsrpMedia built;
        try {
            built = offer == null ? OfferAnswer.offer(transport.fullLocalPath(), media)
                    : OfferAnswer.answer(offer, transport.fullLocalPath(), media);
        } catch (SdpException e) {
            throw new StreamException("the offer cannot be used: " + e.getMessage(), e);
        }
        lock.lock();
        try {
            bound = transport;
            localMedia = built;
        } finally {
            lock.unlock();
        }
        return built;
    }

    /**
     * Negotiates with the peer's media description (the answer, or the offer) and completes the
     * connection: connects, or waits for the peer to, and binds.
     *
     * @param remoteMedia the answer (offerer) or the offer (answerer)
     * @return the bound transport and the negotiation
     * @throws StreamException if the description is unusable (its cause the {@link SdpException}),
     *     the exchange makes this side connect when it prepared to listen or the other way round, or
     *     {@link #prepare} has not run
     * @throws IOException if connecting or binding fails
     */
    public Connected connect(MsrpMedia remoteMedia) throws IOException {
        Objects.requireNonNull(remoteMedia, "remoteMedia");
        Connector c;
        MsrpTransport t;
        MsrpMedia local;
        lock.lock();
        try {
            c = connector;
            t = bound;
            local = localMedia;
        } finally {
            lock.unlock();
        }
        if (local == null) {
            throw new StreamException("the connection is not prepared");
        }
        Negotiation negotiation;
        try {
            negotiation = OfferAnswer.negotiate(local, remoteMedia, role);
        } catch (SdpException e) {
            throw new StreamException("the peer's media description cannot be used: " + e.getMessage(), e);
        }
        if (t != null) {
            lock.lock();
            try {
                bound = null;
            } finally {
                lock.unlock();
            }
            return new Connected(t, negotiation);
        }
        if (negotiation.localActive() != (c instanceof ConnectorDirect || c instanceof ConnectorRelay)) {
            throw new StreamException("the offer/answer makes this side " + (negotiation.localActive() ? "connect"
                    : "wait for the connection") + ", but it prepared the other way");
        }
        c = pinned(c, negotiation);
        List<MsrpUri> remotePath = negotiation.remotePath();
        if (negotiation.cema() && remotePath.size() == 1 && c instanceof ConnectorDirect) {
            remotePath = List.of(negotiation.connectTo());
        }
        return new Connected(c.complete(remotePath), negotiation);
    }

    /**
     * Releases what {@link #prepare} took (a listening socket, a relay connection), or closes the
     * transport {@link #prepareBound} took and {@link #connect} did not hand back; idempotent.
     */
    public void cleanup() {
        Connector c;
        MsrpTransport t;
        lock.lock();
        try {
            c = connector;
            t = bound;
            bound = null;
        } finally {
            lock.unlock();
        }
        if (c != null) {
            c.cleanup();
        }
        if (t != null) {
            t.close();
        }
    }

    private void setConnector(Connector c) {
        lock.lock();
        try {
            connector = c;
        } finally {
            lock.unlock();
        }
    }

    private MsrpUri localUri() {
        if (settings.localHost() == null && !settings.useTls()) {
            return null;
        }
        String host = settings.localHost() != null ? settings.localHost() : "127.0.0.1";
        return MsrpUri.builder().useTls(settings.useTls()).host(host).port(0)
                .sessionId(MsrpGrammar.randomIdent(20)).build();
    }

    /**
     * The connector to complete with: a direct connector to a TLS peer that gave {@code a=fingerprint}
     * is replaced by one on the same local URI that accepts only that certificate (RFC 8122), unless
     * the settings pin one already.
     */
    private Connector pinned(Connector c, Negotiation negotiation) throws IOException {
        if (!(c instanceof ConnectorDirect direct) || negotiation.fingerprintsToPin().isEmpty()
                || negotiation.remotePath().size() != 1 || settings.connect().peerFingerprint() != null) {
            return c;
        }
        ConnectorDirect pinned = new ConnectorDirect(settings.connect().toBuilder()
                .peerFingerprint(negotiation.fingerprintsToPin().get(0)).build());
        MsrpUri local = direct.localUri();
        direct.cleanup();
        setConnector(pinned);
        pinned.prepare(local);
        return pinned;
    }

    @Override
    public String toString() {
        return "StreamConnection[" + role + ", " + settings + "]";
    }
}
