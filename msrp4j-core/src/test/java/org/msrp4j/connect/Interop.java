package org.msrp4j.connect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gates tests on outside programs (Kamailio, dnsmasq): skipped when one is missing, failed instead
 * when the environment says {@code MSRP4J_INTEROP=required} (CI sets it after starting them).
 */
final class Interop {

    private Interop() {
    }

    /** Whether the environment requires the interop services. */
    static boolean required() {
        return "required".equals(System.getenv("MSRP4J_INTEROP"));
    }

    /** Skips the test class when {@code available} is false, or fails it when the services are required. */
    static void requireService(String what, boolean available) {
        if (!available && required()) {
            throw new AssertionError(what + " is not available, and MSRP4J_INTEROP=required");
        }
        assumeTrue(available, what + " is not available; set MSRP4J_INTEROP=required to fail instead");
    }
}
