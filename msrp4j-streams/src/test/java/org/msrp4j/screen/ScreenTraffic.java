package org.msrp4j.screen;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Starts a pair whose server bridges {@code vnc}, and moves checked bytes both ways through it at once. */
final class ScreenTraffic {

    private ScreenTraffic() {
    }

    /** Starts {@code pair}, then sends {@code down} bytes from the VNC side and {@code up} from the viewer. */
    static void exchange(ScreenPair pair, ServerSocket vnc, long down, long up) throws Exception {
        try (pair) {
            pair.start();
            try (Socket vncSide = vnc.accept(); Socket viewerSide = pair.connectViewer()) {
                vncSide.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
                pair.serverEvents.next(ScreenEvents.Connected.class);
                AtomicLong ignored = new AtomicLong();
                CompletableFuture.allOf(
                        io(() -> Bytes.write(vncSide.getOutputStream(), 7, down, ignored)),
                        io(() -> Bytes.write(viewerSide.getOutputStream(), 8, up, ignored)),
                        io(() -> Bytes.verify(viewerSide.getInputStream(), 7, down)),
                        io(() -> Bytes.verify(vncSide.getInputStream(), 8, up)))
                        .get(ScreenEvents.WAIT.toSeconds() * 2, TimeUnit.SECONDS);
            }
        }
    }

    private interface IoTask {
        void run() throws Exception;
    }

    private static CompletableFuture<Void> io(IoTask task) {
        return CompletableFuture.runAsync(() -> {
            try {
                task.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }
}
