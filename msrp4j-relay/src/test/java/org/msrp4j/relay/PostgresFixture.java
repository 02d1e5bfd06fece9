package org.msrp4j.relay;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL cluster of {@code interop/postgres} (Kamailio's {@code subscriber} table, accounts
 * alice, bob, carol and dave): where it listens ({@code MSRP_PG_PORT}, default 55432, on
 * 127.0.0.1), whether it answers, and its start and stop scripts ({@code MSRP_PG_RUN_DIR} passes
 * through to them). Tests that need it skip when it does not answer, or fail instead when the
 * environment says {@code MSRP4J_INTEROP=required} (CI sets it after starting it).
 */
final class PostgresFixture {

    static final String USER = "msrp";
    static final String PASSWORD = "msrp-test";
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("MSRP_PG_PORT", "55432"));
    static final String URL = "jdbc:postgresql://127.0.0.1:" + PORT + "/msrp?connectTimeout=5&socketTimeout=10";

    private PostgresFixture() {
    }

    /** Skips the calling test when the database does not answer, or fails it when it is required. */
    static void require() {
        boolean up = answers();
        String what = "PostgreSQL on 127.0.0.1:" + PORT + " (bash interop/postgres/start.sh)";
        if (!up && "required".equals(System.getenv("MSRP4J_INTEROP"))) {
            throw new AssertionError(what + " is not available, and MSRP4J_INTEROP=required");
        }
        assumeTrue(up, what + " is not available; set MSRP4J_INTEROP=required to fail instead");
    }

    /** Whether a connection as the test user works now. */
    static boolean answers() {
        try (Connection c = connect()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** A connection as the test user, to change accounts under a relay's feet. */
    static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection(URL, p);
    }

    /** Relay settings reading accounts from this database (the subscriber query). */
    static Properties relayProperties() {
        Properties p = new Properties();
        p.setProperty("listen", "msrps://127.0.0.1:0, msrp://127.0.0.1:0");
        p.setProperty("host", "127.0.0.1");
        p.setProperty("realm", RelayTestKit.REALM);
        p.setProperty("next-hop.allow-loopback", "true");
        p.setProperty("accounts", "jdbc");
        p.setProperty("jdbc.url", URL);
        p.setProperty("jdbc.user", USER);
        p.setProperty("jdbc.password", PASSWORD);
        return p;
    }

    /** Stops the cluster ({@code interop/postgres/stop.sh}). */
    static void stop() throws IOException, InterruptedException {
        script("stop.sh");
    }

    /** Starts the cluster again ({@code interop/postgres/start.sh}). */
    static void start() throws IOException, InterruptedException {
        script("start.sh");
    }

    private static void script(String name) throws IOException, InterruptedException {
        Path script = Path.of("..", "interop", "postgres", name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            throw new IOException("no " + script);
        }
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(name + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(name + " exited with " + p.exitValue() + ": "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
