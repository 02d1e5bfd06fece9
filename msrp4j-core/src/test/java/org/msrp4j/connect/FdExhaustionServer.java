package org.msrp4j.connect;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.Async;
import org.msrp4j.testing.LoopbackSockets;
import org.msrp4j.transport.MsrpTransport;
import org.slf4j.LoggerFactory;

/**
 * The child JVM of {@link MsrpServerFdExhaustionTest}, run with a low limit on open files: an
 * {@link MsrpServer} on 127.0.0.1 that prints {@code READY <uri>}, reads the peer's URI from stdin,
 * waits for that peer to bind and prints {@code BOUND}. Before {@code READY} it binds once with
 * itself and logs once through the server's logger, so that the classes of those paths are loaded
 * while files can still be opened.
 */
public final class FdExhaustionServer {

    private FdExhaustionServer() {
    }

    public static void main(String[] args) throws Exception {
        ConnectSettings settings = ConnectFixtures.settings(Duration.ofMinutes(2));
        try (MsrpServer server = new MsrpServer(settings)) {
            warmUp(server, settings);
            MsrpUri uri = server.prepare(ConnectFixtures.local(LoopbackSockets.V4, false)).get(0);
            System.out.println("READY " + uri);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            MsrpUri peer = MsrpUri.parse(in.readLine());
            try (MsrpTransport bound = server.complete(List.of(peer))) {
                System.out.println("BOUND " + bound.remoteAddress());
                System.out.flush();
            }
        }
    }

    private static void warmUp(MsrpServer server, ConnectSettings settings) throws Exception {
        List<MsrpUri> path = server.prepare(ConnectFixtures.local(LoopbackSockets.V4, false));
        ConnectorDirect self = new ConnectorDirect(settings);
        List<MsrpUri> selfPath = self.prepare(ConnectFixtures.local(LoopbackSockets.V4, false));
        CompletableFuture<MsrpTransport> passive = Async.async(() -> server.complete(selfPath));
        try (MsrpTransport active = self.complete(path);
                MsrpTransport accepted = passive.get(1, TimeUnit.MINUTES)) {
            active.writeChunk(active.newChunk().data("warm").build());
            accepted.readChunk();
        }
        try (Socket dropped = new Socket(path.get(0).host(), path.get(0).port())) {
            dropped.shutdownOutput();
        }
        LoggerFactory.getLogger(MsrpServer.class).info("warm-up done on {} ({} failed accepts)", path.get(0), 0L);
    }
}
