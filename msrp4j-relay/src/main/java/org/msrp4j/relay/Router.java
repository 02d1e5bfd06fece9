package org.msrp4j.relay;

import java.util.ArrayList;
import java.util.List;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * Where a request goes (RFC 4976 §6.4; the rules are in {@link MsrpRelay}'s class comment): to the
 * owner of a reservation, or over an {@link OutboundLinks outbound link} to the next hop, with
 * To-Path and From-Path rewritten; or nowhere, with the status to answer.
 */
final class Router {

    /**
     * What to do with a request: a destination, the rewritten paths and their header lines as the
     * wire has them ({@link RelayWire}), or an error status. A route to a destination also names
     * what it rests on, for {@link #route(MsrpChunk, PeerConnection, Last)} to check when it reuses
     * it: the reservation the request was addressed to ({@code via}), the local reservation it
     * passes through to its owner ({@code target}, or null), and the previous hop learned from it
     * ({@code learned}, or null when the request came from the reservation's owner).
     */
    record Route(PeerConnection dest, List<MsrpUri> toPath, List<MsrpUri> fromPath, int code, String comment,
            byte[] toLine, byte[] fromLine, Reservation via, Reservation target, MsrpUri learned) {

        static Route error(int code, String comment) {
            return new Route(null, null, null, code, comment, null, null, null, null, null);
        }

        static Route to(PeerConnection dest, List<MsrpUri> toPath, List<MsrpUri> fromPath, Reservation via,
                Reservation target, MsrpUri learned) {
            List<MsrpUri> to = List.copyOf(toPath);
            List<MsrpUri> from = List.copyOf(fromPath);
            return new Route(dest, to, from, 0, null, RelayWire.toPathLine(to), RelayWire.fromPathLine(from), via,
                    target, learned);
        }
    }

    /**
     * The last route one reader's requests took, and the To-Path and From-Path headers it was
     * taken for. The parser hands out the same header objects for equal values, so the next
     * request of the same session is known by them. State of that reader thread only.
     */
    static final class Last {
        private Object toHeader;
        private Object fromHeader;
        private Route route;

        /** Forgets the route (the connection is idle: nothing of a destination or session is kept for it). */
        void forget() {
            route = null;
            toHeader = null;
            fromHeader = null;
        }
    }

    /** The relay's listener URIs (a live view: the listeners are added as they open). */
    private final List<MsrpUri> listenerUris;
    private final Reservations reservations;
    private final OutboundLinks links;

    Router(List<MsrpUri> listenerUris, Reservations reservations, OutboundLinks links) {
        this.listenerUris = listenerUris;
        this.reservations = reservations;
        this.links = links;
    }

    /** Whether {@code uri} (session id aside) is one of this relay's listener URIs. */
    boolean isLocal(MsrpUri uri) {
        for (MsrpUri base : listenerUris) {
            if (base.equalsIgnoringSessionId(uri)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decides where a request goes (RFC 4976 §6.4; see {@link MsrpRelay}'s class comment). A request for a session's
     * owner goes to the owner's connection, the next hop back toward the client that obtained the
     * URI; the last To-Path URI is the owner's to check, as any MSRP endpoint checks its own.
     *
     * <p>The route {@code last} holds is taken again when the request has the same path headers
     * and all the route rests on still holds: the same reservations still reserved, the
     * destination still open (the previous hop is learned again). A route to a destination is
     * remembered in {@code last}.
     */
    Route route(MsrpChunk request, PeerConnection from, Last last) {
        Object toHeader = request.headers().get(ToPathHeader.class);
        Object fromHeader = request.headers().get(FromPathHeader.class);
        Route r = last.route;
        if (r != null && toHeader == last.toHeader && fromHeader == last.fromHeader && stillHolds(r)) {
            if (r.learned() != null) {
                links.learn(from, r.learned());
            }
            return r;
        }
        r = decide(request, from);
        last.route = r.dest() == null ? null : r;
        last.toHeader = toHeader;
        last.fromHeader = fromHeader;
        return r;
    }

    private boolean stillHolds(Route r) {
        return !r.dest().isClosed() && reservations.find(r.via().id) == r.via()
                && (r.target() == null || reservations.find(r.target().id) == r.target());
    }

    private Route decide(MsrpChunk request, PeerConnection from) {
        List<MsrpUri> to = request.toPath();
        List<MsrpUri> fromPath = request.fromPath();
        MsrpUri first = to.get(0);
        if (!isLocal(first)) {
            return Route.error(Status.NO_SESSION, "To-Path does not start with this relay");
        }
        if (to.size() < 2) {
            return Route.error(Status.NO_SESSION, "Nothing to relay to");
        }
        Reservation s = reservations.find(first.sessionId());
        if (s == null) {
            return Route.error(Status.NO_SESSION, "No such relay session");
        }
        List<MsrpUri> nextTo = to.subList(1, to.size());
        List<MsrpUri> nextFrom = prepend(first, fromPath);
        if (s.owner == from) {
            MsrpUri next = nextTo.get(0);
            if (isLocal(next)) {
                Reservation t = reservations.find(next.sessionId());
                if (t == null) {
                    return Route.error(Status.NO_SESSION, "No such relay session");
                }
                nextFrom = prepend(next, nextFrom);
                nextTo = nextTo.subList(1, nextTo.size());
                if (!t.leadsBackToOwner(nextTo)) {
                    return Route.error(Status.FORBIDDEN, "A relay session only delivers to its owner");
                }
                return Route.to(t.owner, nextTo, nextFrom, s, t, null);
            }
            PeerConnection c = links.get(next);
            if (c == null) {
                return Route.error(Status.NO_SESSION, OutboundLinks.UNREACHABLE);
            }
            return Route.to(c, nextTo, nextFrom, s, null, null);
        }
        if (!s.leadsBackToOwner(nextTo)) {
            return Route.error(Status.FORBIDDEN, "Session not owned by this connection");
        }
        links.learn(from, fromPath.get(0));
        return Route.to(s.owner, nextTo, nextFrom, s, null, fromPath.get(0));
    }

    private static List<MsrpUri> prepend(MsrpUri uri, List<MsrpUri> path) {
        List<MsrpUri> out = new ArrayList<>(path.size() + 1);
        out.add(uri);
        out.addAll(path);
        return out;
    }

}
