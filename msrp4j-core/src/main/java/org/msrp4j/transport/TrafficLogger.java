package org.msrp4j.transport;

import java.nio.ByteBuffer;
import org.msrp4j.protocol.MsrpChunk;

/**
 * Receives what a {@link MsrpTransport} sends and receives, and the library's diagnostic messages
 * (msrplib's traffic logger). Every method has a no-op default, so an implementation overrides only
 * what it wants; {@link #NULL} logs nothing and lets the transport skip the calls altogether.
 *
 * <p>Threading: the {@code received…} methods run on the thread reading the transport, the
 * {@code sent…} methods on the thread writing, possibly at the same time; an implementation must be
 * thread-safe and quick, since it delays the I/O it reports. The {@code data} buffers are read-only
 * views valid only during the call, and so is the body of a sent chunk (a session reuses the array
 * of file chunks): copy what must outlive the call.
 */
public interface TrafficLogger {

    /** Logs nothing; transports test for it and skip the calls. */
    TrafficLogger NULL = new TrafficLogger() {
        @Override
        public String toString() {
            return "TrafficLogger.NULL";
        }
    };

    /**
     * The start of a chunk arrived.
     *
     * @param data the start line and headers, re-encoded from the parsed chunk (headers are kept
     *     verbatim, so this is the wire text), up to and including the blank line if a body follows
     * @param chunk the chunk as parsed (its body follows in the next calls)
     * @param transport the transport
     */
    default void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
    }

    /**
     * A piece of the body of the chunk {@code transactionId} arrived.
     *
     * @param data the bytes
     * @param transport the transport
     * @param transactionId the transaction id
     */
    default void receivedChunkData(ByteBuffer data, MsrpTransport transport, String transactionId) {
    }

    /**
     * The end of the chunk {@code transactionId} arrived.
     *
     * @param data the end-line as received, e.g. {@code -------a786hjs2$} and CRLF
     * @param transactionId the transaction id
     * @param transport the transport
     */
    default void receivedChunkEnd(ByteBuffer data, MsrpTransport transport, String transactionId) {
    }

    /**
     * The start of a chunk was written.
     *
     * @param data the start line and headers as written, up to and including the blank line if a
     *     body follows
     * @param chunk the chunk
     * @param transport the transport
     */
    default void sentNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
    }

    /**
     * A piece of the body of the chunk {@code transactionId} was written.
     *
     * @param data the bytes
     * @param transport the transport
     * @param transactionId the transaction id
     */
    default void sentChunkData(ByteBuffer data, MsrpTransport transport, String transactionId) {
    }

    /**
     * The end-line of the chunk {@code transactionId} was written.
     *
     * @param data the bytes
     * @param transport the transport
     * @param transactionId the transaction id
     */
    default void sentChunkEnd(ByteBuffer data, MsrpTransport transport, String transactionId) {
    }

    /**
     * A debug-level message from the library.
     *
     * @param message the detail message
     */
    default void debug(String message) {
    }

    /**
     * An info-level message from the library.
     *
     * @param message the detail message
     */
    default void info(String message) {
    }

    /**
     * A warning from the library.
     *
     * @param message the detail message
     */
    default void warn(String message) {
    }

    /**
     * An error the library recovered from (e.g. a malformed chunk it answered with 400).
     *
     * @param message the detail message
     */
    default void error(String message) {
    }

    /**
     * An error that ended a connection.
     *
     * @param message the detail message
     */
    default void fatal(String message) {
    }
}
