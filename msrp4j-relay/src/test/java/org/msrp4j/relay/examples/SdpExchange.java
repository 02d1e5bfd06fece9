package org.msrp4j.relay.examples;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.MsrpUri;

/**
 * SIP's offer/answer, in memory: each side hands over its {@code a=path} and gets the other's,
 * waiting at most ten seconds for it.
 */
final class SdpExchange {

    private final CompletableFuture<List<MsrpUri>> offer = new CompletableFuture<>();
    private final CompletableFuture<List<MsrpUri>> answer = new CompletableFuture<>();

    /** The offerer's side: gives the offer's path, returns the answer's. */
    List<MsrpUri> offer(List<MsrpUri> offerPath) {
        offer.complete(offerPath);
        return answer.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The answerer's side: gives the answer's path, returns the offer's. */
    List<MsrpUri> answer(List<MsrpUri> answerPath) {
        answer.complete(answerPath);
        return offer.orTimeout(10, TimeUnit.SECONDS).join();
    }
}
