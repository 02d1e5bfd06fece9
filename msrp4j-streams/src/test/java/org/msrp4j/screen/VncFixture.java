package org.msrp4j.screen;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real RFB server: Xvfb showing one colour and x11vnc serving it on loopback, started and stopped
 * by {@code interop/vnc/start.sh} and {@code stop.sh} (the scripts CI uses too). When they cannot
 * run (Xvfb or x11vnc missing, or they fail to start) the test is skipped, visibly, with the reason;
 * with {@code MSRP4J_INTEROP=required} it fails instead.
 */
public final class VncFixture implements AutoCloseable {

    private final Path scripts;
    private final Path runDir;
    public final int port;
    public final String display;
    public final int width;
    public final int height;
    /** The root window's colour, 0xRRGGBB. */
    public final int colour;

    private VncFixture(Path scripts, Path runDir, String info) {
        this.scripts = scripts;
        this.runDir = runDir;
        String[] f = info.strip().split(" ");
        this.port = Integer.parseInt(f[0]);
        this.display = f[1];
        String[] size = f[2].split("x");
        this.width = Integer.parseInt(size[0]);
        this.height = Integer.parseInt(size[1]);
        this.colour = Integer.parseInt(f[3].substring(1), 16);
    }

    /** Starts the display and the VNC server in {@code runDir}, or skips (fails when required). */
    public static VncFixture start(Path runDir) throws IOException, InterruptedException {
        Path scripts = findScripts();
        String problem;
        if (scripts == null) {
            problem = "interop/vnc/start.sh not found above " + Path.of("").toAbsolutePath();
        } else {
            ProcessBuilder b = new ProcessBuilder("bash", scripts.resolve("start.sh").toString())
                    .redirectOutput(runDir.resolve("start.out").toFile())
                    .redirectError(runDir.resolve("start.err").toFile());
            b.environment().put("VNC_RUN_DIR", runDir.toString());
            Process p = b.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problem = "interop/vnc/start.sh did not finish within 60 s";
            } else if (p.exitValue() == 0) {
                return new VncFixture(scripts, runDir, Files.readString(runDir.resolve("start.out")));
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

    private static Path findScripts() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("interop/vnc");
            if (Files.isRegularFile(candidate.resolve("start.sh"))) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder("bash", scripts.resolve("stop.sh").toString()).inheritIO();
        b.environment().put("VNC_RUN_DIR", runDir.toString());
        b.start().waitFor(30, TimeUnit.SECONDS);
    }
}
