/**
 * The {@code msrp} command-line tool: {@link org.msrp4j.cli.Main} and one class per subcommand
 * ({@code demo}, {@code listen}, {@code connect}, {@code send}, {@code receive}, {@code relay},
 * {@code bench}), with what they share: the connection set-up that prints the local {@code a=path},
 * directly or through a relay ({@code Connections}, and {@code RelayAddress} for {@code
 * --relay}), the chat loop ({@code Chat}), the file transfer exchange
 * ({@code Transfer}, documented in {@code msrp send --help}), progress display, the wire trace, and
 * the exit codes ({@code ExitCode}). {@code relay} runs {@code org.msrp4j.relay.MsrpRelay}, and
 * {@code demo} embeds one, with log lines through the SLF4J simple binding.
 */
package org.msrp4j.cli;
