package org.msrp4j.screen.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Stands in for SIP: carries the SDP offer one way and the answer back. */
final class Signalling {

    private final CompletableFuture<String> offer = new CompletableFuture<>();
    private final CompletableFuture<String> answer = new CompletableFuture<>();

    /** Sends the offer (an INVITE) and waits for the answer (its 200 OK). */
    String invite(String sdp) throws Exception {
        offer.complete(sdp);
        return answer.get(30, TimeUnit.SECONDS);
    }

    /** Waits for an offer. */
    String awaitInvite() throws Exception {
        return offer.get(30, TimeUnit.SECONDS);
    }

    /** Sends the answer. */
    void answer(String sdp) {
        answer.complete(sdp);
    }
}
