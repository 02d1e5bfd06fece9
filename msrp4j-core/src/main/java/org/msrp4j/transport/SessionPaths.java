package org.msrp4j.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;
import org.msrp4j.transport.internal.SendPaths;

/**
 * Where a connection's chunks go and come from: this endpoint's URI and relays, and the peer's full
 * path. Immutable: a transport swaps the whole value, so a chunk is always addressed along one
 * consistent set of paths.
 *
 * @param localUri this endpoint's URI, or null before a passive binding names it
 * @param localRelayPath this endpoint's relays in Use-Path order, empty for a direct connection
 * @param fullRemotePath the peer's path, its own URI last, or null before binding
 */
record SessionPaths(MsrpUri localUri, List<MsrpUri> localRelayPath, List<MsrpUri> fullRemotePath) {

    SessionPaths {
        localRelayPath = List.copyOf(localRelayPath);
        fullRemotePath = fullRemotePath == null ? null : List.copyOf(fullRemotePath);
    }

    SessionPaths withLocalUri(MsrpUri value) {
        return new SessionPaths(value, localRelayPath, fullRemotePath);
    }

    SessionPaths withLocalRelayPath(List<MsrpUri> value) {
        return new SessionPaths(localUri, value, fullRemotePath);
    }

    SessionPaths withFullRemotePath(List<MsrpUri> value) {
        return new SessionPaths(localUri, localRelayPath, value);
    }

    /** The relays, then the local URI (SDP {@code a=path}). */
    List<MsrpUri> fullLocalPath() {
        List<MsrpUri> path = new ArrayList<>(localRelayPath);
        if (localUri != null) {
            path.add(localUri);
        }
        return List.copyOf(path);
    }

    /** The peer's own URI, or null before binding. */
    MsrpUri remoteUri() {
        return fullRemotePath == null ? null : fullRemotePath.get(fullRemotePath.size() - 1);
    }

    /** Whether the peer is reached through relays. */
    boolean remoteRelayed() {
        return fullRemotePath != null && fullRemotePath.size() > 1;
    }

    /** The To-Path of what this endpoint sends: its relays, then the peer's path. */
    List<MsrpUri> toPath() {
        if (fullRemotePath == null || localUri == null) {
            throw new IllegalStateException("the transport is not bound: remote path or local URI unknown");
        }
        List<MsrpUri> to = new ArrayList<>(localRelayPath);
        to.addAll(fullRemotePath);
        return to;
    }

    /** The hop that sent what arrives here: the last local relay, or the peer's first hop. */
    MsrpUri previousHop() {
        if (!localRelayPath.isEmpty()) {
            return localRelayPath.get(localRelayPath.size() - 1);
        }
        return fullRemotePath == null || fullRemotePath.isEmpty() ? null : fullRemotePath.get(0);
    }

    /** See {@link SendPaths#check}. */
    Optional<Status> checkSend(MsrpChunk chunk, boolean sessmatch) {
        return SendPaths.check(chunk, localUri, localRelayPath, fullRemotePath, sessmatch);
    }
}
