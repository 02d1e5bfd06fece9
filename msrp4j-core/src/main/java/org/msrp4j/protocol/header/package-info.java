/**
 * MSRP headers as typed values: one class per header of RFC 4975, RFC 4976 (relays) and RFC 7701
 * (Use-Nickname), plus {@link org.msrp4j.protocol.header.GenericHeader} for any other header, kept
 * verbatim. {@link org.msrp4j.protocol.header.MsrpHeader#of(String, String)} picks the class for a
 * name read from the wire.
 */
package org.msrp4j.protocol.header;
