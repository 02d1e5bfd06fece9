package org.msrp4j.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import org.msrp4j.screen.RfbRole;
import org.msrp4j.screen.ScreenSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code msrp view-screen}: shows a peer's shared screen to a local VNC viewer, RFB over MSRP. */
@Command(name = "view-screen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Views a peer's shared screen: offers a local TCP port that a VNC viewer connects to, and "
                + "carries its RFB (RFC 6143) over MSRP to the peer, as AG Projects' sipsimple does "
                + "(m=application, a=accept-types:application/x-rfb, a=rfbsetup:active for this side, the "
                + "viewer). The peer runs 'msrp share-screen' or another client of that kind.",
            "",
            "The two sides exchange SDP media descriptions as with 'msrp share-screen': without the peer's "
                    + "offer this side offers and reads the answer from stdin up to an empty line; given the "
                    + "peer's offer (an argument or --remote-sdp) it prints its answer and waits for the peer.",
            "",
            "The port for the VNC viewer (loopback only) is said on stderr: 'a VNC viewer may connect to "
                    + "127.0.0.1 port N'. One viewer is taken; the session ends when it or the peer closes, or "
                    + "stdin ends (Ctrl-D)."},
        footer = {"", "Examples:", "  msrp view-screen --port 5901 \"$(cat offer.sdp)\"; vncviewer 127.0.0.1::5901",
            "  msrp view-screen > offer.sdp        # offers; then paste the sharer's answer",
            "", "Exit codes: see 'msrp --help' (5: no viewer connected in time)."})
final class ViewScreenCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "Local port (on 127.0.0.1) the VNC viewer connects to; 0 (the default) picks a free one.")
    private int port;

    @Mixin
    private ScreenSession.Options options;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCode.USAGE, "--port must be 0 to 65535, not " + port);
        }
        InetSocketAddress viewer = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        return new ScreenSession(spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(RfbRole.VIEWER, options, ScreenSettings.builder().viewerAddress(viewer));
    }
}
