package org.msrp4j.bench;

import static org.msrp4j.bench.RelayBench.WAIT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.msrp4j.connect.Connector;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * The sender's side of the pipe variant: connects to the pipe, names the receiver's port, then
 * (for TLS) starts TLS with the pipe and binds to the receiver through it.
 */
final class PipeConnector implements Connector {
    private final int pipePort;
    private ReadAheadSocket socket;
    private MsrpUri localUri;

    PipeConnector(int pipePort) {
        this.pipePort = pipePort;
    }

    @Override
    public List<MsrpUri> prepare(MsrpUri uri) throws IOException {
        socket = new ReadAheadSocket();
        socket.bind(new InetSocketAddress(uri.host(), 0));
        localUri = uri.withPort(socket.getLocalPort());
        return List.of(localUri);
    }

    @Override
    public MsrpTransport complete(List<MsrpUri> fullRemotePath) throws IOException {
        MsrpUri target = fullRemotePath.get(0);
        BytePipe.connect(socket, pipePort, target.port());
        MsrpTransport t;
        if (target.useTls()) {
            socket.enableReadAhead();
            SSLSocket tls = (SSLSocket) TlsContexts.client().getSocketFactory().createSocket(socket,
                    target.host(), pipePort, true);
            tls.startHandshake();
            t = TransportInternals.open(tls, socket, localUri, List.of(), TransportSettings.DEFAULT);
        } else {
            t = TransportInternals.open(socket, localUri, List.of(), TransportSettings.DEFAULT);
        }
        Binding.active(t, fullRemotePath, WAIT);
        return t;
    }

    @Override
    public void cleanup() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was sent yet
        }
    }
}
