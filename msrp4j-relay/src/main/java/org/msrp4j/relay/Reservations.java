package org.msrp4j.relay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay URIs reserved by AUTH (RFC 4976 §5), by session id: each ends when its Expires passes
 * (a client connection left without any is then closed) or when its connection closes. Counts
 * each against {@link #MAX_PER_CONNECTION} and the {@link UserLimits}.
 */
final class Reservations {

    private static final Logger LOG = LoggerFactory.getLogger(Reservations.class);

    /** Relay URIs one connection may hold (one per AUTH From-Path: a relay in front carries many). */
    static final int MAX_PER_CONNECTION = 1024;

    private final Map<String, Reservation> byId = new ConcurrentHashMap<>();
    private final UserLimits userLimits;
    /** Runs the expiry timers; none are set once it is shut down (the relay closed). */
    private final ScheduledExecutorService timers;

    Reservations(UserLimits userLimits, ScheduledExecutorService timers) {
        this.userLimits = userLimits;
        this.timers = timers;
    }

    /** The live reservation with session id {@code id} (null id: none), or null. */
    Reservation find(String id) {
        return id == null ? null : byId.get(id);
    }

    /** How many relay URIs are reserved now. */
    int count() {
        return byId.size();
    }

    /**
     * Reserves (or refreshes) for {@code expires} seconds the relay URI of {@code conn} for the
     * AUTH sender {@code key} (its From-Path {@code authPath}, encoded); null when the connection
     * or the user holds too many already (see {@link UserLimits}).
     */
    Reservation reserve(PeerConnection conn, String key, List<MsrpUri> authPath, String user, long expires) {
        Reservation s = conn.reservation(key);
        if (s == null) {
            if (conn.reservationCount() >= MAX_PER_CONNECTION || !userLimits.tryReserve(user, conn)) {
                return null;
            }
            String id = MsrpGrammar.randomIdent(24);
            s = new Reservation(id, conn.base.withSessionId(id), conn, authPath, user);
            byId.put(id, s);
            conn.addReservation(key, s);
            if (conn.isClosed() && byId.remove(id, s)) {
                userLimits.release(user, conn);
            }
            LOG.info("{}: AUTH accepted, reserved {} for {} ({} s)", conn, s.uri, user, expires);
        } else if (!s.user().equals(user)) {
            // refreshed with another account's credentials: the reservation counts for that one now
            if (!userLimits.tryReserve(user, conn)) {
                return null;
            }
            userLimits.release(s.user(), conn);
        }
        s.renew(user, System.nanoTime() + TimeUnit.SECONDS.toNanos(expires));
        Reservation reservation = s;
        s.expireWith(schedule(() -> expire(reservation), expires));
        return s;
    }

    private ScheduledFuture<?> schedule(Runnable task, long seconds) {
        try {
            return timers.schedule(task, seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private void expire(Reservation s) {
        if (s.expired(System.nanoTime()) && byId.remove(s.id, s)) {
            userLimits.release(s.user(), s.owner);
            LOG.info("{}: reservation {} expired", s.owner, s.uri);
            if (s.owner.dropReservation(s) && s.owner.base != null) {
                s.owner.close();
            }
        }
    }

    /** {@code c} closed: the reservations it held end. */
    void connectionClosed(PeerConnection c) {
        for (Reservation s : c.reservations()) {
            if (byId.remove(s.id, s)) {
                userLimits.release(s.user(), c);
                LOG.info("{}: connection closed, reservation {} of {} ended", c, s.uri, s.user());
            }
            s.cancelExpiry();
        }
    }

    /** Forgets every reservation (the relay closed). */
    void clear() {
        byId.clear();
    }
}
