package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code msrp listen} and {@code msrp connect} chatting as two processes, over TCP, IPv6 and TLS. */
class ChatProcessTest {

    @Test
    void connectChatsWithAnEchoingListener() throws Exception {
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--echo", "--host",
                "127.0.0.1")) {
            String path = listen.path();
            assertThat(path).matches("msrp://127\\.0\\.0\\.1:\\d+/\\S+;tcp");
            try (CliProcess connect = CliProcess.start("connect", "--timeout", CliProcess.PATIENT, path)) {
                String connectPath = connect.path();
                connect.type("hello over MSRP");
                connect.type("caf\u00e9 \u2615");
                String echoed = connect.awaitOut(l -> l.endsWith("] hello over MSRP"));
                assertThat(echoed).startsWith("[" + path + " ");
                connect.awaitOut(l -> l.endsWith("] caf\u00e9 \u2615"));
                String heard = listen.awaitOut(l -> l.endsWith("] hello over MSRP"));
                assertThat(heard).matches("\\[" + Pattern.quote(connectPath) + " \\S+] hello over MSRP");
                connect.endInput();
                assertThat(connect.exitCode()).isZero();
                assertThat(connect.stderr()).contains("bound: peer " + path).contains("end of input: session closed");
            }
            assertThat(listen.exitCode()).isZero();
            assertThat(listen.stderr()).contains("the peer closed the session");
        }
    }

    /**
     * Given the listener's whole media description as its argument, connect sees that the listener
     * names message/cpim: its messages go in CPIM (the listener's trace shows it) and are marked
     * delivered; the listener, which has only the connector's path, answers plain text/plain.
     */
    @Test
    void connectGivenTheListenersDescriptionWrapsInCpim() throws Exception {
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--echo", "--trace",
                "--host", "127.0.0.1")) {
            listen.awaitOut(l -> l.startsWith("a=setup:actpass"));
            String offer = String.join("\n", listen.stdout().lines().filter(l -> l.matches("[mca]=.*")).toList());
            assertThat(offer).startsWith("m=message ").contains("\na=accept-types:message/cpim ");
            try (CliProcess connect = CliProcess.start("connect", "--timeout", CliProcess.PATIENT, offer)) {
                connect.awaitOut(l -> l.startsWith("a=setup:active"));
                connect.type("wrapped");
                connect.awaitOut(l -> l.endsWith("] wrapped"));
                connect.awaitErr(l -> l.equals("(delivered) wrapped"));
                listen.awaitOut(l -> l.endsWith("] wrapped"));
                listen.awaitErr(l -> l.equals("< Content-Type: message/cpim"));
                listen.awaitErr(l -> l.equals("(delivered) wrapped"));
                connect.endInput();
                assertThat(connect.exitCode()).isZero();
            }
            assertThat(listen.exitCode()).isZero();
            assertThat(listen.stderr()).doesNotContain("> Content-Type: message/cpim");
        }
    }

    @Test
    void anUnusableDescriptionIsAUsageError() throws Exception {
        CliProcess p = CliProcess.run("connect", "m=message 0 TCP/MSRP *\na=path:msrp://127.0.0.1:9/x;tcp");
        assertThat(p.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(p.stderr()).startsWith("msrp connect: the peer's media description cannot be used: ");
        CliProcess q = CliProcess.run("connect", "--remote-sdp", "/nonexistent/offer.sdp");
        assertThat(q.exitValue()).isEqualTo(ExitCode.FAILURE);
        assertThat(q.stderr()).contains("no such file: /nonexistent/offer.sdp");
    }

    @Test
    void listenWithRemotePathOverIpv6AcceptsOnlyThatPeer() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            port = free.getLocalPort();
        }
        String connectorPath = "msrp://[::1]:" + port + "/fixedsession;tcp";
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--host", "::1",
                "--remote-path", connectorPath, "--echo")) {
            String path = listen.path();
            assertThat(path).startsWith("msrp://[::1]:");
            try (CliProcess connect = CliProcess.start("connect", "--timeout", CliProcess.PATIENT, "--host", "::1",
                    "--port", Integer.toString(port), "--session-id", "fixedsession", path)) {
                assertThat(connect.path()).isEqualTo(connectorPath);
                connect.type("over IPv6");
                connect.awaitOut(l -> l.endsWith("] over IPv6"));
                listen.awaitOut(l -> l.matches("\\[" + Pattern.quote(connectorPath) + " \\S+] over IPv6"));
                connect.endInput();
                assertThat(connect.exitCode()).isZero();
            }
            assertThat(listen.exitCode()).isZero();
        }
    }

    @Test
    void tlsWithPinnedFingerprints() throws Exception {
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--tls", "--echo",
                "--host", "127.0.0.1")) {
            String path = listen.path();
            assertThat(path).startsWith("msrps://127.0.0.1:");
            String fingerprint = listen.awaitOut(l -> l.startsWith("a=fingerprint:"))
                    .substring("a=fingerprint:".length());
            assertThat(fingerprint).matches("SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
            try (CliProcess connect = CliProcess.start("connect", "--timeout", CliProcess.PATIENT, "--fingerprint",
                    fingerprint, path)) {
                connect.awaitOut(l -> l.startsWith("a=fingerprint:SHA-256 "));
                connect.type("secret");
                connect.awaitOut(l -> l.endsWith("] secret"));
                assertThat(connect.stderr()).contains("certificate " + fingerprint);
                connect.endInput();
                assertThat(connect.exitCode()).isZero();
            }
            assertThat(listen.exitCode()).isZero();
        }
    }

    /**
     * A message the listener cannot take whole (over its 1 MiB limit) is refused with 413, so the
     * sender learns it was not delivered, instead of a 200 for data the listener then dropped.
     */
    @Test
    void aMessageTooLargeForTheListenerIsRefusedAndTheSenderToldSo() throws Exception {
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1");
                CliProcess connect = CliProcess.start("connect", "--timeout", CliProcess.PATIENT, listen.path())) {
            connect.type("x".repeat(Chat.MAX_MESSAGE + 1));
            String refused = connect.awaitErr(l -> l.contains("not delivered: 413"));
            assertThat(refused).startsWith("message ");
            listen.awaitErr(l -> l.contains("refused message") && l.contains(String.valueOf(Chat.MAX_MESSAGE)));
            connect.type("small again");
            listen.awaitOut(l -> l.endsWith("] small again"));
            connect.endInput();
            assertThat(connect.exitCode()).isZero();
            assertThat(listen.exitCode()).isZero();
        }
    }

    @Test
    void traceShowsTheWire() throws Exception {
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--echo", "--host",
                "127.0.0.1");
                CliProcess connect = CliProcess.start("connect", "--timeout", CliProcess.PATIENT, "--trace",
                        listen.path())) {
            connect.type("traced");
            connect.awaitOut(l -> l.endsWith("] traced"));
            connect.awaitErr(l -> l.matches("> MSRP \\S+ SEND"));
            connect.awaitErr(l -> l.matches("< MSRP \\S+ 200 OK"));
            connect.awaitErr(l -> l.equals("> traced"));
            connect.awaitErr(l -> l.matches("< -------\\S+\\$"));
            connect.endInput();
            assertThat(connect.exitCode()).isZero();
            assertThat(listen.exitCode()).isZero();
        }
    }
}
