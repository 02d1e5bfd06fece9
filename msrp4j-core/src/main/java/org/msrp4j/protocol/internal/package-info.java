/**
 * What the library's transport does to chunks beyond their public API: mark the segments it cuts
 * ({@link org.msrp4j.protocol.internal.ChunkInternals}). Not part of the API: the module does not
 * export this package.
 */
package org.msrp4j.protocol.internal;
