package org.msrp4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code msrp} command: entry point, the list of subcommands, and how failures are reported:
 * one line on stderr naming the command and what went wrong, an exit code from {@link ExitCode},
 * and a stack trace only with {@code --debug}.
 */
@Command(name = "msrp", mixinStandardHelpOptions = true, version = "msrp4j 0.1.0-SNAPSHOT",
        description = {"MSRP (RFC 4975) from the command line, built on msrp4j: chat with a peer, send and "
                + "receive files, share a screen, run a relay, measure, and see the whole stack at work with "
                + "'msrp demo'.",
                "",
                "A session's two ends exchange their paths (the values of SDP a=path) out of band: "
                + "'msrp listen' and 'msrp receive' print theirs, and 'msrp connect' and 'msrp send' take it "
                + "as arguments. The RFC 5547 form of 'send' and 'receive' (no --to) and the screen sharing "
                + "commands exchange whole SDP media descriptions instead: the offering side prints its "
                + "offer and reads the answer the other side prints."},
        footer = {"", "Exit codes:", "  0  success", "  1  other failure (e.g. a file that cannot be read or written)",
            "  2  bad usage: unknown option, bad MSRP path or fingerprint",
            "  3  connection refused, unreachable, or host not found",
            "  4  TLS failure: handshake, or certificate fingerprint mismatch",
            "  5  timeout: connecting, waiting for the peer, binding, a response",
            "  6  refused by the peer: binding, message or file offer",
            "  7  SHA-256 (or RFC 5547's SHA-1) mismatch after a file transfer",
            "  8  connection lost before the work was done",
            "  9  the relay refused the credentials given with --relay (401, 403)"},
        subcommands = {DemoCommand.class, ListenCommand.class, ConnectCommand.class, SendCommand.class,
            ReceiveCommand.class, ShareScreenCommand.class, ViewScreenCommand.class, RelayCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line error.")
    boolean debug;

    Main() {
    }

    /** The command line, ready to execute; output goes to the process's streams unless redirected. */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setParameterExceptionHandler(Main::usageError);
        cmd.setExecutionExceptionHandler((e, failed, parseResult) -> failure(e, failed));
        return cmd;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line: a command and its options (see {@code msrp --help})
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        String name = failed.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        if (debugRequested(failed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }

    /** Reports a failure of a command in one line; the stack trace too with {@code --debug}. */
    static int failure(Exception e, CommandLine failed) {
        PrintWriter err = failed.getErr();
        err.println(failed.getCommandSpec().qualifiedName() + ": " + message(e));
        if (debugRequested(failed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.of(e);
    }

    /**
     * The failure's message, or its type when it has none; made {@linkplain PeerText#display safe to
     * print}, since it may quote what a peer sent.
     */
    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : PeerText.display(m);
    }

    private static boolean debugRequested(CommandLine cmd) {
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            ParseResult r = c.getParseResult();
            if (r != null && r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
