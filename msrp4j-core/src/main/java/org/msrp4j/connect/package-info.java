/**
 * Setting up bound connections: the {@link org.msrp4j.connect.Connector} steps (prepare, complete,
 * cleanup) that bracket the SDP offer/answer, {@link org.msrp4j.connect.ConnectorDirect} and {@link
 * org.msrp4j.connect.AcceptorDirect} for one session each, {@link org.msrp4j.connect.MsrpServer}
 * for many sessions on shared ports, the relay client of RFC 4976 ({@link
 * org.msrp4j.connect.RelayConnection}, {@link org.msrp4j.connect.ConnectorRelay}, {@link
 * org.msrp4j.connect.AcceptorRelay}, configured by {@link org.msrp4j.connect.RelaySettings}: SRV
 * look-up, AUTH with HTTP digest, reservation refresh), their {@link
 * org.msrp4j.connect.ConnectSettings} (time limits, TLS, transport options), and the typed failures
 * of each step.
 */
package org.msrp4j.connect;
