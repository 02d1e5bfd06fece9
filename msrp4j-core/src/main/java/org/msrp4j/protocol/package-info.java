/**
 * The MSRP wire model (RFC 4975 §7, §9): {@link org.msrp4j.protocol.MsrpUri} URIs,
 * {@link org.msrp4j.protocol.MsrpChunk} chunks with their {@link org.msrp4j.protocol.MsrpHeaders},
 * value types such as {@link org.msrp4j.protocol.ByteRange} and {@link org.msrp4j.protocol.Status},
 * and the streaming {@link org.msrp4j.protocol.ChunkParser}. Nothing here touches sockets.
 *
 * <p>Errors: text that breaks the grammar raises the unchecked
 * {@link org.msrp4j.protocol.MsrpSyntaxException} family from value constructors; bytes from
 * the wire that cannot be parsed raise the checked {@link org.msrp4j.protocol.ChunkParseException}.
 */
package org.msrp4j.protocol;
