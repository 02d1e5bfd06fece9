package org.msrp4j.bench.harness;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a timed run costs this JVM: started with {@link #start()}, read with {@link #stop(long)}. Also
 * the process-wide readings the harnesses print (CPU time, collections, allocation, heap peaks, the
 * machine's load).
 */
public final class Meter {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long gc0 = gcCount();
    private final long allocated0 = allocatedBytes();
    private final long cpu0 = processCpuNanos();
    private final long t0 = System.nanoTime();

    private Meter() {
    }

    /**
     * Starts measuring now.
     *
     * @return the running meter
     */
    public static Meter start() {
        return new Meter();
    }

    /**
     * The run's cost from {@link #start()} to {@code endNanos} (wall time) and to now (CPU time,
     * collections, allocation).
     *
     * @param endNanos the {@link System#nanoTime()} at which the run ended
     * @return the reading
     */
    public Reading stop(long endNanos) {
        long cpu1 = processCpuNanos();
        long allocated1 = allocatedBytes();
        return new Reading((endNanos - t0) / 1e9, (cpu1 - cpu0) / 1e9, gcCount() - gc0,
                allocated0 < 0 || allocated1 < 0 ? -1 : allocated1 - allocated0);
    }

    /**
     * The {@link System#nanoTime()} at which this meter started.
     *
     * @return the start
     */
    public long startNanos() {
        return t0;
    }

    /**
     * One timed run's cost.
     *
     * @param seconds wall time
     * @param cpuSeconds this process's CPU time (user and system, all threads)
     * @param gcs garbage collections
     * @param allocatedBytes heap bytes allocated by all threads, or -1 where unknown
     */
    public record Reading(double seconds, double cpuSeconds, long gcs, long allocatedBytes) {
    }

    /**
     * This process's CPU time so far, user and system.
     *
     * @return nanoseconds
     */
    public static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /**
     * Garbage collections so far, all collectors.
     *
     * @return the count
     */
    public static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /**
     * Heap bytes allocated so far by all live threads, or -1 where the JVM does not count them.
     *
     * @return bytes
     */
    public static long allocatedBytes() {
        try {
            return THREADS.getTotalThreadAllocatedBytes();
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /**
     * The peak use of each heap pool (peaks of different moments: they do not add up).
     *
     * @return e.g. {@code "G1 Eden Space 12.0 MiB, G1 Old Gen 3.5 MiB"}
     */
    public static String heapPeaks() {
        List<String> out = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                out.add(String.format(Locale.ROOT, "%s %.1f MiB", p.getName(), p.getPeakUsage().getUsed() / 1048576.0));
            }
        }
        return String.join(", ", out);
    }

    /**
     * The machine's load as Linux reports it ({@code /proc/loadavg}).
     *
     * @return the line, or {@code "unknown"}
     */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
