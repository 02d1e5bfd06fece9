package org.msrp4j.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Progress of a transfer on stderr: a bar redrawn in place on a terminal (bytes, percentage, rate
 * and time left), or a plain line at most once a second otherwise (logs, pipes, CI). The rate is
 * the average since the start; bytes that were there before (a resumed transfer) do not count.
 * Not thread-safe: one thread reports.
 */
final class Progress {

    /** How progress is shown. */
    enum Mode {
        /** A bar on a terminal, lines otherwise. */
        AUTO,
        /** A bar redrawn in place. */
        BAR,
        /** One line at most once a second. */
        LINES,
        /** Nothing. */
        NONE
    }

    private static final int BAR_WIDTH = 30;
    private static final long BAR_EVERY_NANOS = 100_000_000L;
    private static final long LINE_EVERY_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final Mode mode;
    private final long startNanos = System.nanoTime();
    private final long startBytes;
    private long lastNanos;
    private boolean finished;
    private String note;

    /**
     * @param label what moves, e.g. the file name
     * @param total the bytes when done
     * @param startBytes the bytes already there when this starts
     */
    Progress(PrintWriter err, String label, long total, long startBytes, Mode mode) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.startBytes = startBytes;
        this.mode = mode == Mode.AUTO ? (isTerminal() ? Mode.BAR : Mode.LINES) : mode;
        this.lastNanos = startNanos;
    }

    /** Sets what is said after the figures (what they count, when it needs saying), or null for nothing. */
    void note(String text) {
        note = text;
    }

    /** Reports {@code done} bytes of the total; shown only when it is time to. */
    void update(long done) {
        long now = System.nanoTime();
        if (mode == Mode.NONE || finished
                || now - lastNanos < (mode == Mode.BAR ? BAR_EVERY_NANOS : LINE_EVERY_NANOS)) {
            return;
        }
        lastNanos = now;
        show(done, now, false);
    }

    /** Shows the last state and ends the bar's line; later calls do nothing. */
    void finish(long done) {
        if (mode == Mode.NONE || finished) {
            return;
        }
        finished = true;
        show(done, System.nanoTime(), true);
    }

    private void show(long done, long now, boolean last) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = (done - startBytes) / seconds;
        String eta = rate > 0 && done < total ? duration((total - done) / rate) : last ? duration(seconds) : "--:--";
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        String figures = String.format(Locale.ROOT, "%3d%%  %s / %s  %s/s  %s %s", percent, bytes(done), bytes(total),
                bytes((long) rate), last ? "in" : "ETA", eta) + (note == null ? "" : "  " + note);
        if (mode == Mode.BAR) {
            int filled = total == 0 ? BAR_WIDTH : (int) (done * BAR_WIDTH / total);
            String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
            err.print("\r" + label + " [" + bar + "] " + figures + "\u001b[K" + (last ? System.lineSeparator() : ""));
        } else {
            err.println(label + ": " + figures);
        }
        err.flush();
    }

    /** Bytes in B, KB, MB or GB (powers of 1000), one decimal. */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /**
     * Whether the process talks to a terminal. Java 22 and later always have a {@link Console} and
     * tell with {@code Console.isTerminal()}, which this Java 21 code calls when it exists.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
