package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.IncomingConnectionTimeoutException;
import org.msrp4j.tls.pkix.PkixCredentials;

/** Each failure ends in one line on stderr and its exit code; a stack trace only with --debug. */
class ErrorsProcessTest {

    @Test
    void badPathSyntaxIsAUsageError() throws Exception {
        CliProcess p = CliProcess.run("connect", "msrp://127.0.0.1:2855/nosemicolon");
        assertThat(p.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(p.stderrLines()).containsExactly("msrp connect: Invalid value for positional parameter at index "
                + "0..* (PATH): bad MSRP URI: invalid MSRP URI (missing ;transport): "
                + "\"msrp://127.0.0.1:2855/nosemicolon\""
                + " (see 'msrp connect --help')");
        assertThat(p.stdout()).isEmpty();
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() throws Exception {
        CliProcess p = CliProcess.run("frobnicate");
        assertThat(p.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(p.stderrLines()).hasSize(1).first(InstanceOfAssertFactories.STRING)
                .contains("Unmatched argument").contains("frobnicate");
        CliProcess q = CliProcess.run("send", "--to", "msrp://127.0.0.1:1/x;tcp", "--frob", "file");
        assertThat(q.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(q.stderrLines()).hasSize(1);
        assertThat(q.stderr()).startsWith("msrp send: Unknown option: '--frob'");
    }

    @Test
    void refusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CliProcess p = CliProcess.run("connect", "msrp://127.0.0.1:" + port + "/abc;tcp");
        assertThat(p.exitValue()).isEqualTo(ExitCode.CONNECT);
        assertThat(last(p)).isEqualTo("msrp connect: cannot connect to /127.0.0.1:" + port + ": Connection refused");
        assertThat(p.stderr()).doesNotContain("\tat ");
    }

    @Test
    void tlsFingerprintMismatch() throws Exception {
        String other = PkixCredentials.selfSigned("someone-else").fingerprint().toString();
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--tls", "--host",
                "127.0.0.1")) {
            CliProcess connect = CliProcess.run("connect", "--fingerprint", other, listen.path());
            assertThat(connect.exitValue()).isEqualTo(ExitCode.TLS);
            assertThat(last(connect)).startsWith("msrp connect: TLS handshake with /127.0.0.1:")
                    .contains("fingerprint mismatch");
            assertThat(connect.stderr()).doesNotContain("\tat ");
        }
    }

    @Test
    void timeoutWaitingForAPeer() throws Exception {
        CliProcess p = CliProcess.run("listen", "--host", "127.0.0.1", "--timeout", "1");
        assertThat(p.exitValue()).isEqualTo(ExitCode.TIMEOUT);
        assertThat(last(p)).isEqualTo("msrp listen: no connection bound within 1000 ms");
        assertThat(p.stderr()).doesNotContain("\tat ");
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        CliProcess p = CliProcess.run("receive", "--host", "127.0.0.1", "--timeout", "1", "--debug");
        assertThat(p.exitValue()).isEqualTo(ExitCode.TIMEOUT);
        assertThat(p.stderr()).contains("msrp receive: no connection bound within 1000 ms\n"
                + IncomingConnectionTimeoutException.class.getName() + ": no connection bound within 1000 ms")
                .contains("\tat " + AcceptorDirect.class.getName() + ".completeWithFirstPeer");
    }

    @Test
    void unreadableFile() throws Exception {
        CliProcess p = CliProcess.run("send", "/nonexistent/file", "--to", "msrp://127.0.0.1:1/abc;tcp");
        assertThat(p.exitValue()).isEqualTo(ExitCode.FAILURE);
        assertThat(p.stderrLines()).containsExactly("msrp send: cannot read /nonexistent/file: not a readable file");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() throws Exception {
        CliProcess p = CliProcess.run("--help");
        assertThat(p.exitValue()).isZero();
        assertThat(p.stdout()).contains("demo", "listen", "connect", "send", "receive", "share-screen", "view-screen",
                "relay", "bench", "Exit codes:", "  8  connection lost before the work was done",
                "  9  the relay refused the credentials");
        for (String command : List.of("listen", "connect", "send", "receive", "share-screen", "view-screen", "relay",
                "bench", "demo")) {
            CliProcess h = CliProcess.run(command, "--help");
            assertThat(h.exitValue()).isZero();
            assertThat(h.stdout()).startsWith("Usage: msrp " + command).contains("Exit codes: see 'msrp --help'");
        }
    }

    private static String last(CliProcess p) {
        List<String> lines = p.stderrLines();
        return lines.get(lines.size() - 1);
    }
}
