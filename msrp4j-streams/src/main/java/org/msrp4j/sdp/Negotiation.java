package org.msrp4j.sdp;

import java.util.List;
import java.util.OptionalLong;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/**
 * What an offer/answer exchange of MSRP media descriptions settled, from the local side's point of
 * view (see {@link OfferAnswer#negotiate}): who connects, where to, with which session matching, which
 * types each side takes, and the certificate fingerprints to pin. Immutable.
 */
public final class Negotiation {

    private final boolean localActive;
    private final List<MsrpUri> remotePath;
    private final MsrpUri connectTo;
    private final boolean cema;
    private final boolean middleboxDetected;
    private final MsrpProtocol protocol;
    private final MsrpMedia local;
    private final MsrpMedia remote;
    private final List<Fingerprint> fingerprintsToPin;
    private final Direction direction;

    Negotiation(boolean localActive, MsrpUri connectTo, boolean cema, boolean middleboxDetected, MsrpMedia local,
            MsrpMedia remote, List<Fingerprint> fingerprintsToPin) {
        this.localActive = localActive;
        this.remotePath = remote.path();
        this.connectTo = connectTo;
        this.cema = cema;
        this.middleboxDetected = middleboxDetected;
        this.protocol = remote.protocol();
        this.local = local;
        this.remote = remote;
        this.fingerprintsToPin = List.copyOf(fingerprintsToPin);
        this.direction = local.direction().intersect(remote.direction().reverse());
    }

    /**
     * Whether this side is active: it opens the connection (direct) and sends the first SEND, which
     * binds the session. Without a relay, active means a connector, passive an acceptor; a side behind
     * a relay always connects to its relay (RFC 6135 §4.5) and this says which relay mode to use.
     *
     * @return true if this side connects and binds
     */
    public boolean localActive() {
        return localActive;
    }

    /**
     * The peer's full path from its {@code a=path}, to give the connector's {@code complete}.
     *
     * @return an unmodifiable list, first hop first
     */
    public List<MsrpUri> remotePath() {
        return remotePath;
    }

    /**
     * The address the active side opens its connection to: the first URI of the peer's path, or, with
     * CEMA (RFC 6714 §4.2, §4.3), that URI with the host of the peer's {@code c=} and the port of its
     * m-line, which a middlebox may have changed.
     *
     * @return the URI to connect to
     */
    public MsrpUri connectTo() {
        return connectTo;
    }

    /**
     * Whether both sides wrote {@code a=msrp-cema} (RFC 6714), so CEMA is in use.
     *
     * @return true if CEMA is in use
     */
    public boolean cema() {
        return cema;
    }

    /**
     * Whether to match sessions by session id only (RFC 6714, msrplib's {@code use_sessmatch}): true
     * when CEMA is in use, since a middlebox may sit between the URIs in the paths and the sockets.
     *
     * @return true to match by session id only
     */
    public boolean useSessmatch() {
        return cema;
    }

    /**
     * Whether the peer's c/m-line address matches none of its path URIs (compared as literal hosts, IP
     * addresses by value, and effective ports; no DNS look-up), the sign of a middlebox.
     *
     * @return true if a middlebox seems to sit between the sides
     */
    public boolean middleboxDetected() {
        return middleboxDetected;
    }

    /**
     * The peer's m-line protocol: how it is reached ({@code TCP/TLS/MSRP} means TLS to every hop of its
     * path). Each side's protocol describes that side, so the two may differ (RFC 4976 §11).
     *
     * @return the peer's protocol
     */
    public MsrpProtocol protocol() {
        return protocol;
    }

    /**
     * The types the peer accepts: what this side may send.
     *
     * @return an unmodifiable list
     */
    public List<String> remoteAcceptTypes() {
        return remote.acceptTypes();
    }

    /**
     * The types the peer accepts inside a wrapper such as {@code message/cpim}.
     *
     * @return an unmodifiable list
     */
    public List<String> remoteAcceptWrappedTypes() {
        return remote.acceptWrappedTypes();
    }

    /**
     * The types this side accepts: what the peer may send.
     *
     * @return an unmodifiable list
     */
    public List<String> localAcceptTypes() {
        return local.acceptTypes();
    }

    /**
     * The types this side accepts inside a wrapper.
     *
     * @return an unmodifiable list
     */
    public List<String> localAcceptWrappedTypes() {
        return local.acceptWrappedTypes();
    }

    /**
     * Whether the peer accepts {@code type} directly (its {@code a=accept-types}).
     *
     * @param type a concrete media type
     * @return true if the peer's accept-types admit it
     */
    public boolean remoteAccepts(String type) {
        return MediaTypes.accepts(remote.acceptTypes(), type);
    }

    /**
     * Whether the peer accepts {@code type} inside a wrapper (its {@code a=accept-wrapped-types}).
     *
     * @param type a concrete media type
     * @return true if the peer's accept-wrapped-types admit it
     */
    public boolean remoteAcceptsWrapped(String type) {
        return MediaTypes.accepts(remote.acceptWrappedTypes(), type);
    }

    /**
     * The peer's {@code a=max-size}, if it gave one: the largest message to send it.
     *
     * @return octets, or empty
     */
    public OptionalLong remoteMaxSize() {
        return remote.maxSize();
    }

    /**
     * The fingerprints the peer's certificate must match one of (RFC 8122 §5: those with the
     * strongest hash function it listed that is supported); empty without TLS or without
     * {@code a=fingerprint}, when the certificate is checked the usual way.
     *
     * @return an unmodifiable list, possibly empty
     */
    public List<Fingerprint> fingerprintsToPin() {
        return fingerprintsToPin;
    }

    /**
     * The direction media flows, from this side: what both descriptions allow.
     *
     * @return the direction from this side's point of view
     */
    public Direction direction() {
        return direction;
    }

    /**
     * Whether this side may send.
     *
     * @return true if the direction lets this side send
     */
    public boolean canSend() {
        return direction.sends();
    }

    /**
     * Whether this side may receive.
     *
     * @return true if the direction lets this side receive
     */
    public boolean canReceive() {
        return direction.receives();
    }

    /**
     * The peer's {@code a=chatroom} values (RFC 7701).
     *
     * @return an unmodifiable list
     */
    public List<String> remoteChatroom() {
        return remote.chatroom();
    }

    /**
     * The local media description the decision was made with.
     *
     * @return the local description
     */
    public MsrpMedia local() {
        return local;
    }

    /**
     * The remote media description the decision was made with.
     *
     * @return the remote description
     */
    public MsrpMedia remote() {
        return remote;
    }

    @Override
    public String toString() {
        return "Negotiation[" + (localActive ? "active" : "passive") + ", connect to " + connectTo
                + (cema ? ", CEMA" : "") + (middleboxDetected ? ", middlebox" : "") + ", " + protocol
                + ", " + direction + ", remote accepts " + remote.acceptTypes() + "]";
    }
}
