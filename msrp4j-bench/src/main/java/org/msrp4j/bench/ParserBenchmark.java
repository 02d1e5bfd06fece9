package org.msrp4j.bench;

import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link ChunkParser} on three {@link Workloads}, each next to a baseline that
 * copies the same bytes in the same slices with {@code System.arraycopy}: the least any reader
 * must do to touch them. One operation is one chunk ({@link OperationsPerInvocation}), so the
 * score is chunks/s, bytes/s is the score times {@link Workloads.Workload#bytesPerChunk()}, and
 * parser score / baseline score is the fraction of copy speed the parser reaches.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParserBenchmark {

    /** One workload with a parser that counts what it reports, and a slice-sized copy target. */
    public abstract static class Input {
        Workloads.Workload workload;
        byte[] input;
        int slice;
        byte[] copyTarget;
        Workloads.CountingListener counts;
        ChunkParser parser;

        abstract Workloads.Workload build();

        /** Builds and verifies the input. */
        @Setup
        public void setUp() {
            workload = build();
            Workloads.verify(workload);
            input = workload.input();
            slice = workload.slice();
            copyTarget = new byte[slice];
            counts = new Workloads.CountingListener();
            parser = new ChunkParser(counts);
        }

        long parse() throws ChunkParseException {
            Workloads.feed(parser, input, slice);
            return counts.chunks + counts.dataBytes;
        }

        byte[] copy() {
            byte[] in = input;
            byte[] dst = copyTarget;
            int n = slice;
            for (int off = 0; off < in.length; off += n) {
                System.arraycopy(in, off, dst, 0, Math.min(n, in.length - off));
            }
            return dst;
        }
    }

    /** {@link Workloads#small()}: ~100-byte text/plain SENDs in 16 KiB slices. */
    @State(Scope.Thread)
    public static class Small extends Input {
        @Override
        Workloads.Workload build() {
            return Workloads.small();
        }
    }

    /** {@link Workloads#smallMixedPaths()}: as small, but every chunk of another session. */
    @State(Scope.Thread)
    public static class SmallMixedPaths extends Input {
        @Override
        Workloads.Workload build() {
            return Workloads.smallMixedPaths();
        }
    }

    /** {@link Workloads#large()}: 64 KiB binary bodies in 64 KiB slices. */
    @State(Scope.Thread)
    public static class Large extends Input {
        @Override
        Workloads.Workload build() {
            return Workloads.large();
        }
    }

    /** {@link Workloads#stream()}: 2 KiB binary chunks of one message in 16 KiB slices. */
    @State(Scope.Thread)
    public static class Stream extends Input {
        @Override
        Workloads.Workload build() {
            return Workloads.stream();
        }
    }

    /** Parses the small workload. */
    @Benchmark
    @OperationsPerInvocation(Workloads.SMALL_CHUNKS)
    public long small(Small s) throws ChunkParseException {
        return s.parse();
    }

    /** Copies the small workload. */
    @Benchmark
    @OperationsPerInvocation(Workloads.SMALL_CHUNKS)
    public byte[] smallBaseline(Small s) {
        return s.copy();
    }

    /** Parses the small workload with a new session on every chunk. */
    @Benchmark
    @OperationsPerInvocation(Workloads.SMALL_CHUNKS)
    public long smallMixedPaths(SmallMixedPaths s) throws ChunkParseException {
        return s.parse();
    }

    /** Copies the small workload with a new session on every chunk. */
    @Benchmark
    @OperationsPerInvocation(Workloads.SMALL_CHUNKS)
    public byte[] smallMixedPathsBaseline(SmallMixedPaths s) {
        return s.copy();
    }

    /** Parses the large workload. */
    @Benchmark
    @OperationsPerInvocation(Workloads.LARGE_CHUNKS)
    public long large(Large s) throws ChunkParseException {
        return s.parse();
    }

    /** Copies the large workload. */
    @Benchmark
    @OperationsPerInvocation(Workloads.LARGE_CHUNKS)
    public byte[] largeBaseline(Large s) {
        return s.copy();
    }

    /** Parses the stream workload. */
    @Benchmark
    @OperationsPerInvocation(Workloads.STREAM_CHUNKS)
    public long stream(Stream s) throws ChunkParseException {
        return s.parse();
    }

    /** Copies the stream workload. */
    @Benchmark
    @OperationsPerInvocation(Workloads.STREAM_CHUNKS)
    public byte[] streamBaseline(Stream s) {
        return s.copy();
    }
}
