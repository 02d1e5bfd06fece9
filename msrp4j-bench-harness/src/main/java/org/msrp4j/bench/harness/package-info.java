/**
 * What every bench harness shares: typed {@code --name=value} options with their usage text
 * ({@link org.msrp4j.bench.harness.OptionParser}), statistics of a series of rounds ({@link
 * org.msrp4j.bench.harness.Stats}) and the process's CPU time, collections, allocation and load
 * ({@link org.msrp4j.bench.harness.Meter}). No JMH here: the {@code msrp} tool's {@code bench}
 * command uses this package too.
 */
package org.msrp4j.bench.harness;
