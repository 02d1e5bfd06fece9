package org.msrp4j.relay;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.msrp4j.testing.Interop;

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
    /** The database, as the relay reaches it (its timeouts come from jdbc.timeout). */
    static final String URL = "jdbc:postgresql://127.0.0.1:" + PORT + "/msrp";

    private PostgresFixture() {
    }

    /** Skips the calling test when the database does not answer, or fails it when it is required. */
    static void require() {
        Interop.requireService("PostgreSQL on 127.0.0.1:" + PORT + " (bash interop/postgres/start.sh)", answers());
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
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "10");
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

    /**
     * The cluster's processes (the postmaster, from its pid file, and its children), for a test to
     * freeze; skips the calling test when they cannot be signalled (not root, nor the cluster's owner).
     */
    static List<Long> processes() throws IOException {
        Path runDir = Path.of(System.getenv().getOrDefault("MSRP_PG_RUN_DIR", "/tmp/msrp4j-postgres"));
        Path pidFile = runDir.resolve("data").resolve("postmaster.pid");
        assumeTrue(Files.isReadable(pidFile), "cannot read " + pidFile + " to signal the cluster (run as root or "
                + "as its owner)");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle handle = ProcessHandle.of(postmaster)
                .orElseThrow(() -> new IOException("postmaster " + postmaster + " is not running"));
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        handle.children().forEach(c -> pids.add(c.pid()));
        return pids;
    }

    /** Sends {@code signal} (e.g. STOP, CONT) to the processes {@code pids}. */
    static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        run(command, "kill -" + signal);
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
        run(List.of("bash", script.toString()), name);
    }

    private static void run(List<String> command, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
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
