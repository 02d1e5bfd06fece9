package org.msrp4j.bench.harness;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Statistics of a series of measured rounds (rates, CPU per message, ...): NaN where a figure needs
 * more values than there are (a stdev of one round, anything of none).
 *
 * @param count the number of values
 * @param mean their mean
 * @param stdev their sample standard deviation (n - 1)
 * @param min the smallest
 * @param max the largest
 * @param median the middle value (the mean of the two middle ones for an even count)
 */
public record Stats(int count, double mean, double stdev, double min, double max, double median) {

    /**
     * The statistics of {@code values}.
     *
     * @param values the series
     * @return its statistics
     */
    public static Stats of(double... values) {
        int n = values.length;
        if (n == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(values).sum() / n;
        double stdev = Double.NaN;
        if (n > 1) {
            stdev = Math.sqrt(Arrays.stream(values).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(n, mean, stdev, sorted[0], sorted[n - 1], median);
    }

    /**
     * The statistics of {@code values}.
     *
     * @param values the series
     * @return its statistics
     */
    public static Stats of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code p} % of the values at or
     * below it.
     *
     * @param values the values, in any order (not changed)
     * @param p the percentile, 0 to 100
     * @return the value, or NaN for no values
     */
    public static double percentile(long[] values, double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        // less a hair, so that 99.9 % of 1000 values is rank 999 and not, by rounding, 1000
        int rank = (int) Math.ceil(p / 100 * sorted.length - 1e-9);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * The nearest-rank percentile over several rounds' values taken together.
     *
     * @param rounds each round's values
     * @param p the percentile, 0 to 100
     * @return the value, or NaN for no values
     */
    public static double percentile(List<long[]> rounds, double p) {
        return percentile(rounds.stream().flatMapToLong(Arrays::stream).toArray(), p);
    }
}
