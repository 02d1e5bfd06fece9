package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive commands as a person sees them: {@code msrp connect} and {@code msrp send} run in
 * a tmux pane (a real terminal), driven with send-keys and read with capture-pane. Needs
 * {@code /usr/bin/tmux} (CI installs it); uses a tmux server of its own.
 */
class TerminalChatTest {

    private static final Path TMUX = Path.of("/usr/bin/tmux");

    private final String socket = "msrp4j-test-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @AfterEach
    void stopTmux() throws Exception {
        if (Files.isExecutable(TMUX)) {
            tmux(false, "kill-server");
        }
    }

    @Test
    void chatInATerminal() throws Exception {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed");
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--echo", "--host",
                "127.0.0.1")) {
            String path = listen.path();
            startInPane("connect", "--timeout", CliProcess.PATIENT, path);
            String bound = awaitScreen(s -> s.contains("type a line to send it"));
            assertThat(bound).contains("a=path:msrp://").contains("bound: peer " + path);
            tmux(true, "send-keys", "-t", "msrp", "hello from a terminal", "Enter");
            String screen = awaitScreen(s -> s.lines().anyMatch(l -> l.matches(
                    "\\[" + Pattern.quote(path) + " \\S+] hello from a terminal")));
            assertThat(screen.lines().filter(l -> l.equals("hello from a terminal"))).hasSize(1);
            listen.awaitOut(l -> l.endsWith("] hello from a terminal"));
            tmux(true, "send-keys", "-t", "msrp", "C-d");
            assertThat(awaitScreen(s -> s.contains("[exit "))).contains("end of input: session closed")
                    .contains("[exit 0]");
            assertThat(listen.exitCode()).isZero();
        }
    }

    /**
     * Both media descriptions exchanged (the listener in the pane reads the connector's from its
     * input, as a person would paste it): the pane shows "(typing...)" while the connector types part
     * of a line, its message, and the marks of the pane's own message once delivered (success REPORT)
     * and displayed (IMDN display notification); the connector gets the same marks for its message.
     */
    @Test
    void typingAndMarksInATerminal() throws Exception {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed");
        startInPane("listen", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1", "--remote-sdp", "-");
        String offered = awaitScreen(s -> s.contains("paste the peer's media description"));
        Path offer = dir.resolve("offer.sdp");
        Files.writeString(offer, offered.lines().filter(l -> l.matches("[mca]=.*"))
                .collect(Collectors.joining("\n", "", "\n")));
        try (CliProcess connect = CliProcess.start("connect", "--timeout", CliProcess.PATIENT, "--remote-sdp",
                offer.toString())) {
            String connectPath = connect.path();
            connect.awaitOut(l -> l.startsWith("a=setup:active"));
            for (String line : connect.stdout().lines().filter(l -> l.matches("[mca]=.*")).toList()) {
                tmux(true, "send-keys", "-t", "msrp", "-l", line);
                tmux(true, "send-keys", "-t", "msrp", "Enter");
            }
            tmux(true, "send-keys", "-t", "msrp", "Enter");
            assertThat(awaitScreen(s -> s.contains("type a line to send it"))).contains("bound: peer " + connectPath);
            connect.awaitErr(l -> l.startsWith("type a line to send it"));

            connect.typePart("hel");
            awaitScreen(s -> s.lines().anyMatch(l -> l.equals("(typing...)")));
            connect.type("lo from a pipe");
            awaitScreen(s -> s.lines().anyMatch(l -> l.matches(
                    "\\[" + Pattern.quote(connectPath) + " \\S+] hello from a pipe")));
            connect.awaitErr(l -> l.equals("(delivered) hello from a pipe"));
            connect.awaitErr(l -> l.equals("(displayed) hello from a pipe"));

            tmux(true, "send-keys", "-t", "msrp", "hello from a terminal", "Enter");
            String marked = awaitScreen(s -> s.lines().anyMatch(l -> l.equals("(delivered) hello from a terminal"))
                    && s.lines().anyMatch(l -> l.equals("(displayed) hello from a terminal")));
            assertThat(marked).doesNotContain("not delivered");
            connect.awaitOut(l -> l.endsWith("] hello from a terminal"));
            connect.endInput();
            assertThat(connect.exitCode()).isZero();
        }
        assertThat(awaitScreen(s -> s.contains("[exit "))).contains("the peer closed the session").contains("[exit 0]");
    }

    @Test
    void progressBarInATerminal() throws Exception {
        assumeTrue(Files.isExecutable(TMUX), "tmux is not installed");
        Path file = TransferProcessTest.randomFile(dir.resolve("shown.bin"), 20_000_000);
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                dir.resolve("in").toString(),
                "--host", "127.0.0.1")) {
            startInPane("send", "--timeout", CliProcess.PATIENT, file.toString(), "--to", receive.path());
            String screen = awaitScreen(s -> s.contains("[exit "));
            assertThat(screen).contains("[exit 0]")
                    .contains("shown.bin [==============================] 100%  20.0 MB / 20.0 MB")
                    .doesNotContain("shown.bin: ");
            assertThat(receive.exitCode()).isZero();
            assertThat(receive.stderr()).contains("shown.bin: 100%");
        }
    }

    /**
     * Runs {@code msrp ARGS} in a new detached session's pane, which stays after it ends, well
     * past {@link CliProcess#WAIT} (the tmux server is killed after each test).
     */
    private void startInPane(String... args) throws Exception {
        String command = CliProcess.command(args).stream().map(TerminalChatTest::quoted)
                .collect(Collectors.joining(" "));
        tmux(true, "new-session", "-d", "-s", "msrp", "-x", "200", "-y", "50",
                "sh -c '" + command.replace("'", "'\\''") + "; echo \"[exit $?]\"; sleep 600'");
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private String awaitScreen(Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + CliProcess.WAIT.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux(true, "capture-pane", "-p", "-J", "-t", "msrp");
            if (done.test(screen)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal never showed what was expected; it shows:\n" + screen);
    }

    private String tmux(boolean check, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", socket));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(CliProcess.WAIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + String.join(" ", args) + " hung");
        }
        if (check && p.exitValue() != 0) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
