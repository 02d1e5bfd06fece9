/**
 * Benchmarks for msrp4j, each beside a baseline measured in the same run.
 * {@link org.msrp4j.bench.ParserBenchmark} (JMH) measures the chunk parser against {@code
 * System.arraycopy} on the inputs built by {@link org.msrp4j.bench.Workloads};
 * {@link org.msrp4j.bench.TransportBench} moves bulk chunks over one transport against a raw socket
 * copy (TCP and TLS); {@link org.msrp4j.bench.SessionBench} runs sessions end to end (1 GiB files,
 * sequential and pipelined messages) against raw sockets. The {@code run-*-bench.sh} scripts run
 * them and print the ratios.
 */
package org.msrp4j.bench;
