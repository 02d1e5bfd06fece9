/**
 * What msrp4j's own packages do with a transport beyond its public API: open one over a socket
 * ({@link org.msrp4j.transport.internal.TransportInternals}), bind it, watch its reads and writes,
 * and check the paths of a SEND ({@link org.msrp4j.transport.internal.SendPaths}). Not part of the
 * API: the module does not export this package.
 */
package org.msrp4j.transport.internal;
