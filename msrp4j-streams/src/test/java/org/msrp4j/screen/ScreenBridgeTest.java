package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.StreamException;

/**
 * The bridging itself, with a test socket in place of the VNC server and another as the viewer:
 * byte order over many chunks both ways, backpressure from a viewer that stops reading, and the
 * clean end from each of the four places it can come from.
 */
class ScreenBridgeTest {

    private ServerSocket vnc;
    private ScreenPair pair;

    @BeforeEach
    void listen() throws IOException {
        vnc = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        vnc.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
    }

    @AfterEach
    void close() throws Exception {
        if (pair != null) {
            pair.close();
        }
        vnc.close();
    }

    private InetSocketAddress vncAddress() {
        return (InetSocketAddress) vnc.getLocalSocketAddress();
    }

    /** Starts the pair, accepts the server stream's connection to the VNC socket. */
    private Socket start(RfbRole offering, ScreenSettings settings) throws Exception {
        pair = ScreenPair.started(offering, vncAddress(), settings);
        Socket vncSide = vnc.accept();
        vncSide.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
        pair.serverEvents.next(ScreenEvents.Connected.class);
        return vncSide;
    }

    private static <T> T within(CompletableFuture<T> f) throws Exception {
        return f.get(ScreenEvents.WAIT.toSeconds() * 2, TimeUnit.SECONDS);
    }

    private static CompletableFuture<Void> async(IoTask task) {
        return CompletableFuture.runAsync(() -> {
            try {
                task.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }

    @ParameterizedTest
    @EnumSource(RfbRole.class)
    void bytesKeepTheirOrderBothWaysOverThousandsOfChunks(RfbRole offering) throws Exception {
        ScreenSettings settings = ScreenSettings.builder().chunkSize(1000).window(4).receiveBuffer(8 * 1024).build();
        try (Socket vncSide = start(offering, settings); Socket viewerSide = pair.connectViewer()) {
            long down = 4L * 1024 * 1024;
            long up = 1024 * 1024;
            AtomicLong ignored = new AtomicLong();
            CompletableFuture<Void> screen = async(() -> Bytes.write(vncSide.getOutputStream(), 1, down, ignored));
            CompletableFuture<Void> input = async(() -> Bytes.write(viewerSide.getOutputStream(), 2, up, ignored));
            CompletableFuture<Void> seen = async(() -> Bytes.verify(viewerSide.getInputStream(), 1, down));
            CompletableFuture<Void> typed = async(() -> Bytes.verify(vncSide.getInputStream(), 2, up));
            within(CompletableFuture.allOf(screen, input, seen, typed));
            assertThat(pair.server.isStarted()).isTrue();
            assertThat(pair.viewer.isStarted()).isTrue();
        }
    }

    @Test
    void aViewerThatStopsReadingStopsTheServerSideReadingItsVncServer() throws Exception {
        int buffer = 64 * 1024;
        ScreenSettings settings = ScreenSettings.builder().chunkSize(16 * 1024).window(4).receiveBuffer(buffer).build();
        long total = 96L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (Socket vncSide = start(RfbRole.SERVER, settings); Socket viewerSide = pair.connectViewer()) {
            CompletableFuture<Void> screen = async(() -> Bytes.write(vncSide.getOutputStream(), 3, total, written));
            long stalledAt = awaitStall(written);
            System.out.printf("screen backpressure: the VNC side stalled after %,d of %,d bytes%n", stalledAt, total);
            assertThat(stalledAt).as("bytes the VNC server could write while the viewer read nothing")
                    .isLessThan(total / 3);
            assertThat(pair.viewer.queuedForTcp()).isLessThanOrEqualTo(buffer);
            assertThat(screen).isNotDone();
            assertThat(pair.server.isStarted()).isTrue();
            assertThat(pair.viewer.isStarted()).isTrue();
            Bytes.verify(viewerSide.getInputStream(), 3, total);
            within(screen);
        }
    }

    @Test
    void aViewerThatTakesNothingForTheResponseTimeoutFailsRatherThanHangs() throws Exception {
        SessionSettings quick = SessionSettings.builder().responseTimeout(Duration.ofSeconds(1)).build();
        ScreenSettings settings = ScreenSettings.builder().sessionSettings(quick).window(4).receiveBuffer(64 * 1024)
                .build();
        try (Socket vncSide = start(RfbRole.SERVER, settings); Socket viewerSide = pair.connectViewer()) {
            CompletableFuture<Void> screen = async(() -> Bytes.write(vncSide.getOutputStream(), 6, Long.MAX_VALUE,
                    new AtomicLong()));
            Exception failure = pair.viewerEvents.awaitFailure();
            assertThat(failure).isInstanceOf(ScreenException.class).hasMessageContaining("stalled");
            assertThat(pair.viewerEvents.next(ScreenEvents.Ended.class).reason()).isEqualTo(EndReason.FAILED);
            assertThat(pair.serverEvents.awaitEnd()).isIn(EndReason.PEER, EndReason.FAILED);
            assertThat(viewerSide.getInputStream().transferTo(OutputStream.nullOutputStream()))
                    .as("what the viewer stream held, then the end").isNotNegative();
            assertThatThrownBy(() -> within(screen)).as("the VNC side is closed").hasRootCauseInstanceOf(
                    IOException.class);
        }
    }

    /** Waits until {@code counter} stops moving for a while; returns where it stopped. */
    private static long awaitStall(AtomicLong counter) throws InterruptedException {
        long deadline = System.nanoTime() + ScreenEvents.WAIT.toNanos();
        long last = -1;
        int still = 0;
        while (System.nanoTime() < deadline) {
            long now = counter.get();
            still = now == last && now > 0 ? still + 1 : 0;
            if (still == 10) {
                return now;
            }
            last = now;
            Thread.sleep(100);
        }
        throw new AssertionError("the writer never stalled: " + counter.get() + " bytes written");
    }

    @Test
    void theVncServerClosingEndsBothStreamsAfterItsLastBytesArrive() throws Exception {
        try (Socket vncSide = start(RfbRole.SERVER, ScreenSettings.DEFAULT); Socket viewerSide = pair.connectViewer()) {
            Bytes.write(vncSide.getOutputStream(), 4, 300_000, new AtomicLong());
            vncSide.close();
            InputStream in = viewerSide.getInputStream();
            Bytes.verify(in, 4, 300_000);
            assertThat(in.read()).as("end of stream after the last byte").isEqualTo(-1);
            assertThat(pair.serverEvents.awaitEnd()).isEqualTo(EndReason.TCP_CLOSED);
            assertThat(pair.viewerEvents.awaitEnd()).isEqualTo(EndReason.PEER);
        }
    }

    @Test
    void theViewerClosingEndsBothStreamsAfterItsLastBytesArrive() throws Exception {
        try (Socket vncSide = start(RfbRole.VIEWER, ScreenSettings.DEFAULT); Socket viewerSide = pair.connectViewer()) {
            Bytes.write(viewerSide.getOutputStream(), 5, 50_000, new AtomicLong());
            viewerSide.close();
            InputStream in = vncSide.getInputStream();
            Bytes.verify(in, 5, 50_000);
            assertThat(in.read()).as("end of stream after the last byte").isEqualTo(-1);
            assertThat(pair.viewerEvents.awaitEnd()).isEqualTo(EndReason.TCP_CLOSED);
            assertThat(pair.serverEvents.awaitEnd()).isEqualTo(EndReason.PEER);
        }
    }

    @ParameterizedTest
    @EnumSource(RfbRole.class)
    void endOnEitherSideClosesBothTcpConnections(RfbRole ending) throws Exception {
        try (Socket vncSide = start(RfbRole.SERVER, ScreenSettings.DEFAULT); Socket viewerSide = pair.connectViewer()) {
            ScreenSharingStream local = ending == RfbRole.SERVER ? pair.server : pair.viewer;
            ScreenEvents localEvents = ending == RfbRole.SERVER ? pair.serverEvents : pair.viewerEvents;
            ScreenEvents remoteEvents = ending == RfbRole.SERVER ? pair.viewerEvents : pair.serverEvents;
            within(local.end());
            localEvents.next(ScreenEvents.WillEnd.class);
            assertThat(localEvents.next(ScreenEvents.Ended.class).reason()).isEqualTo(EndReason.LOCAL);
            assertThat(remoteEvents.awaitEnd()).isEqualTo(EndReason.PEER);
            assertThat(vncSide.getInputStream().read()).isEqualTo(-1);
            assertThat(viewerSide.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void anUnreachableVncServerFailsTheServerAndEndsTheViewer() throws Exception {
        InetSocketAddress gone = vncAddress();
        vnc.close();
        pair = new ScreenPair(RfbRole.VIEWER, ScreenSettings.builder().vncServer(gone).build(), ScreenSettings.DEFAULT);
        try {
            pair.startBoth();
        } catch (StreamException e) {
            // the server can fail, and close the connection, before the viewer's start() returns
            assertThat(e).hasMessageContaining("ended while it was starting");
        }
        InetSocketAddress viewerPort = pair.viewerPort;
        assertThat(viewerPort).isNotNull();
        Exception failure = pair.serverEvents.awaitFailure();
        assertThat(failure).isInstanceOf(ScreenException.class).hasMessageContaining("cannot be reached")
                .hasRootCauseInstanceOf(ConnectException.class);
        assertThat(pair.serverEvents.next(ScreenEvents.Ended.class).reason()).isEqualTo(EndReason.FAILED);
        assertThat(pair.viewerEvents.awaitEnd()).isEqualTo(EndReason.PEER);
        assertThat(pair.viewer.viewerAddress()).as("the viewer's listener is closed").isNull();
    }


    @Test
    void noViewerInTimeFailsTheViewerStream() throws Exception {
        ScreenSettings settings = ScreenSettings.builder().acceptTimeout(Duration.ofMillis(300)).build();
        pair = ScreenPair.started(RfbRole.SERVER, vncAddress(), settings);
        try (Socket vncSide = vnc.accept(); OutputStream out = vncSide.getOutputStream()) {
            vncSide.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
            out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            Exception failure = pair.viewerEvents.awaitFailure();
            assertThat(failure).isInstanceOf(ScreenException.class).hasMessageContaining("no viewer connected");
            assertThat(pair.serverEvents.awaitEnd()).isEqualTo(EndReason.PEER);
            assertThat(vncSide.getInputStream().read()).isEqualTo(-1);
        }
    }
}
