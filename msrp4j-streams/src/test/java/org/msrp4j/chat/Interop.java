package org.msrp4j.chat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Gates tests on outside programs (Kamailio): skipped, visibly, when one is not running; failed
 * instead when the environment says {@code MSRP4J_INTEROP=required} (as msrp4j-core's tests do).
 */
final class Interop {

    private Interop() {
    }

    /** Skips the test class when {@code host:port} refuses connections, or fails it when required. */
    static void requireListening(String what, String host, int port) {
        boolean up;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 2000);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        if (!up && "required".equals(System.getenv("MSRP4J_INTEROP"))) {
            throw new AssertionError(what + " is not available, and MSRP4J_INTEROP=required");
        }
        assumeTrue(up, what + " is not available; set MSRP4J_INTEROP=required to fail instead");
    }

    /** A port from the environment, or {@code fallback}. */
    static int port(String env, int fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
