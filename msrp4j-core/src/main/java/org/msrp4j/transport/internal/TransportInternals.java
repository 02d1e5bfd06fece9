package org.msrp4j.transport.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;

/**
 * The calls on a transport that only the library makes: connectors open transports and bind them,
 * a relay client awaits its AUTH refresh and caps chunk sizes to its relay's, a session watches
 * input and stalled writes. {@link MsrpTransport} installs their implementation when its class is
 * initialised, so they stay off its public API (the JDK's {@code SharedSecrets} do the same).
 */
public final class TransportInternals {

    /** The operations behind the static methods, implemented inside {@code org.msrp4j.transport}. */
    public interface Access {

        /**
         * Opens a transport; see {@link TransportInternals#open(Socket, MsrpUri, List, TransportSettings)}.
         *
         * @param socket the socket chunks go over (TLS or plain)
         * @param underlying the plain socket under it, or {@code socket} itself
         * @param localUri this endpoint's URI, or null
         * @param localRelayPath this endpoint's relays
         * @param options the transport's options
         * @return the transport
         * @throws IOException if a socket is closed or its streams cannot be had
         */
        MsrpTransport open(Socket socket, Socket underlying, MsrpUri localUri, List<MsrpUri> localRelayPath,
                TransportSettings options) throws IOException;

        /**
         * See {@link TransportInternals#awaitResponse}.
         *
         * @param transport the transport
         * @param transactionId the request's transaction id
         * @return completes with the response
         */
        CompletableFuture<MsrpChunk> awaitResponse(MsrpTransport transport, String transactionId);

        /**
         * See {@link TransportInternals#hasInputWaiting}.
         *
         * @param transport the transport
         * @return whether input is waiting
         */
        boolean hasInputWaiting(MsrpTransport transport);

        /**
         * See {@link TransportInternals#writeStalledNanos}.
         *
         * @param transport the transport
         * @return nanoseconds, or 0
         */
        long writeStalledNanos(MsrpTransport transport);

        /**
         * See {@link TransportInternals#setLocalUri}.
         *
         * @param transport the transport
         * @param localUri the local URI
         */
        void setLocalUri(MsrpTransport transport, MsrpUri localUri);

        /**
         * See {@link TransportInternals#setMaxChunkSize}.
         *
         * @param transport the transport
         * @param value the most body bytes per chunk, or 0
         */
        void setMaxChunkSize(MsrpTransport transport, int value);

        /**
         * See {@link TransportInternals#pushBack}.
         *
         * @param transport the transport
         * @param chunks the chunks, in the order to be read
         */
        void pushBack(MsrpTransport transport, List<MsrpChunk> chunks);

        /**
         * See {@link TransportInternals#readRefusingMalformed}.
         *
         * @param transport the transport
         * @param timeout the longest wait
         * @return the chunk read
         * @throws IOException as the read fails
         */
        MsrpChunk readRefusingMalformed(MsrpTransport transport, Duration timeout) throws IOException;
    }

    private static volatile Access access;

    private TransportInternals() {
    }

    /**
     * Installs the implementation; {@link MsrpTransport} does so once, when initialised.
     *
     * @param implementation the operations
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(Access implementation) {
        if (access != null) {
            throw new IllegalStateException("the transport's internals are installed already");
        }
        access = implementation;
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(MsrpTransport.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    /**
     * A transport over a connected socket (TCP, or TLS created directly with an {@code
     * SSLSocketFactory}, or a WebSocket adapter). Sets TCP_NODELAY.
     *
     * @param socket the connected socket; the transport owns it from now on
     * @param localUri this endpoint's URI (the From-Path of what it sends), or null when not known
     *     until a passive binding names it
     * @param localRelayPath the URIs of this endpoint's relays (the relay's Use-Path), empty without
     * @param options logging, session matching, buffers and limits
     * @return the transport, not bound
     * @throws IOException if the socket is closed or its streams cannot be had
     */
    public static MsrpTransport open(Socket socket, MsrpUri localUri, List<MsrpUri> localRelayPath,
            TransportSettings options) throws IOException {
        return access().open(socket, socket, localUri, localRelayPath, options);
    }

    /**
     * A transport over a TLS socket layered on a plain one (as {@code SSLSocketFactory.createSocket(
     * socket, host, port, true)} makes). Knowing the plain socket lets {@link MsrpTransport#close()}
     * end the connection at once even while a write is blocked inside TLS.
     *
     * @param tls the TLS socket, layered with auto-close on {@code tcp}
     * @param tcp the connected plain socket under it
     * @param localUri this endpoint's URI, or null for a server side that learns it when binding
     * @param localRelayPath this endpoint's relays in Use-Path order, empty for a direct connection
     * @param options logging, session matching, buffers and limits
     * @return the transport, not bound
     * @throws IOException if a socket is closed or its streams cannot be had
     */
    public static MsrpTransport open(SSLSocket tls, Socket tcp, MsrpUri localUri, List<MsrpUri> localRelayPath,
            TransportSettings options) throws IOException {
        return access().open(tls, tcp, localUri, localRelayPath, options);
    }

    /**
     * Takes the response to transaction {@code transactionId} away from the readers: whichever
     * thread reads it completes the returned future instead of getting it from {@link
     * MsrpTransport#readChunk}. For a request sent on a connection that someone else reads, such as
     * a relay client's AUTH refresh under a running session. The future fails with {@code
     * ConnectionClosedException} if the transport closes first; cancel it to stop waiting.
     *
     * @param transport the transport the request went out on
     * @param transactionId the transaction id of the request sent
     * @return completes with the response
     */
    public static CompletableFuture<MsrpChunk> awaitResponse(MsrpTransport transport, String transactionId) {
        return access().awaitResponse(transport, transactionId);
    }

    /**
     * Whether input has arrived that the next {@link MsrpTransport#readChunk(int)} would take without
     * waiting for the peer: a chunk already read, part of one, or bytes the socket holds unread
     * (over TLS, bytes already decrypted). A session writes its answers itself only when there is none.
     *
     * @param transport the transport
     * @return true if the next read can return without waiting for the peer
     */
    public static boolean hasInputWaiting(MsrpTransport transport) {
        return access().hasInputWaiting(transport);
    }

    /**
     * How long the write in progress has waited for the socket to take more bytes, in nanoseconds;
     * 0 when no write is in progress. A write that waits long has a peer that is not reading (or a
     * connection that is gone without a word): sessions end on it after their response timeout.
     *
     * @param transport the transport
     * @return nanoseconds, or 0
     */
    public static long writeStalledNanos(MsrpTransport transport) {
        return access().writeStalledNanos(transport);
    }

    /**
     * Names this endpoint's URI, for a passive binding that learns which session a connection
     * serves from the first SEND's To-Path.
     *
     * @param transport the transport
     * @param localUri the URI the SEND was addressed to
     */
    public static void setLocalUri(MsrpTransport transport, MsrpUri localUri) {
        access().setLocalUri(transport, localUri);
    }

    /**
     * Caps {@link MsrpTransport#maxChunkSize()}, for a relay connection that knows its relay's
     * limit; 0 for no cap.
     *
     * @param transport the transport
     * @param value the most body bytes per chunk, or 0
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static void setMaxChunkSize(MsrpTransport transport, int value) {
        access().setMaxChunkSize(transport, value);
    }

    /**
     * Puts chunks a binding read but did not consume back in front of what the next reads return.
     *
     * @param transport the transport
     * @param chunks the chunks, in the order they are to be read
     */
    public static void pushBack(MsrpTransport transport, List<MsrpChunk> chunks) {
        access().pushBack(transport, chunks);
    }

    /**
     * Reads the next chunk whole for a passive binding, where a malformed request, once answered,
     * ends the attempt with {@code BindingException}.
     *
     * @param transport the transport
     * @param timeout the longest wait
     * @return the next chunk
     * @throws IOException if the read fails, times out or meets a malformed request
     */
    public static MsrpChunk readRefusingMalformed(MsrpTransport transport, Duration timeout) throws IOException {
        return access().readRefusingMalformed(transport, timeout);
    }
}
