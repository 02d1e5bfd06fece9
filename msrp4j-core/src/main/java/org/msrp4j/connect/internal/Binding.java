package org.msrp4j.connect.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;
import org.msrp4j.transport.BindingException;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Binds a transport to its session (RFC 4975 §5.4, msrplib's connect "binds it"): actively, by
 * sending an empty SEND and waiting for its 200, or passively, by waiting for the peer's first SEND
 * and checking its paths. Connectors and the server call it once a connection is open; so does a
 * connector outside {@code org.msrp4j.connect} that opens its own transports (the bench's).
 */
public final class Binding {

    private Binding() {
    }

    /**
     * Binds actively: sends an empty SEND and waits for its 200. An empty SEND from the peer
     * meanwhile (both sides active) is checked and answered; other requests that arrive meanwhile
     * are kept for {@link MsrpTransport#readChunk}.
     *
     * @param transport the open transport, its local URI known
     * @param fullRemotePath the peer's path from its SDP {@code a=path}
     * @param timeout how long to wait for the 200
     * @throws BindingException if the peer answers with an error
     * @throws MsrpTimeoutException if no answer comes in time
     * @throws IOException if the connection fails
     */
    public static void active(MsrpTransport transport, List<MsrpUri> fullRemotePath, Duration timeout)
            throws IOException {
        transport.setFullRemotePath(fullRemotePath);
        MsrpChunk send = transport.newChunk().build();
        transport.writeChunk(send);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MsrpChunk> held = new ArrayList<>();
        try {
            while (true) {
                MsrpChunk c = transport.readChunk(transport.options().maxChunkInMemory(), remaining(deadline, timeout));
                if (c.isResponse()) {
                    if (!c.transactionId().equals(send.transactionId())) {
                        continue;
                    }
                    if (c.code() == 200) {
                        return;
                    }
                    throw new BindingException(c.code(), c.comment(),
                            "the peer refused the binding SEND: " + c.code()
                                    + (c.comment() == null ? "" : " " + c.comment()));
                }
                if (isEmptySend(c)) {
                    Optional<Status> error = transport.checkIncomingSendChunk(c);
                    transport.writeResponse(c, error.map(Status::code).orElse(200),
                            error.map(Status::comment).orElse("OK"));
                } else {
                    held.add(c);
                }
            }
        } finally {
            TransportInternals.pushBack(transport, held);
        }
    }

    /**
     * Binds passively: waits for the peer's first SEND (unless the caller has read it already, as a
     * server that dispatches connections on their To-Path does), checks its paths and answers it.
     * An empty SEND is answered 200 here; a SEND with data is left for {@link
     * MsrpTransport#readChunk} to return (unanswered, like any chunk). Responses and REPORTs before
     * it are ignored, other requests answered 481.
     *
     * @param transport the open transport
     * @param localUri the local URI the SEND is addressed to (sets {@link MsrpTransport#localUri()})
     * @param fullRemotePath the peer's path from SDP, or null to take it from the From-Path of the
     *     first SEND (a listener that learns no path in advance)
     * @param first the chunk already read, or null to read one
     * @param timeout the longest wait for the SEND
     * @throws BindingException (481) if the SEND's paths are wrong, (400) if a malformed request
     *     came instead; either was answered with that code
     * @throws MsrpTimeoutException if no SEND comes in time
     * @throws IOException if the connection fails
     */
    public static void passive(MsrpTransport transport, MsrpUri localUri, List<MsrpUri> fullRemotePath, MsrpChunk first,
            Duration timeout) throws IOException {
        TransportInternals.setLocalUri(transport, localUri);
        if (fullRemotePath != null) {
            transport.setFullRemotePath(fullRemotePath);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        MsrpChunk c = first;
        while (true) {
            if (c == null) {
                c = TransportInternals.readRefusingMalformed(transport, remaining(deadline, timeout));
            }
            if (c.isRequest() && "SEND".equals(c.method())) {
                if (fullRemotePath == null) {
                    transport.setFullRemotePath(c.fromPath());
                }
                Optional<Status> error = transport.checkIncomingSendChunk(c);
                if (error.isPresent()) {
                    Status s = error.get();
                    transport.writeResponse(c, s.code(), s.comment());
                    throw new BindingException(s.code(), s.comment(), "refused the peer's binding SEND: " + s.comment()
                            + " (To-Path " + c.toPath() + ", From-Path " + c.fromPath() + ")");
                }
                if (isEmptySend(c)) {
                    transport.writeResponse(c, 200, "OK");
                } else {
                    TransportInternals.pushBack(transport, List.of(c));
                }
                return;
            }
            if (c.isRequest()) {
                transport.writeResponse(c, 481, "session not bound yet");
            }
            c = null;
        }
    }

    private static boolean isEmptySend(MsrpChunk c) {
        return c.isRequest() && "SEND".equals(c.method()) && c.segment() == 0 && !c.hasBody();
    }

    private static Duration remaining(long deadline, Duration timeout) throws MsrpTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new MsrpTimeoutException("no answer within " + timeout.toMillis() + " ms", timeout);
        }
        return Duration.ofNanos(left);
    }
}
