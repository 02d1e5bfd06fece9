package org.msrp4j;

/**
 * An MSRP transaction failed with a status code: the peer answered with an error response, or a
 * request was refused locally with the code that went on the wire.
 */
public class MsrpTransactionException extends MsrpException {

    /** The MSRP status code. */
    private final int code;
    /** The status comment, or null. */
    private final String comment;

    /**
     * Creates the exception.
     *
     * @param code the MSRP status code, e.g. 481
     * @param comment the response's comment, or null
     * @param message what failed, for people
     */
    public MsrpTransactionException(int code, String comment, String message) {
        super(message);
        this.code = code;
        this.comment = comment;
    }

    /**
     * The MSRP status code.
     *
     * @return the MSRP status code
     */
    public int code() {
        return code;
    }

    /**
     * The status comment, or null.
     *
     * @return the status comment, or null
     */
    public String comment() {
        return comment;
    }
}
