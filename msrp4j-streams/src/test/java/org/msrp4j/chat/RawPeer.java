package org.msrp4j.chat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.transport.MsrpTransport;

/**
 * The answering side of a chat built from core parts only, so that a test controls every byte it
 * sends and whether it answers: it answers a {@link ChatStream}'s offer with the media settings it
 * is given, accepts its connection, and hands out the bound transport.
 */
final class RawPeer implements AutoCloseable {

    private final AcceptorDirect acceptor = new AcceptorDirect();
    final MsrpTransport transport;

    private RawPeer(ChatStream offerer, MediaSettings media) throws Exception {
        MsrpMedia offer = offerer.initialize();
        List<MsrpUri> path = acceptor.prepare(MsrpUri.builder().host("127.0.0.1").port(0).build());
        MsrpMedia answer = OfferAnswer.answer(offer, path, media);
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                offerer.start(MsrpMedia.parse(answer.encode()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        try {
            transport = acceptor.complete(offer.path());
            started.get(ChatPair.WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            acceptor.cleanup();
            throw e;
        }
    }

    /** Answers {@code offerer}'s offer with {@code media} and waits until it has started. */
    static RawPeer answering(ChatStream offerer, MediaSettings media) throws Exception {
        return new RawPeer(offerer, media);
    }

    @Override
    public void close() {
        transport.close();
        acceptor.cleanup();
    }
}
