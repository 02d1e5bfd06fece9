package org.msrp4j.session;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/** Two transports bound to each other over loopback, for session tests. */
record SessionPair(MsrpTransport active, MsrpTransport passive) implements AutoCloseable {

    static SessionPair open(String host, boolean tls) throws Exception {
        ConnectSettings settings = ConnectSettings.DEFAULT;
        AcceptorDirect acceptor = new AcceptorDirect(settings);
        ConnectorDirect connector = new ConnectorDirect(settings);
        List<MsrpUri> passivePath = acceptor.prepare(MsrpUri.builder().host(host).port(0).useTls(tls).build());
        List<MsrpUri> activePath = connector.prepare(MsrpUri.builder().host(host).useTls(tls).build());
        CompletableFuture<MsrpTransport> passive = CompletableFuture.supplyAsync(() -> {
            try {
                return acceptor.complete(activePath);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        MsrpTransport active = connector.complete(passivePath);
        return new SessionPair(active, passive.get(10, TimeUnit.SECONDS));
    }

    @Override
    public void close() {
        active.close();
        passive.close();
    }
}
