package org.msrp4j.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real RFB server for the screen sharing commands: Xvfb showing one colour and x11vnc serving it
 * on loopback, started and stopped by {@code interop/vnc/start.sh} and {@code stop.sh} (as
 * msrp4j-streams' screen tests do). When they cannot run the test is skipped, visibly, with the
 * reason; with {@code MSRP4J_INTEROP=required} it fails instead.
 */
final class VncServer implements AutoCloseable {

    private final Path scripts;
    private final Path runDir;
    final int port;
    final int width;
    final int height;
    /** The screen's one colour, 0xRRGGBB. */
    final int colour;

    private VncServer(Path scripts, Path runDir, String info) {
        this.scripts = scripts;
        this.runDir = runDir;
        String[] f = info.strip().split(" ");
        this.port = Integer.parseInt(f[0]);
        String[] size = f[2].split("x");
        this.width = Integer.parseInt(size[0]);
        this.height = Integer.parseInt(size[1]);
        this.colour = Integer.parseInt(f[3].substring(1), 16);
    }

    /** Starts the display and the VNC server in {@code runDir}, or skips (fails when required). */
    static VncServer start(Path runDir) throws IOException, InterruptedException {
        Path scripts = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && scripts == null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("interop/vnc/start.sh"))) {
                scripts = dir.resolve("interop/vnc");
            }
        }
        String problem;
        if (scripts == null) {
            problem = "interop/vnc/start.sh not found above " + Path.of("").toAbsolutePath();
        } else {
            Process p = script(scripts, runDir, "start.sh").redirectOutput(runDir.resolve("start.out").toFile())
                    .redirectError(runDir.resolve("start.err").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problem = "interop/vnc/start.sh did not finish within 60 s";
            } else if (p.exitValue() == 0) {
                return new VncServer(scripts, runDir, Files.readString(runDir.resolve("start.out")));
            } else {
                problem = "interop/vnc/start.sh exited " + p.exitValue() + ": "
                        + Files.readString(runDir.resolve("start.err"), StandardCharsets.UTF_8).strip();
            }
        }
        if ("required".equals(System.getenv("MSRP4J_INTEROP"))) {
            throw new AssertionError("Xvfb and x11vnc are not available, and MSRP4J_INTEROP=required: " + problem);
        }
        assumeTrue(false, "Xvfb and x11vnc are not available (" + problem + "); install xvfb, x11vnc and"
                + " x11-xserver-utils, or set MSRP4J_INTEROP=required to fail instead");
        throw new IllegalStateException("unreachable");
    }

    private static ProcessBuilder script(Path scripts, Path runDir, String name) {
        ProcessBuilder b = new ProcessBuilder("bash", scripts.resolve(name).toString());
        b.environment().put("VNC_RUN_DIR", runDir.toString());
        return b;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script(scripts, runDir, "stop.sh").inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
}
