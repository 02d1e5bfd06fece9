package org.msrp4j.examples;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.MsrpUri;

/**
 * Stands in for SIP in the examples: the offerer's {@code a=path} goes to the answerer and the
 * answerer's comes back. The offerer must not need the answer before the answerer has the offer,
 * as in SIP.
 */
final class SdpExchange {

    private final CompletableFuture<List<MsrpUri>> offer = new CompletableFuture<>();
    private final CompletableFuture<List<MsrpUri>> answer = new CompletableFuture<>();

    /** The offerer sends its path and waits for the answer's. */
    List<MsrpUri> offer(List<MsrpUri> offererPath) {
        offer.complete(offererPath);
        return answer.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The answerer waits for the offer's path and sends its own. */
    List<MsrpUri> answer(List<MsrpUri> answererPath) {
        answer.complete(answererPath);
        return offer.orTimeout(10, TimeUnit.SECONDS).join();
    }
}
