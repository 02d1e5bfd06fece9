package org.msrp4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code msrp} command: entry point and the list of subcommands. */
@Command(name = "msrp", mixinStandardHelpOptions = true, version = "msrp4j 0.1.0-SNAPSHOT",
        description = "MSRP (RFC 4975) from the command line, built on msrp4j.",
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    Main() {
    }

    /** The command line, ready to execute; output goes to the process's streams unless redirected. */
    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
