/**
 * SDP for MSRP media (RFC 4975 §8, RFC 4976, RFC 6135, RFC 6714, RFC 8122, RFC 5547): a model of an
 * MSRP media description parsed from and written to SDP text, and the offer/answer decisions a
 * stream makes from it. Pure values: no I/O.
 *
 * <ul>
 *   <li>{@link org.msrp4j.sdp.MsrpMedia}: one MSRP media description, parsed, built, encoded;
 *   <li>{@link org.msrp4j.sdp.SessionDescription}: a whole SDP body, other media passed through;
 *   <li>{@link org.msrp4j.sdp.OfferAnswer}: the local offer or answer from a connector's path and
 *       {@link org.msrp4j.sdp.MediaSettings}, and the {@link org.msrp4j.sdp.Negotiation} (who connects,
 *       types, fingerprints to pin, CEMA);
 *   <li>{@link org.msrp4j.sdp.SdpException}: every unusable description, with its reason.
 * </ul>
 *
 * <p>Everything parsed here comes from a peer: parsing and deciding throw nothing but
 * {@link org.msrp4j.sdp.SdpException} (checked by a Jazzer fuzz target), and input is bounded
 * (64 Ki characters, 32 path URIs).
 */
package org.msrp4j.sdp;
