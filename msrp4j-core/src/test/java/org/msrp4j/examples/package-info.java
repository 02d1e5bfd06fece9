/**
 * Runnable versions of the usage examples of msrplib's documentation, in msrp4j: an outbound
 * connection with {@link org.msrp4j.connect.ConnectorDirect} and an inbound one with {@link
 * org.msrp4j.connect.AcceptorDirect}; {@code InboundConnection.main} runs them against each other.
 */
package org.msrp4j.examples;
