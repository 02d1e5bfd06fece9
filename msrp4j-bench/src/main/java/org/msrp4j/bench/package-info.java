/**
 * JMH benchmarks for msrp4j. {@link org.msrp4j.bench.ParserBenchmark} measures the chunk parser
 * against a {@code System.arraycopy} baseline on the inputs built by
 * {@link org.msrp4j.bench.Workloads}; {@code run-parser-bench.sh} runs it and prints a summary.
 */
package org.msrp4j.bench;
