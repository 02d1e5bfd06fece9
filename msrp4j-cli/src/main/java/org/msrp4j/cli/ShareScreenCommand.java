package org.msrp4j.cli;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import org.msrp4j.screen.RfbRole;
import org.msrp4j.screen.ScreenSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code msrp share-screen}: shares the screen of a local VNC server with a peer, RFB over MSRP. */
@Command(name = "share-screen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shares a screen: bridges a local VNC server (RFB, RFC 6143) to a peer over MSRP, as AG "
                + "Projects' sipsimple does (m=application, a=accept-types:application/x-rfb, "
                + "a=rfbsetup:passive for this side, the RFB server). The peer runs 'msrp view-screen' or another "
                + "client of that kind, and its VNC viewer sees the screen.",
            "",
            "The two sides exchange SDP media descriptions. Without the peer's, this side offers: it prints its "
                    + "offer, ended by an empty line; give it to the peer (e.g. 'msrp view-screen \"$(cat "
                    + "offer.sdp)\"'), then paste the peer's answer and an empty line on stdin, and this side "
                    + "connects. Given the peer's offer (an argument or --remote-sdp), this side prints its "
                    + "answer and waits for the peer to connect.",
            "",
            "Once the MSRP session runs, this side connects to the VNC server (--vnc) and the bytes flow both "
                    + "ways until the VNC server or the peer closes, or stdin ends (Ctrl-D). Status lines go to "
                    + "stderr, the media description to stdout."},
        footer = {"", "Examples:", "  msrp share-screen --vnc 127.0.0.1:5900 > offer.sdp",
            "  msrp share-screen --vnc 127.0.0.1:5901 \"$(cat offer.sdp)\"     # answers a view-screen offer",
            "", "Exit codes: see 'msrp --help' (3: the VNC server cannot be reached)."})
final class ShareScreenCommand implements Callable<Integer> {

    @Option(names = "--vnc", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5900",
            converter = SocketAddressConverter.class,
            description = "The VNC server whose screen is shared (default: ${DEFAULT-VALUE}; [IPv6]:PORT too).")
    private InetSocketAddress vnc;

    @Mixin
    private ScreenSession.Options options;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return new ScreenSession(spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(RfbRole.SERVER, options, ScreenSettings.builder().vncServer(vnc));
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT}. */
    static final class SocketAddressConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            String v = value.strip();
            int colon = v.lastIndexOf(':');
            if (colon <= 0 || colon == v.length() - 1) {
                throw new TypeConversionException("give HOST:PORT, not " + value);
            }
            String host = v.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new TypeConversionException("write an IPv6 address in brackets: [ADDRESS]:PORT, not " + value);
            }
            int port;
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new TypeConversionException("the port must be 1 to 65535: " + value);
            }
            return new InetSocketAddress(host, port);
        }
    }
}
