/**
 * Traffic logging to SLF4J: {@link org.msrp4j.log.Slf4jTrafficLogger} implements the transport's
 * {@link org.msrp4j.transport.TrafficLogger} and writes every chunk a transport sends and receives,
 * optionally with the wire bytes, and the library's diagnostic messages.
 */
package org.msrp4j.log;
