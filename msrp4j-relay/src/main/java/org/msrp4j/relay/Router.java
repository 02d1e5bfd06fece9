package org.msrp4j.relay;

import java.util.ArrayList;
import java.util.List;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;

/**
 * Where a request goes (RFC 4976 §6.4; the rules are in {@link MsrpRelay}'s class comment): to the
 * owner of a reservation, or over an {@link OutboundLinks outbound link} to the next hop, with
 * To-Path and From-Path rewritten; or nowhere, with the status to answer.
 */
final class Router {

    /** What to do with a request: a destination and the rewritten paths, or an error status. */
    record Route(PeerConnection dest, List<MsrpUri> toPath, List<MsrpUri> fromPath, int code, String comment) {

        static Route error(int code, String comment) {
            return new Route(null, null, null, code, comment);
        }

        static Route to(PeerConnection dest, List<MsrpUri> toPath, List<MsrpUri> fromPath) {
            return new Route(dest, List.copyOf(toPath), List.copyOf(fromPath), 0, null);
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
     */
    Route route(MsrpChunk request, PeerConnection from) {
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
                return Route.to(t.owner, nextTo, nextFrom);
            }
            PeerConnection c = links.get(next);
            if (c == null) {
                return Route.error(Status.NO_SESSION, OutboundLinks.UNREACHABLE);
            }
            return Route.to(c, nextTo, nextFrom);
        }
        if (!s.leadsBackToOwner(nextTo)) {
            return Route.error(Status.FORBIDDEN, "Session not owned by this connection");
        }
        links.learn(from, fromPath.get(0));
        return Route.to(s.owner, nextTo, nextFrom);
    }

    private static List<MsrpUri> prepend(MsrpUri uri, List<MsrpUri> path) {
        List<MsrpUri> out = new ArrayList<>(path.size() + 1);
        out.add(uri);
        out.addAll(path);
        return out;
    }

}
