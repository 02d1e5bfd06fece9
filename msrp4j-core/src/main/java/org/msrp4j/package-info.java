/**
 * msrp4j: an MSRP (RFC 4975) and MSRP relay (RFC 4976) stack. This package holds the root of
 * the checked exception hierarchy, {@link org.msrp4j.MsrpException}; the protocol model and
 * parser live in {@link org.msrp4j.protocol}.
 */
package org.msrp4j;
