package org.msrp4j.cli;

import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.connect.ConnectFailedException;
import org.msrp4j.connect.RelayAuthenticationException;
import org.msrp4j.protocol.MsrpSyntaxException;
import org.msrp4j.tls.InvalidFingerprintException;
import org.msrp4j.tls.TlsCredentialsException;
import org.msrp4j.transport.BindingException;
import org.msrp4j.transport.ConnectionClosedException;

/**
 * The exit codes of {@code msrp}, the same for every subcommand, and which failure gets which.
 * {@code msrp --help} lists them (keep its footer in step); scripts may rely on them.
 */
final class ExitCode {

    /** Success. */
    static final int OK = 0;
    /** A failure not listed below, such as a file that cannot be read or written. */
    static final int FAILURE = 1;
    /** Bad usage: an unknown option, a bad MSRP path or fingerprint, a missing argument. */
    static final int USAGE = 2;
    /** The connection could not be made: refused, unreachable, or a name that does not resolve. */
    static final int CONNECT = 3;
    /** TLS failed: the handshake, or the peer's certificate does not have the expected fingerprint. */
    static final int TLS = 4;
    /** Something took too long: connecting, the peer's connection, binding, or a response. */
    static final int TIMEOUT = 5;
    /** The peer refused: the binding (e.g. 481), a message (e.g. 413, 415), or a file offer. */
    static final int REFUSED = 6;
    /** A file arrived but its SHA-256 differs from the sender's. */
    static final int CHECKSUM = 7;
    /** The connection ended before the work was done, e.g. a transfer interrupted midway. */
    static final int LOST = 8;
    /** The relay refused the credentials given with {@code --relay} (401 after answering its challenge, or 403). */
    static final int RELAY_AUTH = 9;

    private ExitCode() {
    }

    /** The exit code for a failure, looking through its causes for TLS problems. */
    static int of(Throwable failure) {
        if (failure instanceof CliException c) {
            return c.exitCode();
        }
        if (failure instanceof MsrpSyntaxException || failure instanceof InvalidFingerprintException) {
            return USAGE;
        }
        if (failure instanceof MsrpTimeoutException || failure instanceof TimeoutException) {
            return TIMEOUT;
        }
        if (hasCause(failure, SSLException.class) || failure instanceof TlsCredentialsException) {
            return TLS;
        }
        if (failure instanceof ConnectFailedException) {
            return CONNECT;
        }
        if (failure instanceof RelayAuthenticationException) {
            return RELAY_AUTH;
        }
        if (failure instanceof BindingException) {
            return REFUSED;
        }
        if (failure instanceof MsrpTransactionException t) {
            return t.code() == 408 ? TIMEOUT : REFUSED;
        }
        if (hasCause(failure, ConnectionClosedException.class)) {
            return LOST;
        }
        return FAILURE;
    }

    /** Whether {@code t} or one of its causes is a {@code type}. */
    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
