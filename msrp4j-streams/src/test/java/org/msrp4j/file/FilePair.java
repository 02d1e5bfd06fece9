package org.msrp4j.file;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.testing.Async;

/**
 * An offering and an answering file transfer stream started against each other, their media
 * descriptions passed as SDP text (as SIP would carry them).
 */
final class FilePair implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    final FileTransferStream offerer;
    final FileTransferStream answerer;
    final FileEvents offererEvents;
    final FileEvents answererEvents;
    MsrpMedia offer;
    MsrpMedia answer;

    FilePair(FileTransferStream offerer, FileEvents offererEvents, FileTransferStream answerer,
            FileEvents answererEvents) {
        this.offerer = offerer;
        this.answerer = answerer;
        this.offererEvents = offererEvents;
        this.answererEvents = answererEvents;
    }

    /** Offer, answer, start both; returns once both have started. */
    FilePair start() throws Exception {
        offer = MsrpMedia.parse(offerer.initialize().encode());
        answer = MsrpMedia.parse(answerer.initialize(offer).encode());
        startBoth(offerer, answer, answerer, offer);
        return this;
    }

    /** Starts {@code offerer} with {@code answer} and {@code answerer} with {@code offer}, at once. */
    static void startBoth(FileTransferStream offerer, MsrpMedia answer, FileTransferStream answerer, MsrpMedia offer)
            throws Exception {
        CompletableFuture<Void> answererStarted = Async.async(() -> {
            answerer.start(offer);
            return null;
        });
        offerer.start(answer);
        Async.await(answererStarted, WAIT);
    }

    @Override
    public void close() throws Exception {
        CompletableFuture.allOf(offerer.end(), answerer.end()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
