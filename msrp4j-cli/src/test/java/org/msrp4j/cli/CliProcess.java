package org.msrp4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The {@code msrp} command run as a child process, as a user runs it: {@code java -cp <the test
 * class path> org.msrp4j.cli.Main ARGS}, with stdin writable and stdout and stderr collected line
 * by line. Closing kills the process if it still runs. A failed wait shows the output of every
 * process not yet closed, so a test of two processes shows both sides.
 */
final class CliProcess implements AutoCloseable {

    /**
     * The longest wait for a process's line or exit: an upper bound only, far beyond what anything
     * takes on a loaded 2-core machine, so a test fails for what a process does, not for when.
     */
    static final Duration WAIT = Duration.ofSeconds(120);

    /**
     * The {@code --timeout} (seconds) of commands a test runs against other processes: a listener
     * waiting while the other side's JVM starts, a sender waiting while the receiver hashes. Far
     * beyond {@link #WAIT}; the tests end such processes themselves.
     */
    static final String PATIENT = "600";

    private static final List<CliProcess> OPEN = new CopyOnWriteArrayList<>();

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final List<Thread> collectors = new ArrayList<>();

    private CliProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        collect(process.getInputStream(), out);
        collect(process.getErrorStream(), err);
    }

    /** The command line that runs {@code msrp ARGS} in a child JVM. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code msrp ARGS} in {@code dir}, or in the current directory when null. */
    static CliProcess start(Path dir, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        CliProcess p = new CliProcess("msrp " + String.join(" ", args), builder.start());
        OPEN.add(p);
        return p;
    }

    /** Starts {@code msrp ARGS}. */
    static CliProcess start(String... args) throws IOException {
        return start(null, args);
    }

    private void collect(InputStream stream, List<String> lines) {
        collectors.add(Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    add(lines, line);
                }
            } catch (IOException e) {
                add(lines, "(stream failed: " + e + ")");
            }
        }));
    }

    private void add(List<String> lines, String line) {
        lock.lock();
        try {
            lines.add(line);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The first stdout line matching, waiting for it up to {@link #WAIT}. */
    String awaitOut(Predicate<String> match) throws InterruptedException {
        return await(out, match, "stdout");
    }

    /** The first stderr line matching, waiting for it up to {@link #WAIT}. */
    String awaitErr(Predicate<String> match) throws InterruptedException {
        return await(err, match, "stderr");
    }

    private String await(List<String> lines, Predicate<String> match, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        lock.lock();
        try {
            while (true) {
                for (String l : lines) {
                    if (match.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        throw new AssertionError("no matching line on " + stream + " within " + WAIT + "; stdout: " + stdout()
                + "; stderr: " + stderr() + others());
    }

    /** The local path the command printed as {@code a=path:…}. */
    String path() throws InterruptedException {
        return awaitOut(l -> l.startsWith("a=path:")).substring("a=path:".length());
    }

    /** Runs {@code msrp ARGS} with empty input to its end; see {@link #exitCode()}. */
    static CliProcess run(String... args) throws IOException, InterruptedException {
        CliProcess p = start(args);
        p.endInput();
        p.exitCode();
        return p;
    }

    /** The exit code of a process that has ended. */
    int exitValue() {
        return process.exitValue();
    }

    /** Writes a line to stdin. */
    void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Writes part of a line to stdin, without its end: what a person is still typing. */
    void typePart(String text) throws IOException {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Closes stdin (end of input). */
    void endInput() throws IOException {
        stdin.close();
    }

    /** Waits for the exit, up to {@link #WAIT}; the exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + WAIT + "; stdout: " + stdout() + "; stderr: " + stderr());
        }
        for (Thread t : collectors) {
            t.join(WAIT);
        }
        return process.exitValue();
    }

    /** Kills the process at once (SIGKILL), as a crash or a pulled plug would end it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Suspends the process (SIGSTOP), as a machine too busy to run it would; {@link #resume()} undoes it. */
    void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a {@linkplain #suspend() suspended} process run again (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Asks the process to stop (SIGTERM), as Ctrl-C or a service manager would, and waits for the exit. */
    void terminate() throws InterruptedException {
        process.toHandle().destroy(); // unlike Process.destroy(), leaves the output streams to be read to their end
        exitCode();
    }

    /** All stdout so far. */
    String stdout() {
        return joined(out);
    }

    /** All stderr so far. */
    String stderr() {
        return joined(err);
    }

    /** The stderr lines so far. */
    List<String> stderrLines() {
        lock.lock();
        try {
            return List.copyOf(err);
        } finally {
            lock.unlock();
        }
    }

    private String joined(List<String> lines) {
        lock.lock();
        try {
            return String.join("\n", lines);
        } finally {
            lock.unlock();
        }
    }

    /** The output of the other processes not yet closed, for a failure message. */
    private String others() {
        StringBuilder b = new StringBuilder();
        for (CliProcess p : OPEN) {
            if (p != this) {
                b.append("\n[").append(p.name).append(p.process.isAlive() ? ", running" : ", ended")
                        .append("] stdout: ").append(p.stdout()).append("; stderr: ").append(p.stderr());
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        OPEN.remove(this);
        if (process.isAlive()) {
            kill();
        }
    }
}
