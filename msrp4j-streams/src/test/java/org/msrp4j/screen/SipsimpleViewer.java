package org.msrp4j.screen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.sdp.SdpAttribute;
import org.msrp4j.transport.MsrpTransport;

/**
 * A viewer that behaves on the wire as sipsimple's ScreenSharingStream does, built from core parts
 * so the test sees every chunk: it answers with {@code a=rfbsetup:active}, answers each SEND it
 * receives with {@code answerCode} (sipsimple: always 200), and sends its data as one message per
 * chunk with {@code Success-Report: no} and {@code Failure-Report: partial}.
 */
final class SipsimpleViewer implements AutoCloseable {

    private final AcceptorDirect acceptor = new AcceptorDirect();
    private final MsrpTransport transport;
    private final int answerCode;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<MsrpChunk> chunks = new ArrayList<>();

    private SipsimpleViewer(ScreenSharingStream server, int answerCode) throws Exception {
        this.answerCode = answerCode;
        MsrpMedia offer = MsrpMedia.parse(server.initialize().encode());
        List<MsrpUri> path = acceptor.prepare(MsrpUri.builder().host("127.0.0.1").port(0).build());
        MsrpMedia answer = OfferAnswer.answer(offer, path, MediaSettings.builder().media("application")
                .acceptTypes(List.of("application/x-rfb")).addAttribute(new SdpAttribute("rfbsetup", "active"))
                .build());
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                server.start(MsrpMedia.parse(answer.encode()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        try {
            transport = acceptor.complete(offer.path());
            started.get(ScreenEvents.WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            acceptor.cleanup();
            throw e;
        }
        Thread.ofVirtual().start(this::read);
    }

    /** Answers {@code server}'s offer and waits until it has started. */
    static SipsimpleViewer answering(ScreenSharingStream server, int answerCode) throws Exception {
        return new SipsimpleViewer(server, answerCode);
    }

    private void read() {
        try {
            while (true) {
                MsrpChunk chunk = transport.readChunk();
                if (!chunk.isRequest() || !"SEND".equals(chunk.method())) {
                    continue;
                }
                transport.writeResponse(chunk, answerCode, answerCode == 200 ? "OK" : "Invalid Content-Type");
                lock.lock();
                try {
                    chunks.add(chunk);
                    received.write(chunk.data());
                    arrived.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            lock.lock();
            try {
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Sends {@code data} as sipsimple's writer does: one message per chunk, reports off but failures. */
    void send(byte[] data) throws IOException {
        transport.writeChunk(transport.newChunk().contentType("application/x-rfb").data(data)
                .header(new SuccessReportHeader(ReportMode.NO)).header(new FailureReportHeader(ReportMode.PARTIAL))
                .build());
    }

    /** Waits until {@code count} bytes have arrived; returns them. */
    byte[] awaitBytes(int count) throws InterruptedException {
        long deadline = System.nanoTime() + ScreenEvents.WAIT.toNanos();
        lock.lock();
        try {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + received.size() + " of " + count + " bytes arrived");
                }
                arrived.awaitNanos(left);
            }
            return received.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    /** The SEND chunks received so far. */
    List<MsrpChunk> chunks() {
        lock.lock();
        try {
            return List.copyOf(chunks);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        transport.close();
        acceptor.cleanup();
    }
}
