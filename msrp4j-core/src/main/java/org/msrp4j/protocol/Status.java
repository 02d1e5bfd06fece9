package org.msrp4j.protocol;

/**
 * An MSRP status: a three-digit code and an optional comment, as carried by a response's start
 * line or a Status header (RFC 4975 §7.1.2).
 *
 * @param code 100..999
 * @param comment free text without CR or LF, or null
 */
public record Status(int code, String comment) {

    /** 200 OK. */
    public static final int OK = 200;
    /** 400: the request was unintelligible. */
    public static final int BAD_REQUEST = 400;
    /** 401: authentication needed (RFC 4976). */
    public static final int UNAUTHORIZED = 401;
    /** 403: the action is not allowed. */
    public static final int FORBIDDEN = 403;
    /** 408: no response in time (generated locally). */
    public static final int TIMEOUT = 408;
    /** 413: stop sending this message. */
    public static final int STOP_SENDING = 413;
    /** 415: media type not understood. */
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    /** 423: a parameter is out of bounds (RFC 4976 Expires). */
    public static final int OUT_OF_BOUNDS = 423;
    /** 481: the session does not exist. */
    public static final int NO_SESSION = 481;
    /** 501: the method is not understood. */
    public static final int NOT_IMPLEMENTED = 501;
    /** 506: the session is already bound to another connection. */
    public static final int SESSION_IN_USE = 506;

    /**
     * Validates the components.
     *
     * @throws MsrpSyntaxException if the code is not three digits or the comment holds control
     *     characters
     */
    public Status {
        if (code < 100 || code > 999) {
            throw new MsrpSyntaxException("status code must have three digits", Integer.toString(code));
        }
        if (comment != null && !MsrpGrammar.isText(comment)) {
            throw new MsrpSyntaxException("control character in status comment", comment);
        }
    }

    /**
     * Whether the code is 2xx.
     *
     * @return whether the code is 2xx
     */
    public boolean isSuccess() {
        return code >= 200 && code < 300;
    }

    @Override
    public String toString() {
        return comment == null ? Integer.toString(code) : code + " " + comment;
    }
}
