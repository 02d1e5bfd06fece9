package org.msrp4j.connect;

import java.net.InetSocketAddress;
import org.msrp4j.MsrpException;

/**
 * The connection to the peer or relay could not be opened: the address did not resolve, the
 * connection was refused or unreachable, or the TLS handshake failed (the cause says which).
 */
public class ConnectFailedException extends MsrpException {

    /** The address that was tried. */
    private final InetSocketAddress address;

    /**
     * Creates the exception for {@code address} (unresolved when the name did not resolve).
     *
     * @param message the detail message
     * @param address the address
     * @param cause the cause, or null
     */
    public ConnectFailedException(String message, InetSocketAddress address, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    /**
     * The address that was tried.
     *
     * @return the address that was tried
     */
    public InetSocketAddress address() {
        return address;
    }
}
