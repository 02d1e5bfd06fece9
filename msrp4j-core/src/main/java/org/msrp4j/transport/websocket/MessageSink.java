package org.msrp4j.transport.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where {@link ChunkMessageOutputStream} sends WebSocket messages: a WebSocket's sending side. */
@FunctionalInterface
public interface MessageSink {

    /**
     * Sends part of a message, blocking until the WebSocket has taken it; the buffer is not used
     * after the call returns.
     *
     * @param data the bytes (a binary frame's payload)
     * @param last whether they end the message
     * @throws IOException if the WebSocket fails or is closed
     */
    void send(ByteBuffer data, boolean last) throws IOException;
}
