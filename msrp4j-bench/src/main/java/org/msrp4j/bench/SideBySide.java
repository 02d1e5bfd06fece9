package org.msrp4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.msrp4j.bench.harness.Stats;

/**
 * The table of {@link RelayBench} that puts direct, Kamailio's relay and ours side by side: the
 * file with 8 KiB chunks and the message rounds, per protocol, with the ratios msrp4j / Kamailio
 * and relay / direct. Rows are keyed {@code "file tcp"}, {@code "sequential tls"}, {@code
 * "pipelined tcp"} and so on; columns {@code direct}, {@code kamailio} and {@code relay}.
 */
final class SideBySide {

    /** Pipelined messages awaiting their 200s at once. */
    static final int WINDOW = 64;

    private final Map<String, Map<String, List<Double>>> rows = new LinkedHashMap<>();

    /** Adds measured {@code values} to a row's column; null (a variant not measured) adds nothing. */
    void add(String row, String column, List<Double> values) {
        if (values != null) {
            rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).computeIfAbsent(column, k -> new ArrayList<>())
                    .addAll(values);
        }
    }

    /** Prints the table (nothing when no row was measured). */
    void print(int rounds, int messages, List<String> protocols, boolean kamailio) {
        if (rows.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "Side by side (%d rounds, mean ± sd; the file with 8 KiB chunks, under"
                + " Kamailio's frame limit; messages: 100-byte text/plain, %,d sequential (the next when the receiver"
                + " has the previous and its 200 came), %,d pipelined with %d awaiting 200s)%n%n", rounds,
                messages, 10 * messages, WINDOW);
        System.out.println("| path | direct | Kamailio | msrp4j relay | msrp4j / Kamailio | relay / direct |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String kind : List.of("file", "sequential", "pipelined")) {
            for (String protocol : protocols) {
                Map<String, List<Double>> row = rows.get(kind + " " + protocol);
                if (row == null) {
                    continue;
                }
                String p = protocol.toUpperCase(Locale.ROOT);
                String label = switch (kind) {
                    case "file" -> "file, " + p + ", 8 KiB chunks, MB/s";
                    case "sequential" -> "sequential 100-byte messages, " + p + ", msgs/s";
                    default -> "pipelined (window " + WINDOW + "), " + p + ", msgs/s";
                };
                System.out.println("| " + label + " | " + cell(row.get("direct")) + " | " + cell(row.get("kamailio"))
                        + " | " + cell(row.get("relay")) + " | " + ratio(row.get("relay"), row.get("kamailio"))
                        + " | " + ratio(row.get("relay"), row.get("direct")) + " |");
            }
        }
        System.out.println();
        if (!kamailio) {
            System.out.println("Kamailio: not measured (no --kamailio-tcp-port; run-relay-bench.sh starts it and says"
                    + " why when it does not)");
            System.out.println();
        }
    }

    private static String cell(List<Double> values) {
        return values == null ? "—"
                : String.format(Locale.ROOT, "%,.1f ± %,.1f", Stats.of(values).mean(), Stats.of(values).stdev());
    }

    private static String ratio(List<Double> numerator, List<Double> denominator) {
        return numerator == null || denominator == null ? "—"
                : String.format(Locale.ROOT, "**%.2f**",
                        Stats.of(numerator).mean() / Stats.of(denominator).mean());
    }
}
