/**
 * The shared loopback fixture of msrp4j's tests, published in msrp4j-core's test-jar for the streams,
 * relay and cli tests: socket pairs and TLS on 127.0.0.1 or [::1] with self-signed credentials,
 * transports bound by the library's own connectors, a raw-socket peer for hostile input, queued
 * sessions that exchange messages and files, work on virtual threads with bounded waits, thread
 * dumps for leak checks, and the gates and settings of outside services (Kamailio).
 */
package org.msrp4j.testing;
