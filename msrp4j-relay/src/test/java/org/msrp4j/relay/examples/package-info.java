/**
 * Runnable versions of msrplib's relay examples, in msrp4j: {@link
 * org.msrp4j.relay.examples.InboundRelayConnection} waits for an inbound connection through a relay
 * ({@code RelayConnection(relay, 'passive')}), {@link
 * org.msrp4j.relay.examples.OutboundRelayConnection} calls it through the same relay with a {@link
 * org.msrp4j.connect.ConnectorRelay}. Each one's {@code main} runs both against an embedded {@link
 * org.msrp4j.relay.MsrpRelay}.
 */
package org.msrp4j.relay.examples;
