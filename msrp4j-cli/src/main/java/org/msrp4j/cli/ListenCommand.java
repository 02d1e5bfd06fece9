package org.msrp4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.Setup;
import org.msrp4j.transport.MsrpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code msrp listen}: the passive end of an interactive chat. */
@Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Waits for a peer to connect, then chats: netcat for MSRP.",
            "",
            "Prints this side's SDP media description (m=message, c=, a=path:URI, a=accept-types, with --tls "
                    + "a=fingerprint:...): hand it, or just the URI of a=path, to the peer, e.g. 'msrp connect "
                    + "URI' on another terminal or machine. The first connection that binds to the path is "
                    + "accepted (or, with --remote-path or --remote-sdp, only the one from that path). Then each "
                    + "line typed is sent as a text/plain message, and each message that arrives is printed as "
                    + "'[SENDER MESSAGE-ID] TEXT' (other content types as their size and type).",
            "",
            "With the peer's media description (--remote-sdp; 'msrp connect' prints one), messages go in CPIM "
                    + "when the peer names message/cpim, ask for display notifications, and this side's typing "
                    + "is announced (RFC 3994); without it the peer is taken as a plain MSRP endpoint "
                    + "(text/plain only). On stderr: '(delivered) TEXT' when the peer's success report comes, "
                    + "'(displayed) TEXT' when its display notification does, '(typing...)' when it starts "
                    + "typing. A terminal hands a line over only at Enter, so typing is announced only for input "
                    + "that comes a part at a time (a pipe, or a terminal after 'stty -icanon').",
            "",
            "End of input (Ctrl-D) shuts the session down after sending what is queued; the command "
                    + "also ends when the peer closes the session (not seen through a relay, which keeps this "
                    + "side's connection: SIP's BYE would tell). Status lines go to stderr, messages "
                    + "and the path to stdout.",
            "",
            "With --relay USER:PASS@HOST:PORT this side connects out to the relay (e.g. 'msrp relay') and "
                    + "authenticates; the printed path starts with the relay's URI, so the peer, wherever it is, "
                    + "connects to the relay rather than to this machine."},
        footer = {"", "Examples:", "  msrp listen --host 192.0.2.7 --port 2855",
            "  msrp listen --tls --echo", "  msrp listen --relay alice:secret@relay.example.org:2855",
            "  msrp listen --remote-sdp -      # then paste the peer's description and an empty line",
            "  msrp listen --relay alice:secret@example.org      # relay found by DNS SRV _msrps._tcp.example.org",
            "", "Exit codes: see 'msrp --help' (9: the relay refused the credentials)."})
final class ListenCommand implements Callable<Integer> {

    @Mixin
    private EndpointOptions endpoint;

    @Mixin
    private ListenOptions listen;

    @Mixin
    private Chat.Options chat;

    @Option(names = "--remote-sdp", paramLabel = "FILE|-",
            description = {"The peer's SDP media description (as 'msrp connect' prints it; a whole SDP body "
                    + "also does), from FILE or, with '-', from stdin up to an empty line, read once this side's "
                    + "description is printed. Only a connection from its path is accepted."})
    private String remoteSdp;

    private MsrpMedia localMedia;
    private MsrpMedia remoteMedia;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MsrpTransport transport = new Connections(endpoint, out, err, (path, fingerprint) -> {
            localMedia = ChatMedia.offer(path, fingerprint.stream().toList(), chat.acceptTypes);
            ChatMedia.print(localMedia, out);
            if (remoteSdp == null) {
                return null;
            }
            if ("-".equals(remoteSdp)) {
                err.println("paste the peer's media description, then an empty line:");
                err.flush();
            }
            remoteMedia = ChatMedia.read(remoteSdp, System.in);
            return remoteMedia.path();
        }).listen(listen);
        MsrpMedia remote = remoteMedia != null ? remoteMedia
                : ChatMedia.fromPath(transport.fullRemotePath(), Setup.ACTIVE);
        return new Chat(chat, out, err).run(transport, Role.OFFERER, localMedia, remote, endpoint.timeout());
    }
}
