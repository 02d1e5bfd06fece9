/**
 * The {@code msrp} command-line tool: {@link org.msrp4j.cli.Main} and one class per subcommand
 * ({@code demo}, {@code listen}, {@code connect}, {@code send}, {@code receive}, {@code bench}),
 * with what they share: the connection set-up that prints the local {@code a=path}
 * ({@code Connections}, {@code FirstBindingAcceptor}), the chat loop ({@code Chat}), the file
 * transfer exchange ({@code Transfer}, documented in {@code msrp send --help}), progress display,
 * the wire trace, and the exit codes ({@code ExitCode}).
 */
package org.msrp4j.cli;
