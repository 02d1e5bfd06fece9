/**
 * SDP for MSRP media (RFC 4975 §8, RFC 4976, RFC 6135, RFC 6714, RFC 8122, RFC 5547): a model of an
 * MSRP media description parsed from and written to SDP text, and the offer/answer decisions a
 * stream makes from it. Pure values: no I/O.
 */
package org.msrp4j.sdp;
