/**
 * Traffic logging: {@link org.msrp4j.log.TrafficLogger} receives every chunk a transport sends and
 * receives and the library's diagnostic messages; {@link org.msrp4j.log.Slf4jTrafficLogger} writes
 * them to SLF4J, optionally with the wire bytes.
 */
package org.msrp4j.log;
