/** The {@code msrp} command-line tool: {@link org.msrp4j.cli.Main} and one class per subcommand. */
package org.msrp4j.cli;
