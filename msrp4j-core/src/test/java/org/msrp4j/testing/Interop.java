package org.msrp4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Gates tests on outside programs (Kamailio, dnsmasq, PostgreSQL, Chromium): skipped, visibly, when
 * one is missing; failed instead when the environment says {@code MSRP4J_INTEROP=required} (CI sets
 * it after starting them).
 */
public final class Interop {

    private Interop() {
    }

    /** Whether the environment requires the interop services. */
    public static boolean required() {
        return "required".equals(System.getenv("MSRP4J_INTEROP"));
    }

    /** Skips the test when {@code available} is false, or fails it when the services are required. */
    public static void requireService(String what, boolean available) {
        if (!available && required()) {
            throw new AssertionError(what + " is not available, and MSRP4J_INTEROP=required");
        }
        assumeTrue(available, what + " is not available; set MSRP4J_INTEROP=required to fail instead");
    }

    /** {@link #requireService} for a service that should accept TCP connections on {@code host:port}. */
    public static void requireListening(String what, String host, int port) {
        requireService(what, listening(host, port));
    }

    /** Whether a TCP connection to {@code host:port} is accepted now (within 2 s). */
    public static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port from the environment variable {@code env}, or {@code fallback}. */
    public static int port(String env, int fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
