package org.msrp4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatsTest {

    static Stream<Arguments> series() {
        // values; count, mean, stdev (n - 1), min, max, median
        return Stream.of(
                Arguments.of(new double[] {}, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                Arguments.of(new double[] {7}, 1, 7.0, Double.NaN, 7.0, 7.0, 7.0),
                Arguments.of(new double[] {2, 4}, 2, 3.0, Math.sqrt(2), 2.0, 4.0, 3.0),
                Arguments.of(new double[] {5, 1, 3}, 3, 3.0, 2.0, 1.0, 5.0, 3.0),
                Arguments.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9}, 8, 5.0, Math.sqrt(32.0 / 7), 2.0, 9.0, 4.5),
                Arguments.of(new double[] {10, 10, 10}, 3, 10.0, 0.0, 10.0, 10.0, 10.0));
    }

    @ParameterizedTest
    @MethodSource("series")
    void statisticsOfASeries(double[] values, int count, double mean, double stdev, double min, double max,
            double median) {
        Stats s = Stats.of(values);
        assertThat(s.count()).isEqualTo(count);
        assertSame(s.mean(), mean);
        assertSame(s.stdev(), stdev);
        assertSame(s.min(), min);
        assertSame(s.max(), max);
        assertSame(s.median(), median);
    }

    private static void assertSame(double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void theInputIsNotReordered() {
        double[] values = {3, 1, 2};
        Stats.of(values);
        assertThat(values).containsExactly(3, 1, 2);
        assertThat(Stats.of(List.of(3.0, 1.0, 2.0)).median()).isEqualTo(2.0);
    }

    static Stream<Arguments> percentiles() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i; // 100 .. 1, unsorted on purpose
        }
        long[] thousand = new long[1000];
        for (int i = 0; i < 1000; i++) {
            thousand[i] = i + 1;
        }
        return Stream.of(
                Arguments.of(hundred, 50.0, 50.0),
                Arguments.of(hundred, 99.0, 99.0),
                Arguments.of(hundred, 100.0, 100.0),
                Arguments.of(hundred, 0.0, 1.0),
                Arguments.of(thousand, 99.9, 999.0),
                Arguments.of(new long[] {5}, 99.0, 5.0),
                Arguments.of(new long[] {1, 2, 3, 4}, 50.0, 2.0),
                Arguments.of(new long[] {1, 2, 3, 4}, 51.0, 3.0),
                Arguments.of(new long[] {}, 50.0, Double.NaN));
    }

    @ParameterizedTest
    @MethodSource("percentiles")
    void nearestRankPercentiles(long[] values, double p, double expected) {
        assertSame(Stats.percentile(values, p), expected);
    }

    @Test
    void percentilesOverSeveralRounds() {
        List<long[]> rounds = List.of(new long[] {4, 1}, new long[] {3, 2});
        assertThat(Stats.percentile(rounds, 50)).isEqualTo(2.0);
        assertThat(Stats.percentile(rounds, 75)).isEqualTo(3.0);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
