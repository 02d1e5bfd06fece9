package org.msrp4j.cli;

import java.util.concurrent.Callable;
import org.msrp4j.session.SessionOptions;
import org.msrp4j.transport.MsrpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code msrp listen}: the passive end of an interactive chat. */
@Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Waits for a peer to connect, then chats: netcat for MSRP.",
            "",
            "Prints this side's path as 'a=path:URI' (and with --tls its certificate fingerprint as "
                    + "'a=fingerprint:...'): hand the URI to the peer, e.g. 'msrp connect URI' on another "
                    + "terminal or machine. The first connection that binds to the path is accepted "
                    + "(or, with --remote-path, only the one from that path). Then each line typed "
                    + "is sent as a text/plain message, and each message that arrives is printed as "
                    + "'[SENDER MESSAGE-ID] TEXT' (other content types as their size and type).",
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
            "  msrp listen --relay alice:secret@example.org      # relay found by DNS SRV _msrps._tcp.example.org",
            "", "Exit codes: see 'msrp --help' (9: the relay refused the credentials)."})
final class ListenCommand implements Callable<Integer> {

    @Mixin
    private EndpointOptions endpoint;

    @Mixin
    private ListenOptions listen;

    @Mixin
    private Chat.Options chat;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MsrpTransport transport = new Connections(endpoint, spec.commandLine().getOut(), spec.commandLine().getErr())
                .listen(listen);
        return new Chat(transport, chat, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(SessionOptions.builder().responseTimeout(endpoint.timeout()).build());
    }
}
