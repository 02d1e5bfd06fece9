package org.msrp4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The RFC 5547 offer/answer of {@code msrp send FILE --to PATH} and {@code msrp receive}, carried
 * in-band on the connection they bound, before the file transfer stream starts on it:
 *
 * <ol>
 *   <li>the sender SENDs its offer, one SDP media description ({@code m=message}, {@code
 *       a=sendonly}, {@code a=file-selector} with name, type, size and {@code hash:sha-1}, {@code
 *       a=file-range}, the SHA-256 as {@code a=x-msrp4j-sha-256}), Content-Type {@value #TYPE};
 *   <li>the receiver answers that SEND 200 and SENDs its answer the same way ({@code a=recvonly},
 *       {@code a=file-range} from the first byte it does not hold), or refuses the offer with 413
 *       and the reason as the response's comment;
 *   <li>the sender answers 200 (which the receiver's stream session takes), and both start the
 *       stream: the file's bytes from the answer's range
 *       as one message, which the receiver checks (SHA-1 and SHA-256) before it answers the last
 *       chunk: 200, or 400 {@code mismatch sha-256=HEX}.
 * </ol>
 *
 * <p>A description is one complete chunk of at most {@value #MAX_BYTES} bytes; anything else the
 * peer sends meanwhile is answered 415 (another type) or 413 (too large) and ends the exchange.
 */
final class InBandSdp {

    /** The Content-Type of the offer and the answer. */
    static final String TYPE = "application/sdp";
    /** The largest description taken. */
    static final int MAX_BYTES = 16 * 1024;

    private final MsrpTransport transport;
    private final long deadline;

    /** The exchange on {@code transport}, done within {@code timeout}. */
    InBandSdp(MsrpTransport transport, Duration timeout) {
        this.transport = transport;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** The sender's side: sends {@code offer}, returns the receiver's answer. */
    MsrpMedia offer(MsrpMedia offer) throws IOException, CliException {
        MsrpChunk request = send(offer);
        MsrpChunk response = next();
        while (!response.isResponse() || !response.transactionId().equals(request.transactionId())) {
            refuseUnexpected(response);
            response = next();
        }
        if (response.code() != 200) {
            throw new CliException(response.code() == 413 ? ExitCode.REFUSED : ExitCode.FAILURE,
                    "the receiver refused the file: " + PeerText.display(String.valueOf(response.comment())));
        }
        MsrpChunk answer = next();
        MsrpMedia media = description(answer, "answer");
        transport.writeResponse(answer, 200, "OK");
        return media;
    }

    /** The receiver's side: waits for the sender's SEND and returns it (its description: {@link #description}). */
    MsrpChunk awaitOffer() throws IOException, CliException {
        return next();
    }

    /**
     * The description in {@code request}, a SEND of {@value #TYPE}; anything else is answered 415
     * or 413 and fails the exchange.
     */
    MsrpMedia description(MsrpChunk request, String what) throws IOException, CliException {
        if (request.isResponse() || !"SEND".equals(request.method())) {
            refuseUnexpected(request);
            throw new CliException(ExitCode.FAILURE, "the peer sent " + request.method() + " instead of its "
                    + what);
        }
        String type = request.contentType();
        if (type == null || !type.strip().regionMatches(true, 0, TYPE, 0, TYPE.length())) {
            transport.writeResponse(request, 415, "an " + TYPE + " " + what + " comes first");
            throw new CliException(ExitCode.FAILURE, "the peer sent no file " + what + " but "
                    + PeerText.display(String.valueOf(type)));
        }
        if (request.hasMoreSegments() || request.segment() > 1 || request.continuation() != Continuation.END
                || request.data().length > MAX_BYTES) {
            transport.writeResponse(request, 413, "a description is one chunk of at most " + MAX_BYTES + " bytes");
            throw new CliException(ExitCode.FAILURE, "the peer's " + what + " is not one chunk of at most "
                    + MAX_BYTES + " bytes");
        }
        try {
            return MsrpMedia.parse(new String(request.data(), StandardCharsets.UTF_8));
        } catch (SdpException e) {
            transport.writeResponse(request, 400, "bad media description");
            throw new CliException(ExitCode.FAILURE, "the peer's " + what + " is not a media description: "
                    + PeerText.display(Main.message(e)));
        }
    }

    /** The receiver's side: refuses the offer {@code request} with 413 and {@code reason}. */
    void refuse(MsrpChunk request, String reason) throws IOException {
        transport.writeResponse(request, 413, reason);
    }

    /**
     * The receiver's side: takes the offer {@code request} and sends {@code answer}. The sender's 200
     * to it reaches the stream's session, which starts at once (so that data sent right after it is
     * the stream's to judge) and ignores it.
     */
    void answer(MsrpChunk request, MsrpMedia answer) throws IOException {
        transport.writeResponse(request, 200, "OK");
        send(answer);
    }

    private MsrpChunk send(MsrpMedia media) throws IOException {
        MsrpChunk chunk = transport.newChunk().contentType(TYPE)
                .data(media.encode().getBytes(StandardCharsets.UTF_8)).build();
        transport.writeChunk(chunk);
        return chunk;
    }

    private void refuseUnexpected(MsrpChunk chunk) throws IOException {
        if (!chunk.isResponse() && "SEND".equals(chunk.method())) {
            transport.writeResponse(chunk, 415, "an " + TYPE + " description comes first");
        } else if (!chunk.isResponse()) {
            transport.writeResponse(chunk, 501, "not before the file transfer starts");
        }
    }

    private MsrpChunk next() throws IOException, CliException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new CliException(ExitCode.TIMEOUT, "the peer's media description did not come in time");
        }
        return transport.readChunk(MAX_BYTES + 1, Duration.ofNanos(left));
    }
}
