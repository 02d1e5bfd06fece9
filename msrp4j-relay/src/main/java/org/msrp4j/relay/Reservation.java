package org.msrp4j.relay;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.msrp4j.protocol.MsrpUri;

/**
 * A URI the relay reserved for a client by AUTH (RFC 4976 §5): its session id, the connection
 * that owns it, and when it expires. Ends with its connection or at expiry (see {@link
 * Reservations}).
 */
final class Reservation {

    final String id;
    final MsrpUri uri;
    final PeerConnection owner;
    /** The From-Path of the AUTH that reserved it: the way back to the client that obtained it. */
    final List<MsrpUri> authPath;
    private volatile String user;
    /** System.nanoTime() deadline. */
    private volatile long expiresAt;
    private ScheduledFuture<?> expiry;

    Reservation(String id, MsrpUri uri, PeerConnection owner, List<MsrpUri> authPath, String user) {
        this.id = id;
        this.uri = uri;
        this.owner = owner;
        this.authPath = List.copyOf(authPath);
        this.user = user;
    }

    /** The account that reserved (or last refreshed) it. */
    String user() {
        return user;
    }

    /** Refreshed by {@code user}'s AUTH: it now expires at {@code expiresAt} (System.nanoTime()). */
    void renew(String user, long expiresAt) {
        this.user = user;
        this.expiresAt = expiresAt;
    }

    /** Whether its Expires has passed at {@code now} (System.nanoTime()). */
    boolean expired(long now) {
        return now - expiresAt >= 0;
    }

    /** Replaces the timer that ends it at expiry (null: none), cancelling the one before. */
    synchronized void expireWith(ScheduledFuture<?> timer) {
        ScheduledFuture<?> old = expiry;
        expiry = timer;
        if (old != null) {
            old.cancel(false);
        }
    }

    /** Cancels the timer that would end it at expiry: it ended otherwise. */
    synchronized void cancelExpiry() {
        expireWith(null);
    }

    /**
     * Whether {@code rest}, the To-Path after this relay, leads back to the client that obtained
     * it: the relays its AUTH came through (the AUTH's From-Path but the last URI), then one URI,
     * the client's own for its MSRP session.
     */
    boolean leadsBackToOwner(List<MsrpUri> rest) {
        int relays = authPath.size() - 1;
        return rest.size() == relays + 1 && rest.subList(0, relays).equals(authPath.subList(0, relays));
    }

    @Override
    public String toString() {
        return "reservation " + id + " of " + user;
    }
}
