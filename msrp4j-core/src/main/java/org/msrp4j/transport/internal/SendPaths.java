package org.msrp4j.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;

/**
 * The path check of an incoming SEND (msrplib's {@code check_incoming_SEND_chunk}) for a connection
 * described by its URIs: a transport checks against its own paths, a server uses it to find which
 * waiting session an incoming binding belongs to.
 */
public final class SendPaths {

    private SendPaths() {
    }

    /**
     * Checks the paths of {@code chunk}. Without session matching the To-Path must be exactly the
     * local URI and the From-Path this side's relays (latest first) followed by the peer's full
     * path, comparing URIs per RFC 4975 §6.1; with it, only the session ids of the last URIs count.
     *
     * @param chunk an incoming SEND
     * @param localUri the URI the SEND must be addressed to, or null when not known (481)
     * @param localRelayPath this side's relays, in Use-Path order
     * @param fullRemotePath the peer's path from SDP, or null when not known (481)
     * @param sessmatch compare session ids only (RFC 6714)
     * @return the status to answer with when the paths do not match, or empty when they do
     */
    public static Optional<Status> check(MsrpChunk chunk, MsrpUri localUri, List<MsrpUri> localRelayPath,
            List<MsrpUri> fullRemotePath, boolean sessmatch) {
        List<MsrpUri> to = chunk.toPath();
        List<MsrpUri> from = chunk.fromPath();
        if (to == null || to.isEmpty() || from == null || from.isEmpty()) {
            return Optional.of(new Status(400, "To-Path and From-Path are required"));
        }
        if (localUri == null || fullRemotePath == null || fullRemotePath.isEmpty()) {
            return Optional.of(new Status(481, "session not bound yet"));
        }
        if (sessmatch) {
            if (!to.get(to.size() - 1).sameSessionId(localUri)) {
                return Optional.of(new Status(481, "To-Path session id does not match"));
            }
            if (!from.get(from.size() - 1).sameSessionId(fullRemotePath.get(fullRemotePath.size() - 1))) {
                return Optional.of(new Status(481, "From-Path session id does not match"));
            }
            return Optional.empty();
        }
        if (to.size() != 1 || !to.get(0).equals(localUri)) {
            return Optional.of(new Status(481, "To-Path is not this session"));
        }
        List<MsrpUri> expected = new ArrayList<>(localRelayPath.size() + fullRemotePath.size());
        for (int i = localRelayPath.size() - 1; i >= 0; i--) {
            expected.add(localRelayPath.get(i));
        }
        expected.addAll(fullRemotePath);
        if (!from.equals(expected)) {
            return Optional.of(new Status(481, "From-Path does not match the remote path"));
        }
        return Optional.empty();
    }
}
