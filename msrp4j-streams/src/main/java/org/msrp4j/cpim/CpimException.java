package org.msrp4j.cpim;

import org.msrp4j.MsrpException;

/**
 * Bytes are not a well-formed {@code message/cpim} message (RFC 3862), or a header of one is
 * malformed. The message says what was wrong and where.
 *
 * <p>A receiver answering an MSRP request whose CPIM body does not parse would answer 400.
 */
public class CpimException extends MsrpException {

    /**
     * Creates an exception saying what was wrong.
     *
     * @param message what was wrong
     */
    public CpimException(String message) {
        super(message);
    }

    /**
     * Creates an exception saying what was wrong, with its cause.
     *
     * @param message what was wrong
     * @param cause the error that revealed it
     */
    public CpimException(String message, Throwable cause) {
        super(message, cause);
    }
}
