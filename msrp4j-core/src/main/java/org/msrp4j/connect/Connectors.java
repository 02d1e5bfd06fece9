package org.msrp4j.connect;

/**
 * Factories for the connector a session needs (msrplib's {@code get_connector} and {@code
 * get_acceptor}): the active side of a session uses {@link #connector}, the passive side {@link
 * #acceptor}. Relay-backed variants join these when the relay client arrives.
 */
public final class Connectors {

    private Connectors() {
    }

    /** The active side: a {@link ConnectorDirect} with these settings. */
    public static Connector connector(ConnectSettings settings) {
        return new ConnectorDirect(settings);
    }

    /** The passive side: an {@link AcceptorDirect} with these settings. */
    public static Connector acceptor(ConnectSettings settings) {
        return new AcceptorDirect(settings);
    }
}
