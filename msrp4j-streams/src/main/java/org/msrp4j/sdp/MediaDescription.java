package org.msrp4j.sdp;

import java.util.List;

/**
 * One media description of an SDP body: an m-line and the lines after it up to the next m-line. An
 * MSRP one ({@code TCP/MSRP} or {@code TCP/TLS/MSRP}) is an {@link MsrpMedia}; any other is an
 * {@link OtherMedia}, carried through unchanged.
 */
public sealed interface MediaDescription permits MsrpMedia, OtherMedia {

    /**
     * The media type, the m-line's first word, e.g. {@code message}, {@code application}, {@code audio}.
     *
     * @return the media type
     */
    String media();

    /**
     * The lines after the m-line (i=, c=, b=, k=, a=), in order.
     *
     * @return an unmodifiable list
     */
    List<SdpLine> lines();

    /**
     * The whole description: the m-line and its lines, each ending with CRLF.
     *
     * @return the SDP text
     */
    String encode();
}
