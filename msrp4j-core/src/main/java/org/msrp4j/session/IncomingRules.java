package org.msrp4j.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.UseNicknameHeader;

/**
 * What a session answers to the requests it reads (RFC 4975 §7.3, RFC 7701 for NICKNAME), without
 * I/O: from a request (and, for those delivered, whether the application took it) to the responses
 * and REPORTs to send and what to do with the request. SEND requests are checked in this order: paths
 * (481), Content-Type against the accepted types (415), a message refused by the application (413
 * or its code); then delivered and answered 200, or refused as a whole (413) when the application
 * did not take them. A refusal is answered at once; the rest of the chunk is dropped, and the failure
 * REPORT it asks for goes out when its last segment has arrived. Used by the reader holding the read
 * role only, so not thread-safe (the {@link Refusals} it consults are).
 */
final class IncomingRules {

    /** What the session does with a request once the replies of its {@link Verdict} are queued. */
    enum Action {
        /** Nothing more: answered (or dropped) already. */
        NONE,
        /** Hand it to the application, then ask {@link #delivered} what to answer. */
        DELIVER,
        /** A REPORT: settle the outcome it is about and hand it to the application; never answered. */
        REPORT,
        /** A method this side does not know: ask the application, then {@link #answered}. */
        ASK
    }

    /**
     * The replies a request gets now and what to do with it next.
     *
     * @param replies responses and REPORTs to send, in order
     * @param action what the session does with the request next
     */
    record Verdict(List<MsrpChunk> replies, Action action) {
    }

    /** Makes the response to a request, or null when RFC 4975 wants none (the transport's rule). */
    @FunctionalInterface
    interface Responder {
        MsrpChunk response(MsrpChunk request, int code, String comment);
    }

    /** Makes a REPORT on bytes {@code start}..{@code end} of a message, addressed along the session. */
    @FunctionalInterface
    interface Reporter {
        MsrpChunk report(String messageId, long start, long end, long total, Status status);
    }

    static final Status STOP = new Status(413, "Stop sending message");

    private final Function<MsrpChunk, Optional<Status>> pathCheck;
    private final Predicate<String> acceptedType;
    private final Refusals refusals;
    private final Responder responder;
    private final Reporter reporter;

    /** The transaction whose later segments are dropped: answered already with an error. */
    private String rejectedTransaction;
    /** The failure REPORT owed once {@link #rejectedTransaction}'s last segment has arrived. */
    private Status deferredReport;
    /** The first byte of the chunk whose segments are arriving. */
    private long chunkStart;

    /**
     * @param pathCheck the status a SEND's paths call for (481, 400), or empty when they are right
     * @param acceptedType whether a Content-Type is accepted (else 415)
     * @param refusals the messages the application refused
     * @param responder makes responses
     * @param reporter makes REPORTs
     */
    IncomingRules(Function<MsrpChunk, Optional<Status>> pathCheck, Predicate<String> acceptedType,
            Refusals refusals, Responder responder, Reporter reporter) {
        this.pathCheck = pathCheck;
        this.acceptedType = acceptedType;
        this.refusals = refusals;
        this.responder = responder;
        this.reporter = reporter;
    }

    /** The replies {@code request} gets before the application sees it, and what to do next. */
    Verdict onRequest(MsrpChunk request) {
        List<MsrpChunk> replies = new ArrayList<>(2);
        Action action = switch (request.method()) {
            case "SEND" -> onSend(request, replies);
            case "REPORT" -> Action.REPORT;
            case "NICKNAME" -> {
                if (request.header(UseNicknameHeader.NAME) == null) {
                    respond(request, 400, "Use-Nickname is required", replies);
                    yield Action.NONE;
                }
                yield Action.DELIVER;
            }
            default -> Action.ASK;
        };
        return new Verdict(replies, action);
    }

    /**
     * The replies to a SEND or NICKNAME that {@link #onRequest} had delivered, {@code taken} telling
     * whether the application took it (a handler that threw did not).
     */
    List<MsrpChunk> delivered(MsrpChunk request, boolean taken) {
        List<MsrpChunk> replies = new ArrayList<>(2);
        if ("NICKNAME".equals(request.method())) {
            if (taken) {
                respond(request, 200, "OK", replies);
            } else {
                respond(request, 403, "the application failed to take the nickname", replies);
            }
            return replies;
        }
        String messageId = request.messageId();
        if (!taken && messageId != null) {
            refusals.refuse(messageId, STOP);
        }
        Status refused = refusals.statusOf(messageId);
        if (!taken || refused != null) {
            // refused while the chunk arrives: answered now, its rest read and dropped (RFC 4975 §7.3.1)
            reject(request, refused != null ? refused : STOP, replies);
            return replies;
        }
        if (request.hasMoreSegments()) {
            return replies;
        }
        respond(request, 200, "OK", replies);
        if (request.successReport() == ReportMode.YES) {
            report(request, new Status(200, "OK"), chunkStart, replies);
        }
        return replies;
    }

    /**
     * The reply to a request of another method: the application's {@code answer} (e.g. to
     * sipsimple's FILE_OFFSET) when it is a response to it, 501 when there is none, 500 when the
     * application failed ({@code failed}) or answered with something else.
     */
    List<MsrpChunk> answered(MsrpChunk request, MsrpChunk answer, boolean failed) {
        List<MsrpChunk> replies = new ArrayList<>(1);
        if (failed || answer != null && !isAnswerTo(request, answer)) {
            respond(request, 500, "the application failed to answer", replies);
        } else if (answer == null) {
            respond(request, 501, "Unknown method", replies);
        } else {
            replies.add(answer);
        }
        return replies;
    }

    /** Whether {@code answer} is a response to {@code request}. */
    static boolean isAnswerTo(MsrpChunk request, MsrpChunk answer) {
        return answer.isResponse() && request.transactionId().equals(answer.transactionId());
    }

    private Action onSend(MsrpChunk chunk, List<MsrpChunk> replies) {
        if (chunk.segment() > 1 && chunk.transactionId().equals(rejectedTransaction)) {
            // the rest of a chunk answered already with an error: read and dropped
            if (!chunk.hasMoreSegments()) {
                rejectedTransaction = null;
                if (deferredReport != null) {
                    report(chunk, deferredReport, chunkStart, replies);
                    deferredReport = null;
                }
            }
            return Action.NONE;
        }
        if (chunk.segment() <= 1) {
            ByteRange range = chunk.byteRange();
            chunkStart = range == null ? 1 : range.start();
            Status error = pathCheck.apply(chunk).orElse(null);
            if (error == null && chunk.contentType() != null && !acceptedType.test(chunk.contentType())) {
                error = new Status(415, "Content-Type " + chunk.contentType() + " is not accepted");
            }
            if (error == null) {
                error = refusals.statusOf(chunk.messageId());
            }
            if (error != null) {
                reject(chunk, error, replies);
                return Action.NONE;
            }
            if (!chunk.hasBody() && chunk.continuation() == Continuation.END) {
                respond(chunk, 200, "OK", replies);
                return Action.NONE;
            }
        }
        if (refusals.isRefused(chunk.messageId())) {
            replies.addAll(delivered(chunk, false));
            return Action.NONE;
        }
        return Action.DELIVER;
    }

    /**
     * Answers {@code chunk} (the first of its segments to be refused) with {@code error}, drops the
     * rest of it, and sends a failure REPORT on all of it once it has arrived, under Failure-Report
     * {@code yes}, for the first refused chunk of a message only: one failure per message.
     */
    private void reject(MsrpChunk chunk, Status error, List<MsrpChunk> replies) {
        respond(chunk, error.code(), error.comment(), replies);
        boolean failureReport = error.code() != 481 && chunk.failureReport() == ReportMode.YES
                && chunk.continuation() != Continuation.ABORT && refusals.firstFailure(chunk.messageId());
        if (chunk.hasMoreSegments()) {
            rejectedTransaction = chunk.transactionId();
            deferredReport = failureReport ? error : null;
        } else if (failureReport) {
            report(chunk, error, chunkStart, replies);
        }
    }

    private void respond(MsrpChunk request, int code, String comment, List<MsrpChunk> replies) {
        MsrpChunk response = responder.response(request, code, comment);
        if (response != null) {
            replies.add(response);
        }
    }

    /**
     * A REPORT on the bytes {@code start} .. the end of {@code chunk} (its last segment): the end its
     * Byte-Range names, or, when that is {@code *}, the last byte it carried.
     */
    private void report(MsrpChunk chunk, Status status, long start, List<MsrpChunk> replies) {
        ByteRange range = chunk.byteRange();
        if (chunk.messageId() == null || range == null) {
            return;
        }
        long end = range.hasEnd() ? range.end() : range.start() + chunk.size() - 1;
        if (end < start) {
            return;
        }
        replies.add(reporter.report(chunk.messageId(), start, end, range.total(), status));
    }
}
