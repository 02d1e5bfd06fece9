package org.msrp4j.sdp;

/** This side's part in the SDP offer/answer exchange (the seed's {@code outgoing} is {@link #OFFERER}). */
public enum Role {
    /** This side sent the offer. */
    OFFERER,
    /** This side answers the peer's offer. */
    ANSWERER
}
