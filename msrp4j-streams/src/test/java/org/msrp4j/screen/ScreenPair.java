package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;

/**
 * A screen's server stream and its viewer stream, one offering and the other answering, started
 * against each other with their SDP media descriptions passed as text (as SIP would carry them).
 */
final class ScreenPair implements AutoCloseable {

    final ScreenEvents serverEvents = new ScreenEvents();
    final ScreenEvents viewerEvents = new ScreenEvents();
    final ScreenSharingStream server;
    final ScreenSharingStream viewer;
    private final ScreenSharingStream offerer;
    private final ScreenSharingStream answerer;
    MsrpMedia offer;
    MsrpMedia answer;
    /** The viewer stream's TCP port, as it was once both were initialized. */
    InetSocketAddress viewerPort;

    ScreenPair(RfbRole offering, ScreenSettings serverSettings, ScreenSettings viewerSettings) {
        server = new ScreenSharingStream(offering == RfbRole.SERVER ? Role.OFFERER : Role.ANSWERER, RfbRole.SERVER,
                serverSettings, serverEvents);
        viewer = new ScreenSharingStream(offering == RfbRole.VIEWER ? Role.OFFERER : Role.ANSWERER, RfbRole.VIEWER,
                viewerSettings, viewerEvents);
        offerer = offering == RfbRole.SERVER ? server : viewer;
        answerer = offering == RfbRole.SERVER ? viewer : server;
    }

    /** A pair whose server bridges {@code vnc}; started, both past {@code didStart}. */
    static ScreenPair started(RfbRole offering, InetSocketAddress vnc, ScreenSettings settings) throws Exception {
        ScreenPair pair = new ScreenPair(offering, settings.toBuilder().vncServer(vnc).build(), settings);
        try {
            pair.start();
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    void start() throws Exception {
        startBoth();
        serverEvents.next(ScreenEvents.Initialized.class);
        serverEvents.next(ScreenEvents.Started.class);
        viewerEvents.next(ScreenEvents.Initialized.class);
        viewerEvents.next(ScreenEvents.Started.class);
    }

    /** Exchanges the descriptions and starts both streams, the answerer on a thread of its own. */
    void startBoth() throws Exception {
        offer = MsrpMedia.parse(offerer.initialize().encode());
        answer = MsrpMedia.parse(answerer.initialize(offer).encode());
        viewerPort = viewer.viewerAddress();
        CompletableFuture<Void> answererStarted = CompletableFuture.runAsync(() -> {
            try {
                answerer.start(offer);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        try {
            offerer.start(answer);
        } finally {
            try {
                answererStarted.get(ScreenEvents.WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /** Connects a viewer to the viewer stream's port and waits for {@code didConnect}. */
    Socket connectViewer() throws Exception {
        InetSocketAddress at = viewer.viewerAddress();
        assertThat(at).as("the viewer's port").isNotNull();
        Socket s = new Socket(InetAddress.getLoopbackAddress(), at.getPort());
        s.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
        ScreenEvents.Connected connected = viewerEvents.next(ScreenEvents.Connected.class);
        assertThat(connected.peer().getPort()).isEqualTo(s.getLocalPort());
        return s;
    }

    @Override
    public void close() throws Exception {
        CompletableFuture.allOf(server.end(), viewer.end()).get(ScreenEvents.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
