package org.msrp4j.file.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for SIP in the examples: carries the offerer's SDP media description (as text) to the
 * answerer and the answer back, as an INVITE and its 200 OK would.
 */
final class Sip {

    private final CompletableFuture<String> offer = new CompletableFuture<>();
    private final CompletableFuture<String> answer = new CompletableFuture<>();

    /** The offerer sends its offer (the INVITE) and waits for the answer (the 200 OK). */
    String invite(String sdpOffer) {
        offer.complete(sdpOffer);
        return answer.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The answerer waits for the offer. */
    String incomingOffer() {
        return offer.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The answerer sends its answer. */
    void ok(String sdpAnswer) {
        answer.complete(sdpAnswer);
    }
}
