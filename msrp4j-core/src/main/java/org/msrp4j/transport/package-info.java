/**
 * One MSRP connection: {@link org.msrp4j.transport.MsrpTransport} reads and writes chunks over a
 * TCP or TLS socket on the calling (virtual) thread, cuts long chunks into segments, builds chunks
 * along the session's paths ({@link org.msrp4j.transport.ChunkBuilder}) and checks incoming paths.
 * Connectors ({@code org.msrp4j.connect}) open transports and bind them to their session (RFC 4975
 * §5.4). It reports its traffic to a {@link org.msrp4j.transport.TrafficLogger} (its
 * service-provider interface; {@code org.msrp4j.log} has the SLF4J one). It knows nothing of
 * sessions or connectors.
 */
package org.msrp4j.transport;
