package org.msrp4j.session;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.MsrpChunk;

/** The callback behind {@link MsrpSession#deliverChunk}: completes its future from the response. */
record Delivery(String transactionId, CompletableFuture<MsrpChunk> result) implements Consumer<MsrpChunk> {
    @Override
    public void accept(MsrpChunk response) {
        if (response.code() / 100 == 2) {
            result.complete(response);
        } else {
            result.completeExceptionally(new MsrpTransactionException(response.code(), response.comment(),
                    "transaction " + transactionId + " failed: " + response.code()
                            + (response.comment() == null ? "" : " " + response.comment())));
        }
    }
}
