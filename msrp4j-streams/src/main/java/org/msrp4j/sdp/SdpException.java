package org.msrp4j.sdp;

import java.util.Objects;

/**
 * An SDP body or MSRP media description that cannot be used: text that breaks the SDP grammar or the
 * grammar of an MSRP attribute, or a description that offer/answer cannot work with (no path, no
 * common media type, TLS on one side only, conflicting {@code a=setup}). {@link #reason()} says which,
 * so a caller can pick its answer (a SIP 488, a rejected m-line) without reading the message.
 */
public class SdpException extends Exception {

    /** What made the description unusable. */
    public enum Reason {
        /** The text breaks the SDP grammar (RFC 8866) or the grammar of an attribute value. */
        SYNTAX,
        /** The text is longer than the parser accepts, or has too many lines or path entries. */
        TOO_LARGE,
        /** The session description has no MSRP media description (or not the one asked for). */
        NO_MSRP_MEDIA,
        /** The remote media description was rejected: its m-line port is 0. */
        REJECTED,
        /** The media description has no {@code a=path}, or an empty one. */
        NO_PATH,
        /** No media type that one side accepts is accepted by the other. */
        NO_COMMON_TYPE,
        /**
         * The m-line protocol and the path disagree on TLS ({@code TCP/TLS/MSRP} with an {@code msrp:}
         * URI, or {@code TCP/MSRP} with an {@code msrps:} endpoint), or the two sides do.
         */
        TLS_MISMATCH,
        /** The {@code a=setup} values of offer and answer do not give exactly one active side. */
        SETUP_CONFLICT,
        /**
         * RFC 6714 §4.3: the offer has no {@code a=msrp-cema} but its c/m-line address matches no path
         * URI (a middlebox without CEMA changed it), so a CEMA-enabled answerer must reject it.
         */
        MIDDLEBOX_WITHOUT_CEMA
    }

    /** The kind of problem. */
    private final Reason reason;

    /**
     * Creates an exception for {@code reason} with a message that says what was wrong.
     *
     * @param reason the kind of problem
     * @param message what was wrong
     */
    public SdpException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates an exception for {@code reason} with a message and the cause.
     *
     * @param reason the kind of problem
     * @param message what was wrong
     * @param cause the error that revealed it
     */
    public SdpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * What made the description unusable.
     *
     * @return the kind of problem
     */
    public Reason reason() {
        return reason;
    }
}
