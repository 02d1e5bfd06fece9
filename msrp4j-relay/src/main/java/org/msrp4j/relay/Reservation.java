package org.msrp4j.relay;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.msrp4j.protocol.MsrpUri;

/**
 * A URI the relay reserved for a client by AUTH (RFC 4976 §5): its session id, the connection
 * that owns it, and when it expires. Ends with its connection or at expiry.
 */
final class Reservation {

    final String id;
    final MsrpUri uri;
    final PeerConnection owner;
    /** The From-Path of the AUTH that reserved it: the way back to the client that obtained it. */
    final List<MsrpUri> authPath;
    volatile String user;
    /** System.nanoTime() deadline. */
    volatile long expiresAt;
    ScheduledFuture<?> expiry;

    Reservation(String id, MsrpUri uri, PeerConnection owner, List<MsrpUri> authPath, String user) {
        this.id = id;
        this.uri = uri;
        this.owner = owner;
        this.authPath = List.copyOf(authPath);
        this.user = user;
    }

    @Override
    public String toString() {
        return "reservation " + id + " of " + user;
    }
}
