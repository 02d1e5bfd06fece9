/**
 * Common Presence and Instant Messaging format, {@code message/cpim} (RFC 3862): messages parsed from
 * and encoded to bytes. Pure values: no I/O.
 */
package org.msrp4j.cpim;
