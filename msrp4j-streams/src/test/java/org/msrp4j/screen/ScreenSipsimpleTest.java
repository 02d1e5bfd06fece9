package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.sdp.Role;

/**
 * The server stream against a viewer shaped like sipsimple's on the wire ({@link SipsimpleViewer}):
 * its chunks under {@code Failure-Report: partial} reach the VNC server in order; ours reach it as
 * one message per chunk of {@code application/x-rfb}, whose 200s move the window; a refusal fails
 * the stream with its code.
 */
class ScreenSipsimpleTest {

    private ServerSocket vnc;
    private final ScreenEvents events = new ScreenEvents();
    private ScreenSharingStream server;

    @BeforeEach
    void listen() throws Exception {
        vnc = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        vnc.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
        server = new ScreenSharingStream(Role.OFFERER, RfbRole.SERVER, ScreenSettings.builder()
                .vncServer((InetSocketAddress) vnc.getLocalSocketAddress()).chunkSize(4096).window(2).build(), events);
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        vnc.close();
    }

    @Test
    void bytesFlowBothWaysWithSipsimplesFraming() throws Exception {
        try (SipsimpleViewer viewer = SipsimpleViewer.answering(server, 200); Socket vncSide = vnc.accept()) {
            vncSide.setSoTimeout((int) ScreenEvents.WAIT.toMillis());
            events.next(ScreenEvents.Initialized.class);
            events.next(ScreenEvents.Started.class);
            events.next(ScreenEvents.Connected.class);

            int down = 300_000;
            Bytes.write(vncSide.getOutputStream(), 9, down, new AtomicLong());
            Bytes.verify(new ByteArrayInputStream(viewer.awaitBytes(down)), 9, down);
            Set<String> messageIds = new HashSet<>();
            for (MsrpChunk c : viewer.chunks()) {
                assertThat(c.contentType()).isEqualTo("application/x-rfb");
                assertThat(c.data().length).isBetween(1, 4096);
                assertThat(c.byteRange().start()).isEqualTo(1);
                assertThat(c.byteRange().total()).isEqualTo(c.data().length);
                assertThat(c.continuation()).isEqualTo(Continuation.END);
                assertThat(c.successReport()).isNotEqualTo(ReportMode.YES);
                assertThat(c.failureReport()).isEqualTo(ReportMode.YES);
                messageIds.add(c.messageId());
            }
            assertThat(messageIds).as("one message per chunk, more than the window of 2")
                    .hasSize(viewer.chunks().size()).hasSizeGreaterThanOrEqualTo(down / 4096);

            int up = 100 * 1000;
            byte[] input = new byte[up];
            for (int i = 0; i < up; i++) {
                input[i] = Bytes.at(10, i);
            }
            for (int i = 0; i < up; i += 1000) {
                viewer.send(Arrays.copyOfRange(input, i, i + 1000));
            }
            Bytes.verify(vncSide.getInputStream(), 10, up);

            viewer.close();
            assertThat(events.awaitEnd()).isEqualTo(EndReason.PEER);
            assertThat(vncSide.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aRefusalFailsTheStreamWithItsCode() throws Exception {
        try (SipsimpleViewer viewer = SipsimpleViewer.answering(server, 415); Socket vncSide = vnc.accept()) {
            vncSide.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            Exception failure = events.awaitFailure();
            assertThat(failure).isInstanceOf(MsrpTransactionException.class);
            assertThat(((MsrpTransactionException) failure).code()).isEqualTo(415);
            assertThat(events.next(ScreenEvents.Ended.class).reason()).isEqualTo(EndReason.FAILED);
        }
    }
}
