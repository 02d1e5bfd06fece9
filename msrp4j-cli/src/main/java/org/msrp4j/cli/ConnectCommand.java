package org.msrp4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.SessionOptions;
import org.msrp4j.transport.MsrpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code msrp connect PATH…}: the active end of an interactive chat. */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connects to a peer's path, then chats: netcat for MSRP.",
            "",
            "PATH is the peer's a=path value, as 'msrp listen' prints it: one URI, or several (the last "
                    + "is the peer, those before it the hops on the way). An msrps: URI means TLS; this side "
                    + "then presents a self-signed certificate whose fingerprint it prints as "
                    + "'a=fingerprint:...', and accepts any peer certificate unless --fingerprint pins one.",
            "",
            "Prints this side's path as 'a=path:URI', connects, binds, and then sends each line typed as a "
                    + "text/plain message and prints each message that arrives as '[SENDER MESSAGE-ID] TEXT'. "
                    + "End of input (Ctrl-D) shuts the session down after sending what is queued; the "
                    + "command also ends when the peer closes the session."},
        footer = {"", "Examples:", "  msrp connect msrp://192.0.2.7:2855/kx8h2ja9;tcp",
            "  msrp connect 'msrps://relay.example.org:2855/r3l4y;tcp msrps://10.0.0.7:40211/kx8h2ja9;tcp'",
            "  msrp connect --relay alice:secret@relay.example.org 'msrps://192.0.2.7:2855/kx8h2ja9;tcp'",
            "  echo hello | msrp connect --trace msrp://127.0.0.1:2855/kx8h2ja9;tcp",
            "  msrp connect --fingerprint \"SHA-256 AB:...:EF\" msrps://192.0.2.7:2855/kx8h2ja9;tcp",
            "", "Exit codes: see 'msrp --help'."})
final class ConnectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "1..*", split = "\\s+", converter = Converters.Uri.class,
            description = {"The peer's path (the URIs of its a=path, in order): one argument per URI, or the "
                    + "whole a=path value quoted as one argument."})
    private List<MsrpUri> remotePath;

    @Mixin
    private EndpointOptions endpoint;

    @Mixin
    private Chat.Options chat;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MsrpTransport transport = new Connections(endpoint, spec.commandLine().getOut(), spec.commandLine().getErr())
                .connect(remotePath);
        return new Chat(transport, chat, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(SessionOptions.builder().responseTimeout(endpoint.timeout()).build());
    }
}
