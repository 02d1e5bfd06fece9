package org.msrp4j.transport;

import java.util.List;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * The To-Path and From-Path headers of the chunks a transport addresses along one {@link SessionPaths}
 * value, made and encoded once rather than for every chunk (a file sent in 8 KiB chunks would
 * otherwise format both paths anew for each): headers are immutable values, so chunks share them.
 *
 * @param paths the paths these headers follow
 * @param toPath the local relays, then the peer's path
 * @param fromPath the local URI
 */
record ChunkAddress(SessionPaths paths, ToPathHeader toPath, FromPathHeader fromPath) {

    /**
     * The headers along {@code paths}, encoded already.
     *
     * @throws IllegalStateException when the remote path or local URI is not known yet
     */
    static ChunkAddress of(SessionPaths paths) {
        ToPathHeader to = new ToPathHeader(paths.toPath());
        FromPathHeader from = new FromPathHeader(List.of(paths.localUri()));
        to.encode();
        from.encode();
        return new ChunkAddress(paths, to, from);
    }
}
