package org.msrp4j.testing;

import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.Async.await;
import static org.msrp4j.testing.Async.closeWhenDone;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.Connector;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * Two transports bound to each other by the library's own connectors: the active side's and the
 * passive side's. {@link #close()} closes both at once: closing one TLS transport alone waits for the
 * peer's close_notify.
 *
 * @param active the transport of the side that connected
 * @param passive the transport of the side that accepted
 */
public record BoundPair(MsrpTransport active, MsrpTransport passive) implements AutoCloseable {

    /**
     * A direct TCP connection on 127.0.0.1, bound: an {@link AcceptorDirect} takes its first peer, a
     * {@link ConnectorDirect} connects to it, both with {@link ConnectSettings#DEFAULT}.
     */
    public static BoundPair direct() throws Exception {
        MsrpUri local = MsrpUri.builder().host(LoopbackSockets.V4).port(0).build();
        AcceptorDirect acceptor = new AcceptorDirect(ConnectSettings.DEFAULT);
        ConnectorDirect connector = new ConnectorDirect(ConnectSettings.DEFAULT);
        try {
            List<MsrpUri> acceptorPath = acceptor.prepare(local);
            connector.prepare(local);
            CompletableFuture<MsrpTransport> accepted = async(acceptor::completeWithFirstPeer);
            MsrpTransport connected;
            try {
                connected = connector.complete(acceptorPath);
            } catch (Exception e) {
                closeWhenDone(accepted);
                throw e;
            }
            return new BoundPair(connected, await(accepted));
        } finally {
            acceptor.cleanup();
            connector.cleanup();
        }
    }

    /**
     * Prepares both connectors on the given local URIs, completes them concurrently against each
     * other's paths and returns the bound transports. On failure both connectors are cleaned up.
     */
    public static BoundPair bind(Connector active, MsrpUri activeUri, Connector passive, MsrpUri passiveUri)
            throws Exception {
        return bind(active, activeUri, passive, passiveUri, p -> p);
    }

    /**
     * As {@link #bind(Connector, MsrpUri, Connector, MsrpUri)}, the passive side given {@code
     * remoteForPassive} applied to the active side's path.
     */
    public static BoundPair bind(Connector active, MsrpUri activeUri, Connector passive, MsrpUri passiveUri,
            UnaryOperator<List<MsrpUri>> remoteForPassive) throws Exception {
        List<MsrpUri> passivePath = passive.prepare(passiveUri);
        List<MsrpUri> activePath;
        try {
            activePath = active.prepare(activeUri);
        } catch (Exception e) {
            passive.cleanup();
            throw e;
        }
        List<MsrpUri> given = remoteForPassive.apply(activePath);
        CompletableFuture<MsrpTransport> p = async(() -> passive.complete(given));
        CompletableFuture<MsrpTransport> a = async(() -> active.complete(passivePath));
        try {
            return new BoundPair(await(a), await(p));
        } catch (Exception e) {
            closeWhenDone(a);
            closeWhenDone(p);
            active.cleanup();
            passive.cleanup();
            throw e;
        }
    }

    @Override
    public void close() {
        Async.closeTogether(active::close, passive::close);
    }
}
