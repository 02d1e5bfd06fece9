/**
 * The session workload the loopback session bench ({@code SessionBench}) and the {@code msrp bench}
 * command run: a raw socket pair ({@link org.msrp4j.bench.workload.RawLink}) beside a session pair
 * ({@link org.msrp4j.bench.workload.SessionLink}), and the timed rounds over them ({@link
 * org.msrp4j.bench.workload.SessionWorkload}): a file copied raw and sent with {@code sendFile},
 * checked by SHA-256 on arrival; sequential and pipelined small messages against raw ping-pong and a
 * raw one-way stream.
 */
package org.msrp4j.bench.workload;
