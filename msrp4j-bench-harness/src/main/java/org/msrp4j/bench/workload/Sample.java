package org.msrp4j.bench.workload;

import org.msrp4j.bench.harness.Meter;

/**
 * One timed round.
 *
 * @param seconds wall time
 * @param cpuSeconds this process's CPU time meanwhile
 * @param gcs garbage collections meanwhile
 * @param latencies each call's latency in nanoseconds (round trips), or none
 */
public record Sample(double seconds, double cpuSeconds, long gcs, long[] latencies) {

    static Sample of(Meter.Reading r, long[] latencies) {
        return new Sample(r.seconds(), r.cpuSeconds(), r.gcs(), latencies);
    }
}
