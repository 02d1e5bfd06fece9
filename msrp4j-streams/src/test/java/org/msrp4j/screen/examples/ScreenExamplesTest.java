package org.msrp4j.screen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.msrp4j.screen.EndReason;

/**
 * Runs the README's example on loopback: a socket stands in for the VNC server (it greets with
 * its RFB ProtocolVersion) and another for the viewer, which reads the greeting and closes.
 */
class ScreenExamplesTest {

    private static final byte[] GREETING = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shareAndView() throws Exception {
        try (ServerSocket vnc = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            vnc.setSoTimeout(30_000);
            CompletableFuture<Void> vncServer = CompletableFuture.runAsync(() -> {
                try (Socket s = vnc.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(GREETING);
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> Thread.ofVirtual().start(runnable));
            Signalling sip = new Signalling();
            CompletableFuture<EndReason> sharing = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    sharing.complete(ShareScreen.run(sip, (InetSocketAddress) vnc.getLocalSocketAddress()));
                } catch (Exception e) {
                    sharing.completeExceptionally(e);
                }
            });
            CompletableFuture<byte[]> seen = new CompletableFuture<>();
            EndReason viewing = ViewScreen.run(sip, at -> Thread.ofVirtual().start(() -> {
                try (Socket viewer = new Socket(at.getAddress(), at.getPort())) {
                    byte[] greeting = new byte[GREETING.length];
                    new DataInputStream(viewer.getInputStream()).readFully(greeting);
                    seen.complete(greeting);
                } catch (IOException e) {
                    seen.completeExceptionally(e);
                }
            }));
            assertThat(seen.get(30, TimeUnit.SECONDS)).isEqualTo(GREETING);
            assertThat(viewing).as("the viewer closed").isEqualTo(EndReason.TCP_CLOSED);
            assertThat(sharing.get(30, TimeUnit.SECONDS)).as("the viewing side ended").isEqualTo(EndReason.PEER);
            vncServer.get(30, TimeUnit.SECONDS);
        }
    }
}
