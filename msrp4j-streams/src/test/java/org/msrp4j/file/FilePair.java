package org.msrp4j.file;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.sdp.MsrpMedia;

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
        CompletableFuture<Void> answererStarted = CompletableFuture.runAsync(() -> {
            try {
                answerer.start(offer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        offerer.start(answer);
        answererStarted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    @Override
    public void close() throws Exception {
        CompletableFuture.allOf(offerer.end(), answerer.end()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
