package org.msrp4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.Status;
import org.msrp4j.screen.EndReason;
import org.msrp4j.screen.RfbRole;
import org.msrp4j.screen.ScreenListener;
import org.msrp4j.screen.ScreenSettings;
import org.msrp4j.screen.ScreenSharingStream;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.StreamException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The screen sharing of {@code msrp share-screen} and {@code msrp view-screen}: a {@link
 * ScreenSharingStream} and its SDP exchange. Without the peer's description this side offers: it
 * prints its offer, reads the peer's answer from stdin up to an empty line, and connects. Given the
 * peer's offer (an argument or {@code --remote-sdp}) it answers: it prints its answer and waits for
 * the peer's connection. Then bytes flow between the local VNC side and the peer until either TCP
 * side or the session ends, or stdin ends (Ctrl-D).
 */
final class ScreenSession implements ScreenListener {

    /** The options both commands share: the peer's offer and how the stream reaches the peer. */
    static final class Options {
        @Mixin
        StreamOptions stream;

        @Parameters(paramLabel = "SDP", arity = "0..1",
                description = {"The peer's offer (its SDP media description, m=application ..., or a whole SDP "
                        + "body) as one argument: this side then answers."})
        String offer;

        @Option(names = "--remote-sdp", paramLabel = "FILE|-",
                description = {"The peer's offer from FILE or, with '-', from stdin up to an empty line: this "
                        + "side then answers."})
        String remoteSdp;

        /** The peer's offer, or null when this side offers. */
        MsrpMedia read(InputStream stdin) throws CliException {
            if (offer != null && remoteSdp != null) {
                throw new CliException(ExitCode.USAGE, "give the peer's offer as an argument or with --remote-sdp, "
                        + "not both");
            }
            if (offer != null) {
                return StreamMedia.parse(offer, MEDIA, "the argument");
            }
            return remoteSdp == null ? null : StreamMedia.read(remoteSdp, stdin, MEDIA);
        }
    }

    /** The SDP media type of screen sharing. */
    static final String MEDIA = "application";

    private final PrintWriter out;
    private final PrintWriter status;
    private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
    private volatile Exception failure;
    private volatile RfbRole rfbRole;

    ScreenSession(PrintWriter out, PrintWriter status) {
        this.out = out;
        this.status = status;
    }

    /**
     * Runs the stream until it ends: this side answers the peer's offer when {@code given} has one,
     * else it offers.
     *
     * @return the exit code
     */
    int run(RfbRole role, Options given, ScreenSettings.Builder screen) throws Exception {
        StreamOptions options = given.stream;
        MsrpMedia offer = given.read(System.in);
        rfbRole = role;
        ScreenSettings settings = screen.connection(options.connection(new WireTrace(System.err)))
                .sessionSettings(SessionSettings.builder().responseTimeout(options.timeout()).build())
                .connectTimeout(options.timeout()).build();
        ScreenSharingStream stream = new ScreenSharingStream(offer == null ? Role.OFFERER : Role.ANSWERER, role,
                settings, this);
        try {
            MsrpMedia local = usable(() -> offer == null ? stream.initialize() : stream.initialize(offer));
            StreamMedia.print(local, out);
            InetSocketAddress viewer = stream.viewerAddress();
            if (viewer != null) {
                status.println("a VNC viewer may connect to " + viewer.getAddress().getHostAddress() + " port "
                        + viewer.getPort() + " once the session has started");
            }
            MsrpMedia remote = offer;
            if (remote == null) {
                status.println("give the description above to the peer ('msrp " + (role == RfbRole.SERVER
                        ? "view-screen" : "share-screen") + " \"$(cat offer.sdp)\"'), then paste its answer and an "
                        + "empty line:");
                status.flush();
                remote = StreamMedia.read("-", System.in, MEDIA);
            } else {
                status.println("waiting up to " + options.timeout().toSeconds() + " s for the peer to connect ...");
                status.flush();
            }
            MsrpMedia peer = remote;
            usable(() -> {
                stream.start(peer);
                return null;
            });
            status.println("session started; end of input (Ctrl-D) ends it");
            status.flush();
            // A daemon: a read blocked on stdin cannot be interrupted, and must not keep the JVM alive.
            Thread.ofPlatform().daemon().name("msrp-stdin").start(() -> {
                drain(System.in);
                stream.end();
            });
            return outcome(ended.get());
        } finally {
            stream.end();
        }
    }

    /** A step of the stream whose failure, when the peer's description is to blame, is a usage error. */
    private interface Step {
        MsrpMedia run() throws IOException;
    }

    private static MsrpMedia usable(Step step) throws IOException, CliException {
        try {
            return step.run();
        } catch (StreamException e) {
            if (e.getCause() instanceof SdpException || e.getCause() == null) {
                throw new CliException(ExitCode.USAGE, "the peer's media description cannot be used: "
                        + Main.message(e), e);
            }
            throw e;
        }
    }

    private int outcome(EndReason reason) throws Exception {
        String line = switch (reason) {
            case LOCAL -> "end of input: session closed";
            case PEER -> "the peer closed the session";
            case TCP_CLOSED -> (rfbRole == RfbRole.SERVER ? "the VNC server" : "the viewer")
                    + " closed its connection: session closed";
            case FAILED -> null;
        };
        if (line != null) {
            status.println(line);
            status.flush();
            return ExitCode.OK;
        }
        Exception e = failure;
        if (e == null) {
            throw new CliException(ExitCode.FAILURE, "screen sharing failed");
        }
        if (e instanceof MsrpTransactionException t && t.code() == Status.NO_SESSION) {
            throw new CliException(ExitCode.LOST, Main.message(e) + ": the peer's session is gone (through a relay, "
                    + "this is how the peer's end shows)", e);
        }
        if (ExitCode.hasCause(e, ConnectException.class)) {
            throw new CliException(ExitCode.CONNECT, Main.message(e), e);
        }
        if (ExitCode.hasCause(e, SocketTimeoutException.class)) {
            throw new CliException(ExitCode.TIMEOUT, Main.message(e), e);
        }
        throw e;
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[1024];
        try {
            while (in.read(buffer) >= 0) {
                // only the end of input matters
            }
        } catch (IOException e) {
            // stdin is gone: the same as its end
        }
    }

    // ---------------------------------------------------------------- the stream's events, on its event thread

    @Override
    public void didStart() {
        status.println("bound: the MSRP session runs");
        status.flush();
    }

    @Override
    public void didConnect(InetSocketAddress peer) {
        status.println((rfbRole == RfbRole.SERVER ? "connected to the VNC server at " : "a viewer connected from ")
                + peer.getAddress().getHostAddress() + " port " + peer.getPort());
        status.flush();
    }

    @Override
    public void didFail(Exception reason) {
        failure = reason;
    }

    @Override
    public void didEnd(EndReason reason) {
        ended.complete(reason);
    }
}
