package org.msrp4j.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live threads of this JVM, virtual ones included, read from a JSON thread dump (which lists
 * virtual threads, unlike {@link Thread#getAllStackTraces()}): for checks that nothing leaks.
 */
public final class ThreadDump {

    private static final Pattern THREAD = Pattern.compile("\"tid\":\\s*\"(\\d+)\"[^{}\\[]*?\"name\":\\s*\"([^\"]*)\"");

    private ThreadDump() {
    }

    /**
     * One live thread.
     *
     * @param id its thread id
     * @param name its name
     */
    public record LiveThread(String id, String name) {
    }

    /** Every live thread. */
    public static List<LiveThread> threads() throws IOException {
        Path dir = Files.createTempDirectory("msrp4j-threads");
        Path file = dir.resolve("dump.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Matcher m = THREAD.matcher(Files.readString(file));
            List<LiveThread> threads = new ArrayList<>();
            while (m.find()) {
                threads.add(new LiveThread(m.group(1), m.group(2)));
            }
            return threads;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** The names of all live threads. */
    public static List<String> names() throws IOException {
        return threads().stream().map(LiveThread::name).toList();
    }

    /** The names of the live threads whose name starts with {@code prefix}. */
    public static List<String> names(String prefix) throws IOException {
        return names().stream().filter(n -> n.startsWith(prefix)).toList();
    }
}
