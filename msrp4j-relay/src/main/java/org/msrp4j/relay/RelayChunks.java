package org.msrp4j.relay;

import java.util.List;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Responses;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/** The chunks the relay makes itself: responses, failure REPORTs, forwarded start lines. */
final class RelayChunks {

    private RelayChunks() {
    }

    /** A fresh transaction id for a request the relay sends on. */
    static String newTransactionId() {
        return MsrpGrammar.randomIdent(16);
    }

    /**
     * The hop-by-hop response to {@code request} ({@link Responses#to}, RFC 4975 §7.2), or null when
     * none may be sent: REPORT requests, Failure-Report {@code no}, or a 200 under {@code partial},
     * or paths missing.
     */
    static MsrpChunk response(MsrpChunk request, int code, String comment) {
        return response(request, code, comment, null);
    }

    /**
     * As {@link #response(MsrpChunk, int, String)}, from {@code self} when the request has no
     * To-Path to take the responder's URI from (null: no response then). A request without
     * From-Path gets none: the relay cannot know where it came from.
     */
    static MsrpChunk response(MsrpChunk request, int code, String comment, MsrpUri self) {
        return request.isRequest() ? Responses.to(request, code, comment, self, null) : null;
    }

    /** Whether a response to {@code request} could be addressed: a request other than REPORT, with a From-Path. */
    static boolean answerable(MsrpChunk request) {
        if (!request.isRequest() || "REPORT".equals(request.method())) {
            return false;
        }
        List<MsrpUri> from = paths(request, false);
        return from != null && !from.isEmpty();
    }

    /** The Failure-Report mode, {@code yes} when absent or unreadable. */
    static ReportMode failureReport(MsrpChunk request) {
        try {
            return request.failureReport();
        } catch (RuntimeException e) {
            return ReportMode.YES;
        }
    }

    private static List<MsrpUri> paths(MsrpChunk chunk, boolean to) {
        try {
            return to ? chunk.toPath() : chunk.fromPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The failure REPORT for a forwarded SEND that the next hop refused or never answered (RFC 4975
     * §7.1.2), sent back along the request's From-Path, from the relay URI it was addressed to.
     *
     * @param offset the body bytes of the chunk that went on in earlier pieces (see {@link ForwardedChunk})
     * @param bytes the body bytes of the chunk (of the piece after {@code offset}) that were passed on
     */
    static MsrpChunk failureReport(MsrpChunk send, long offset, long bytes, int code, String comment) {
        MsrpChunk r = MsrpChunk.request(newTransactionId(), "REPORT");
        r.addHeader(new ToPathHeader(send.fromPath()));
        r.addHeader(new FromPathHeader(List.of(send.toPath().get(0))));
        String messageId = send.messageId();
        if (messageId != null) {
            r.addHeader(new MessageIdHeader(messageId));
        }
        ByteRange range = send.byteRange();
        if (range != null) {
            r.addHeader(new ByteRangeHeader(passedOn(range, offset, bytes)));
        }
        r.addHeader(new StatusHeader(new Status(code, comment)));
        return r;
    }

    /**
     * The part of {@code range} that {@code bytes} body bytes after the first {@code offset} covered:
     * the whole range when none went on at all, never past its end or the message's total.
     */
    static ByteRange passedOn(ByteRange range, long offset, long bytes) {
        if (bytes <= 0 && offset <= 0) {
            return range;
        }
        long start = range.start() + Math.max(0, offset);
        if (range.hasTotal() && start > range.total() + 1) {
            return range;
        }
        long end = start + Math.max(0, bytes) - 1;
        if (range.hasEnd()) {
            end = Math.min(end, range.end());
        } else if (range.hasTotal()) {
            end = Math.min(end, range.total());
        }
        return new ByteRange(start, Math.max(end, start - 1), range.total());
    }

    /**
     * {@code request}'s start line and headers with another transaction id and new paths,
     * everything else (header order, unknown headers) kept, with Byte-Range {@code range} (put
     * after the paths when the request had none) unless that is null.
     */
    static MsrpChunk rewrite(MsrpChunk request, String transactionId, List<MsrpUri> toPath, List<MsrpUri> fromPath,
            ByteRange range) {
        MsrpChunk out = MsrpChunk.request(transactionId, request.method());
        boolean ranged = false;
        for (MsrpHeader<?> h : request.headers()) {
            switch (h.name()) {
                case ToPathHeader.NAME -> out.addHeader(new ToPathHeader(toPath));
                case FromPathHeader.NAME -> out.addHeader(new FromPathHeader(fromPath));
                case ByteRangeHeader.NAME -> {
                    out.headers().add(range == null ? h : new ByteRangeHeader(range));
                    ranged = true;
                }
                default -> out.headers().add(h);
            }
        }
        if (range != null && !ranged) {
            out.addHeader(new ByteRangeHeader(range));
        }
        return out;
    }

    /**
     * The response to pass back for a forwarded request other than SEND (e.g. an AUTH to an outer
     * relay): the next hop's code, comment and headers, addressed to the previous hop.
     */
    static MsrpChunk routeBack(MsrpChunk original, MsrpChunk nextHopResponse) {
        MsrpChunk r = response(original, nextHopResponse.code(), nextHopResponse.comment());
        if (r == null) {
            return null;
        }
        for (MsrpHeader<?> h : nextHopResponse.headers()) {
            if (!h.name().equals(ToPathHeader.NAME) && !h.name().equals(FromPathHeader.NAME)) {
                r.headers().add(h);
            }
        }
        return r;
    }
}
