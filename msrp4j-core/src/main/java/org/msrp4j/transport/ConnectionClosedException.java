package org.msrp4j.transport;

import org.msrp4j.MsrpException;

/**
 * The connection has ended and nothing more can be read or written: the peer closed it between
 * chunks, or it was closed locally ({@link #byPeer()} tells which). {@link ConnectionLostException},
 * a subclass, covers the unclean ends.
 */
public class ConnectionClosedException extends MsrpException {

    /** Whether the peer closed the connection. */
    private final boolean byPeer;

    /**
     * Creates the exception.
     *
     * @param message the detail message
     * @param byPeer the by peer
     */
    public ConnectionClosedException(String message, boolean byPeer) {
        super(message);
        this.byPeer = byPeer;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the detail message
     * @param byPeer the by peer
     * @param cause the cause, or null
     */
    public ConnectionClosedException(String message, boolean byPeer, Throwable cause) {
        super(message, cause);
        this.byPeer = byPeer;
    }

    /**
     * True when the peer (or the network) ended the connection, false when it was closed here.
     *
     * @return true when the peer (or the network) ended the connection, false when it was closed here
     */
    public boolean byPeer() {
        return byPeer;
    }
}
