/**
 * MSRP over WebSocket (RFC 7977) for any WebSocket implementation: {@link
 * org.msrp4j.transport.websocket.ChunkMessageOutputStream} cuts what a transport writes into one
 * message per chunk, {@link org.msrp4j.transport.websocket.MessageInputStream} turns received messages
 * back into a byte stream and checks that each holds exactly one chunk, and {@link
 * org.msrp4j.transport.websocket.MessageSocket} puts the two behind a {@link java.net.Socket} so that an
 * {@link org.msrp4j.transport.MsrpTransport} runs over a WebSocket unchanged.
 */
package org.msrp4j.transport.websocket;
