package org.msrp4j.bench.workload;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.MsrpTransport;

/** A sending and a receiving session over one connection; the receiver checks what the rounds expect. */
public final class SessionLink implements AutoCloseable {

    private final MsrpSession sender;
    private final MsrpSession receiver;
    private final Arrivals.Receiver handler;

    private SessionLink(MsrpSession sender, MsrpSession receiver, Arrivals.Receiver handler) {
        this.sender = sender;
        this.receiver = receiver;
        this.handler = handler;
    }

    /**
     * Sessions on a direct connection on 127.0.0.1 made by {@link ConnectorDirect} and {@link
     * AcceptorDirect} (binding SEND and, with TLS, the handshake included).
     *
     * @param tls whether the connection is TLS
     * @param credentials the acceptor's TLS credentials (with {@code tls})
     * @param send the sending session's options
     * @param receive the receiving session's options
     * @return the started sessions
     * @throws Exception if the connection fails
     */
    public static SessionLink direct(boolean tls, TlsCredentials credentials, SessionSettings send,
            SessionSettings receive) throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(ConnectSettings.builder().tlsCredentials(credentials).build());
        ConnectorDirect connector = new ConnectorDirect();
        List<MsrpUri> acceptorPath = acceptor.prepare(MsrpUri.builder().host("127.0.0.1").port(0).useTls(tls).build());
        List<MsrpUri> connectorPath = connector.prepare(MsrpUri.builder().host("127.0.0.1").useTls(tls).build());
        CompletableFuture<MsrpTransport> accepted = new CompletableFuture<>();
        Thread.ofVirtual().name("bench-accept").start(() -> {
            try {
                accepted.complete(acceptor.complete(connectorPath));
            } catch (Throwable e) {
                accepted.completeExceptionally(e);
            }
        });
        MsrpTransport connected = connector.complete(acceptorPath);
        return of(connected, accepted.get(60, TimeUnit.SECONDS), send, receive);
    }

    /**
     * Sessions on two bound transports (e.g. one through a relay).
     *
     * @param senderTransport the sending side's transport
     * @param receiverTransport the receiving side's transport
     * @param send the sending session's options
     * @param receive the receiving session's options
     * @return the started sessions
     */
    public static SessionLink of(MsrpTransport senderTransport, MsrpTransport receiverTransport, SessionSettings send,
            SessionSettings receive) {
        Arrivals.Receiver handler = new Arrivals.Receiver();
        MsrpSession receiver = MsrpSession.start(receiverTransport, receive, handler);
        MsrpSession sender = MsrpSession.start(senderTransport, send, chunk -> { });
        return new SessionLink(sender, receiver, handler);
    }

    /**
     * The sending session.
     *
     * @return it
     */
    public MsrpSession sender() {
        return sender;
    }

    /**
     * The receiving session.
     *
     * @return it
     */
    public MsrpSession receiver() {
        return receiver;
    }

    Arrivals.Receiver handler() {
        return handler;
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
    }
}
