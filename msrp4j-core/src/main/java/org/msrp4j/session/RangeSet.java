package org.msrp4j.session;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Disjoint byte ranges {@code [start, end]} (positions from 1, ends inclusive), kept sorted and
 * merged: adjacent and overlapping ranges become one, so in-order arrival needs a single entry
 * however many chunks come. Adding is O(log n + merged) in the number of ranges. Not thread-safe.
 */
final class RangeSet {

    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long covered;

    /** Adds {@code [start, end]} ({@code end >= start}); returns how many bytes were new. */
    long add(long start, long end) {
        if (end < start) {
            throw new IllegalArgumentException("empty range " + start + "-" + end);
        }
        long before = covered;
        long s = start;
        long e = end;
        Map.Entry<Long, Long> floor = ranges.floorEntry(s);
        if (floor != null && floor.getValue() >= s - 1) {
            if (floor.getValue() >= e) {
                return 0;
            }
            s = floor.getKey();
            remove(floor);
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(s);
        while (next != null && next.getKey() <= e + 1) {
            e = Math.max(e, next.getValue());
            remove(next);
            next = ranges.higherEntry(next.getKey());
        }
        ranges.put(s, e);
        covered += e - s + 1;
        return covered - before;
    }

    private void remove(Map.Entry<Long, Long> entry) {
        ranges.remove(entry.getKey());
        covered -= entry.getValue() - entry.getKey() + 1;
    }

    /** The number of bytes covered. */
    long covered() {
        return covered;
    }

    /** The last position covered, or 0 when empty. */
    long highest() {
        return ranges.isEmpty() ? 0 : ranges.lastEntry().getValue();
    }

    /** The number of disjoint ranges. */
    int size() {
        return ranges.size();
    }

    /** The ranges, start to end, in order; a live unmodifiable view. */
    Iterable<Map.Entry<Long, Long>> ranges() {
        return Collections.unmodifiableMap(ranges).entrySet();
    }
}
