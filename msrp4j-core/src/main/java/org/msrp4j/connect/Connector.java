package org.msrp4j.connect;

import java.io.IOException;
import java.util.List;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * Sets up one MSRP connection for one session, in three steps that bracket the SDP offer/answer:
 * {@link #prepare} gives the local path for SDP {@code a=path}, {@link #complete} takes the peer's
 * path and returns a bound transport, {@link #cleanup} releases what {@code prepare} took when
 * {@code complete} is not called or fails. Implementations: {@link ConnectorDirect} (active, no
 * relay), {@link AcceptorDirect} (passive, no relay), {@link ConnectorRelay} and {@link
 * AcceptorRelay} (through a relay; both are {@link RelayConnection}).
 *
 * <p>A connector serves one session once; it is not thread-safe, except that {@link #cleanup} may
 * be called from another thread to abort a blocked {@code complete}.
 */
public interface Connector {

    /**
     * Prepares the connection and returns the full local path to put in SDP {@code a=path}.
     *
     * @param localUri the local URI to use (its host, port, session id and scheme), or null to have
     *     one generated: a sensible local address, a free port where one is needed, a random
     *     session id
     * @return the list
     * @throws IOException if a socket cannot be bound
     */
    List<MsrpUri> prepare(MsrpUri localUri) throws IOException;

    /**
     * {@link #prepare(MsrpUri)} with a generated local URI.
     *
     * @return the path to give the peer, as {@link #prepare(MsrpUri)} returns it
     * @throws IOException if an I/O error occurs
     */
    default List<MsrpUri> prepare() throws IOException {
        return prepare(null);
    }

    /**
     * Connects (or waits for the peer's connection), binds, and returns the transport, ready to
     * read and write chunks. On failure everything taken is released.
     *
     * @param fullRemotePath the peer's path from its SDP {@code a=path}
     * @return the MSRP transport
     * @throws ConnectTimeoutException if connecting takes too long
     * @throws IncomingConnectionTimeoutException if no usable connection arrives in time
     * @throws BindTimeoutException if binding takes too long
     * @throws ConnectFailedException if the connection cannot be made (refused, TLS failure)
     * @throws org.msrp4j.transport.BindingException if binding is refused
     */
    MsrpTransport complete(List<MsrpUri> fullRemotePath) throws IOException;

    /** Releases what {@link #prepare} took; idempotent; safe after {@link #complete}. */
    void cleanup();
}
