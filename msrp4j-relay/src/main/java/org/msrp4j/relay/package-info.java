/**
 * An RFC 4976 MSRP relay server: {@link org.msrp4j.relay.MsrpRelay} started from a {@link
 * org.msrp4j.relay.RelayConfig} (built in code or read from a properties file), with accounts
 * from {@link org.msrp4j.relay.RelayUsers}.
 */
package org.msrp4j.relay;
