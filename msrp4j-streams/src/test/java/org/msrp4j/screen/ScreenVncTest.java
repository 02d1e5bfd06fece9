package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Screen sharing with real parts: x11vnc serving an Xvfb display of one known colour ({@link
 * VncFixture}), the server stream bridging it, the viewer stream between them over loopback, and an
 * RFB client ({@link RfbClient}) on the viewer's port that completes the handshake and reads the
 * whole screen in Raw encoding: every pixel must be the colour. The screen as the client saw it is
 * written to {@code target/screen-sharing/}.
 */
class ScreenVncTest {

    @TempDir
    static Path runDir;
    private static VncFixture vnc;

    @BeforeAll
    static void startVnc() throws Exception {
        vnc = VncFixture.start(runDir);
    }

    @AfterAll
    static void stopVnc() throws Exception {
        if (vnc != null) {
            vnc.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RfbRole.class)
    void anRfbClientOnTheViewerPortSeesTheSharedScreen(RfbRole offering) throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), vnc.port);
        try (ScreenPair pair = ScreenPair.started(offering, server, ScreenSettings.DEFAULT);
                Socket viewer = pair.connectViewer()) {
            RfbClient rfb = new RfbClient(viewer);
            rfb.handshake();
            pair.serverEvents.next(ScreenEvents.Connected.class);
            assertThat(rfb.width()).isEqualTo(vnc.width);
            assertThat(rfb.height()).isEqualTo(vnc.height);
            int[] pixels = rfb.readScreen();
            String name = "viewer-" + offering.name().toLowerCase(Locale.ROOT) + ".png";
            Path shot = screenshot(pixels, rfb.width(), rfb.height(), name);
            System.out.printf("screen sharing: %s, \"%s\" %dx%d through MSRP, seen in %s%n", rfb.serverVersion(),
                    rfb.name(), rfb.width(), rfb.height(), shot);
            int[] wrong = IntStream.range(0, pixels.length).filter(i -> pixels[i] != vnc.colour).toArray();
            assertThat(wrong).as("pixels not #%06x (the first at x=%d y=%d is #%06x)", vnc.colour,
                    wrong.length == 0 ? 0 : wrong[0] % rfb.width(), wrong.length == 0 ? 0 : wrong[0] / rfb.width(),
                    wrong.length == 0 ? 0 : pixels[wrong[0]]).isEmpty();
        }
    }

    private static Path screenshot(int[] pixels, int width, int height, String name) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, pixels, 0, width);
        Path dir = Path.of("target", "screen-sharing");
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file.toAbsolutePath();
    }
}
