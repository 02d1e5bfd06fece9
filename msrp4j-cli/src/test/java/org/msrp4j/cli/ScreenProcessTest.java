package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.screen.RfbClient;
import org.msrp4j.screen.VncFixture;

/**
 * {@code msrp share-screen} and {@code msrp view-screen} as two processes exchanging SDP, with a
 * real VNC server (x11vnc on Xvfb showing one colour, {@link VncFixture}) behind the sharer and an
 * RFB client ({@link RfbClient}) on the viewer's port that completes the handshake and reads the
 * whole screen: every pixel must be the colour.
 */
class ScreenProcessTest {

    private static final Pattern RELAY_LISTENING = Pattern.compile("listening on msrps://127\\.0\\.0\\.1:(\\d+);tcp");
    private static final Pattern VIEWER_PORT =
            Pattern.compile("a VNC viewer may connect to 127\\.0\\.0\\.1 port (\\d+)");

    @TempDir
    static Path runDir;
    private static VncFixture vnc;

    @AfterAll
    static void stopVnc() throws Exception {
        if (vnc != null) {
            vnc.close();
        }
    }

    private static VncFixture vnc() throws Exception {
        if (vnc == null) {
            vnc = VncFixture.start(runDir);
        }
        return vnc;
    }

    @ParameterizedTest(name = "the sharer offers: {0}")
    @ValueSource(booleans = {true, false})
    void aVncViewerSeesTheSharedScreenThroughBothProcesses(boolean sharerOffers) throws Exception {
        VncFixture server = vnc();
        String[] share = {"share-screen", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1", "--vnc",
            "127.0.0.1:" + server.port};
        String[] view = {"view-screen", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1"};
        try (CliProcess offerer = CliProcess.start(sharerOffers ? share : view)) {
            String offer = description(offerer);
            assertThat(offer).startsWith("m=application ").contains("a=accept-types:application/x-rfb")
                    .contains("a=rfbsetup:" + (sharerOffers ? "passive" : "active"));
            try (CliProcess answerer = CliProcess.start(with(sharerOffers ? view : share, offer))) {
                String answer = description(answerer);
                assertThat(answer).contains("a=rfbsetup:" + (sharerOffers ? "active" : "passive"));
                for (String line : answer.lines().toList()) {
                    offerer.type(line);
                }
                offerer.type("");
                CliProcess viewing = sharerOffers ? answerer : offerer;
                CliProcess sharing = sharerOffers ? offerer : answerer;
                seesTheScreen(viewing, server);
                assertThat(viewing.exitCode()).as(viewing.stderr()).isZero();
                assertThat(viewing.stderr()).contains("a viewer connected from 127.0.0.1")
                        .contains("the viewer closed its connection: session closed");
                assertThat(sharing.exitCode()).as(sharing.stderr()).isZero();
                assertThat(sharing.stderr()).contains("connected to the VNC server at 127.0.0.1 port " + server.port)
                        .contains("the peer closed the session");
            }
        }
    }

    /**
     * The viewer answers from behind {@code msrp relay}; the sharer, over TLS, connects to the relay's
     * path. When the viewer leaves, the relay answers the sharer's next data 481: exit 8, as for
     * {@code msrp send}.
     */
    @Test
    void theViewerAnswersThroughTheRelay() throws Exception {
        VncFixture server = vnc();
        Path config = Files.writeString(runDir.resolve("relay.properties"), """
                listen = msrps://127.0.0.1:0
                realm = test.example
                users.file = users.txt
                """);
        Files.writeString(runDir.resolve("users.txt"), "carol:pass\n");
        try (CliProcess relay = CliProcess.start("relay", "--config", config.toString())) {
            Matcher listening = RELAY_LISTENING.matcher(relay.awaitOut(l -> RELAY_LISTENING.matcher(l).matches()));
            assertThat(listening.matches()).isTrue();
            String relayHost = "127.0.0.1:" + listening.group(1);
            String fingerprint = relay.awaitOut(l -> l.startsWith("certificate fingerprint: "))
                    .substring("certificate fingerprint: ".length());
            try (CliProcess sharing = CliProcess.start("share-screen", "--timeout", CliProcess.PATIENT, "--host",
                    "127.0.0.1", "--tls", "--vnc", "127.0.0.1:" + server.port)) {
                String offer = description(sharing);
                try (CliProcess viewing = CliProcess.start("view-screen", "--timeout", CliProcess.PATIENT, "--relay",
                        "carol:pass@" + relayHost, "--fingerprint", fingerprint, offer)) {
                    String answer = description(viewing);
                    assertThat(answer).contains("\na=path:msrps://" + relayHost + "/");
                    for (String line : answer.lines().toList()) {
                        sharing.type(line);
                    }
                    sharing.type("");
                    seesTheScreen(viewing, server);
                    assertThat(viewing.exitCode()).as(viewing.stderr()).isZero();
                    // Through the relay the sharer learns of the viewer's end only when it sends again (the
                    // relay answers 481); whatever x11vnc still sends may come first, or the end of input.
                    sharing.endInput();
                    int code = sharing.exitCode();
                    if (code == ExitCode.LOST) {
                        assertThat(sharing.stderr()).contains(": 481").contains("the peer's session is gone");
                    } else {
                        assertThat(code).as(sharing.stderr()).isZero();
                        assertThat(sharing.stderr()).contains("end of input: session closed");
                    }
                }
            }
        }
    }

    @Test
    void twoSharersCannotMeet() throws Exception {
        try (CliProcess offerer = CliProcess.start("share-screen", "--timeout", CliProcess.PATIENT, "--host",
                "127.0.0.1")) {
            CliProcess answerer = CliProcess.run("share-screen", "--host", "127.0.0.1", description(offerer));
            assertThat(answerer.exitValue()).isEqualTo(ExitCode.USAGE);
            assertThat(answerer.stderr()).startsWith("msrp share-screen: the peer's media description cannot be used: ")
                    .contains("a=rfbsetup:passive");
        }
    }

    @Test
    void aViewerWithoutAVncServerFailsToConnect() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        try (CliProcess offerer = CliProcess.start("view-screen", "--timeout", CliProcess.PATIENT, "--host",
                "127.0.0.1");
                CliProcess answerer = CliProcess.start("share-screen", "--timeout", CliProcess.PATIENT, "--host",
                        "127.0.0.1", "--vnc", "127.0.0.1:" + closed, description(offerer))) {
            for (String line : description(answerer).lines().toList()) {
                offerer.type(line);
            }
            offerer.type("");
            assertThat(answerer.exitCode()).as(answerer.stderr()).isEqualTo(ExitCode.CONNECT);
            assertThat(answerer.stderr()).contains("msrp share-screen: the VNC server at ");
        }
    }

    /** An RFB client on the viewer's port completes the handshake and reads the whole screen in the colour. */
    private static void seesTheScreen(CliProcess viewing, VncFixture server) throws Exception {
        Matcher port = VIEWER_PORT.matcher(viewing.awaitErr(l -> VIEWER_PORT.matcher(l).lookingAt()));
        assertThat(port.lookingAt()).isTrue();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1)))) {
            RfbClient rfb = new RfbClient(socket);
            rfb.handshake();
            assertThat(rfb.width()).isEqualTo(server.width);
            assertThat(rfb.height()).isEqualTo(server.height);
            int[] pixels = rfb.readScreen();
            long wrong = IntStream.of(pixels).filter(p -> p != server.colour).count();
            assertThat(wrong).as("pixels not #%06x", server.colour).isZero();
        }
    }

    /** The media description the process printed: its stdout lines up to the first empty one. */
    private static String description(CliProcess p) throws InterruptedException {
        p.awaitOut(String::isEmpty);
        List<String> lines = new ArrayList<>();
        for (String l : p.stdout().lines().toList()) {
            if (l.isEmpty()) {
                break;
            }
            lines.add(l);
        }
        return String.join("\n", lines);
    }

    private static String[] with(String[] args, String last) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(last);
        return all.toArray(String[]::new);
    }
}
