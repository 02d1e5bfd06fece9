/**
 * Common Presence and Instant Messaging format, {@code message/cpim} (RFC 3862): messages parsed from
 * and encoded to bytes. Pure values: no I/O.
 *
 * <p>{@link org.msrp4j.cpim.CpimMessage} is the message (parse, build, encode); its headers are
 * {@link org.msrp4j.cpim.CpimHeader}s, with typed values for {@code From}/{@code To}/{@code cc}
 * ({@link org.msrp4j.cpim.CpimAddress}), {@code DateTime} ({@link org.msrp4j.cpim.Rfc3339}) and
 * {@code NS} ({@link org.msrp4j.cpim.CpimNamespace}); the wrapped part has
 * {@link org.msrp4j.cpim.MimeHeader}s (its {@code Content-Type} read by
 * {@link org.msrp4j.cpim.ContentType}) and a body of bytes that is never decoded. Malformed input
 * gives a {@link org.msrp4j.cpim.CpimException}; building something RFC 3862 forbids gives an
 * {@link java.lang.IllegalArgumentException} or {@link java.lang.IllegalStateException}.
 */
package org.msrp4j.cpim;
