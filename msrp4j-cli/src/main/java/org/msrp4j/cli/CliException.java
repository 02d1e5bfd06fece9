package org.msrp4j.cli;

/**
 * A failure the command reports in one line with its own exit code (see {@link ExitCode}), for
 * outcomes that are not a library exception: a checksum mismatch, a refused file offer.
 */
final class CliException extends Exception {

    private final int exitCode;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code. */
    int exitCode() {
        return exitCode;
    }
}
