package org.msrp4j.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The interop fixture's Kamailio ({@code interop/kamailio/start.sh} on 127.0.0.1: msrp 2865, msrps
 * 2866, ws 2869, wss 2870): a test that needs it is skipped when a port is closed, or fails instead
 * when the environment says {@code MSRP4J_INTEROP=required} (CI sets it after starting Kamailio).
 */
final class Kamailio {

    static final int TCP = 2865;
    static final int TLS = 2866;
    static final int WS = 2869;
    static final int WSS = 2870;

    private Kamailio() {
    }

    /** Skips (or, when required, fails) the test unless every port in {@code ports} accepts a connection. */
    static void require(int... ports) {
        boolean open = true;
        for (int port : ports) {
            open &= accepts(port);
        }
        String what = "Kamailio's MSRP relay on 127.0.0.1 (interop/kamailio/start.sh)";
        if (!open && "required".equals(System.getenv("MSRP4J_INTEROP"))) {
            throw new AssertionError(what + " is not available, and MSRP4J_INTEROP=required");
        }
        assumeTrue(open, what + " is not available; set MSRP4J_INTEROP=required to fail instead");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
