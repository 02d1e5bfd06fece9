package org.msrp4j.protocol;

import java.util.List;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * The response rule of RFC 4975 §7.2, the one place the transport, the session and the relay make
 * hop-by-hop responses: whether a request may be answered at all, and how the response is
 * addressed.
 */
public final class Responses {

    private Responses() {
    }

    /**
     * The response to {@code request}, or null when none may be sent: to a REPORT (§7.1.2), under
     * Failure-Report {@code no}, a 200 under {@code partial} (§7.1.1), or when it cannot be
     * addressed. The response goes back one hop: its To-Path is the first URI of the request's
     * From-Path only (the previous hop), its From-Path the first URI of the request's To-Path only
     * (the responder, as the request named it). It carries the request's transaction id and no
     * other header: no Message-ID, Byte-Range or body.
     *
     * @param request the request to answer
     * @param code the status code
     * @param comment the comment, or null
     * @param self the responder's own URI, used when the request has no To-Path; null for none
     * @param previousHop the hop the request came from as the connection knows it, used when the
     *     request has no From-Path; null for none (then such a request gets no response)
     * @return the response, or null when none may be sent
     * @throws IllegalArgumentException if {@code request} is a response
     */
    public static MsrpChunk to(MsrpChunk request, int code, String comment, MsrpUri self, MsrpUri previousHop) {
        if (!request.isRequest()) {
            throw new IllegalArgumentException("not a request: " + request);
        }
        if (!mayAnswer(request, code)) {
            return null;
        }
        MsrpUri to = first(request.fromPath(), previousHop);
        MsrpUri from = first(request.toPath(), self);
        if (to == null || from == null) {
            return null;
        }
        MsrpChunk response = MsrpChunk.response(request.transactionId(), code, comment);
        response.addHeader(new ToPathHeader(List.of(to)));
        response.addHeader(new FromPathHeader(List.of(from)));
        return response;
    }

    /**
     * Whether RFC 4975 lets {@code request} be answered with {@code code}: never a REPORT, nothing
     * under Failure-Report {@code no}, only errors under {@code partial}.
     *
     * @param request a request
     * @param code the status code of the would-be response
     * @return false when no response may be sent
     */
    public static boolean mayAnswer(MsrpChunk request, int code) {
        if ("REPORT".equals(request.method())) {
            return false;
        }
        ReportMode mode = request.failureReport();
        return mode != ReportMode.NO && !(mode == ReportMode.PARTIAL && code == Status.OK);
    }

    private static MsrpUri first(List<MsrpUri> path, MsrpUri otherwise) {
        return path == null || path.isEmpty() ? otherwise : path.get(0);
    }
}
