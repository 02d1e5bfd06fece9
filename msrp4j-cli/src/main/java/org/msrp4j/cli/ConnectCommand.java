package org.msrp4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.msrp4j.protocol.MsrpSyntaxException;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.Setup;
import org.msrp4j.transport.MsrpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code msrp connect PATH…}: the active end of an interactive chat. */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connects to a peer's path, then chats: netcat for MSRP.",
            "",
            "PATH is the peer's a=path value, as 'msrp listen' prints it: one URI, or several (the last "
                    + "is the peer, those before it the hops on the way). An msrps: URI means TLS; this side "
                    + "then presents a self-signed certificate whose fingerprint it prints as "
                    + "'a=fingerprint:...', and accepts any peer certificate unless --fingerprint (or the "
                    + "a=fingerprint of the peer's media description) pins one.",
            "",
            "Instead of the path, the peer's whole SDP media description (as 'msrp listen' prints it: "
                    + "m=message ..., or a whole SDP body) may be given, as one argument or with --remote-sdp "
                    + "FILE|-. Messages then go in CPIM when the peer names message/cpim, ask for display "
                    + "notifications, and this side's typing is announced (RFC 3994: for input that comes a part "
                    + "at a time, as from a pipe, since a terminal hands over whole lines); with the bare path the "
                    + "peer is taken as a plain MSRP endpoint (text/plain only).",
            "",
            "Prints this side's SDP media description (its a=path:URI line among them), connects, binds, and "
                    + "then sends each line typed as a text/plain message and prints each message that arrives "
                    + "as '[SENDER MESSAGE-ID] TEXT'. On stderr: '(delivered) TEXT' when the peer's success "
                    + "report comes, '(displayed) TEXT' when its display notification does, '(typing...)' when "
                    + "it starts typing. End of input (Ctrl-D) ends the session after sending what is queued; "
                    + "the command also ends when the peer closes the session."},
        footer = {"", "Examples:", "  msrp connect msrp://192.0.2.7:2855/kx8h2ja9;tcp",
            "  msrp connect 'msrps://relay.example.org:2855/r3l4y;tcp msrps://10.0.0.7:40211/kx8h2ja9;tcp'",
            "  msrp connect --relay alice:secret@relay.example.org 'msrps://192.0.2.7:2855/kx8h2ja9;tcp'",
            "  echo hello | msrp connect --trace msrp://127.0.0.1:2855/kx8h2ja9;tcp",
            "  msrp connect --fingerprint \"SHA-256 AB:...:EF\" msrps://192.0.2.7:2855/kx8h2ja9;tcp",
            "  msrp connect \"$(cat offer.sdp)\"", "  msrp connect --remote-sdp offer.sdp",
            "", "Exit codes: see 'msrp --help'."})
final class ConnectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = {"The peer's path (the URIs of its a=path, in order): one argument per URI, or the "
                    + "whole a=path value quoted as one argument; or its SDP media description as one argument "
                    + "(starting with m=, v= or a=path:)."})
    private List<String> remote = List.of();

    @Option(names = "--remote-sdp", paramLabel = "FILE|-",
            description = {"The peer's SDP media description (as 'msrp listen' prints it; a whole SDP body also "
                    + "does), from FILE or, with '-', from stdin up to an empty line (the chat follows)."})
    private String remoteSdp;

    private MsrpMedia localMedia;

    @Mixin
    private EndpointOptions endpoint;

    @Mixin
    private Chat.Options chat;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MsrpMedia offer = remoteMedia();
        List<MsrpUri> remotePath = offer.path();
        if (endpoint.fingerprint == null && endpoint.relay == null && remotePath.size() == 1
                && offer.protocol().useTls() && !offer.fingerprints().isEmpty()) {
            endpoint.fingerprint = offer.fingerprints().get(0);
        }
        MsrpTransport transport = new Connections(endpoint, out, err, (path, fingerprint) -> {
            localMedia = ChatMedia.answer(offer, path, fingerprint.stream().toList(), chat.acceptTypes);
            ChatMedia.print(localMedia, out);
            return null;
        }).connect(remotePath);
        return new Chat(chat, out, err).run(transport, Role.ANSWERER, localMedia, offer, endpoint.timeout());
    }

    /** The peer's description: from --remote-sdp, the SDP argument, or made from the path. */
    private MsrpMedia remoteMedia() throws CliException {
        if (remoteSdp != null) {
            if (!remote.isEmpty()) {
                throw new CliException(ExitCode.USAGE, "give the peer's path or --remote-sdp, not both");
            }
            return ChatMedia.read(remoteSdp, System.in);
        }
        if (remote.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "give the peer's path, its media description, or --remote-sdp");
        }
        String first = remote.get(0).strip();
        MsrpMedia sdp = ChatMedia.parse(String.join(first.startsWith("a=path:") ? " " : "\n", remote));
        if (sdp != null) {
            return sdp;
        }
        List<MsrpUri> path = new ArrayList<>();
        for (String arg : remote) {
            for (String uri : arg.strip().split("\\s+")) {
                try {
                    path.add(MsrpUri.parse(uri));
                } catch (MsrpSyntaxException e) {
                    // worded as picocli words a bad value (the parameter is optional, for --remote-sdp, so
                    // a converter's error would be reported as an unmatched argument instead)
                    throw new ParameterException(spec.commandLine(), "Invalid value for positional parameter at "
                            + "index 0..* (PATH): bad MSRP URI: " + e.getMessage());
                }
            }
        }
        return ChatMedia.fromPath(path, Setup.ACTPASS);
    }
}
