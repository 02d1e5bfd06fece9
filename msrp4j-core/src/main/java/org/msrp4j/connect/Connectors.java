package org.msrp4j.connect;

/**
 * Factories for the connector a session needs (msrplib's {@code get_connector} and {@code
 * get_acceptor}): the active side of a session uses {@link #connector}, the passive side {@link
 * #acceptor}; given {@link RelaySettings}, both go through that relay.
 */
public final class Connectors {

    private Connectors() {
    }

    /**
     * The active side: a {@link ConnectorDirect} with these settings.
     *
     * @param settings the settings
     * @return the active side: a {@link ConnectorDirect} with these settings
     */
    public static Connector connector(ConnectSettings settings) {
        return new ConnectorDirect(settings);
    }

    /**
     * The passive side: an {@link AcceptorDirect} with these settings.
     *
     * @param settings the settings
     * @return the passive side: an {@link AcceptorDirect} with these settings
     */
    public static Connector acceptor(ConnectSettings settings) {
        return new AcceptorDirect(settings);
    }

    /**
     * The active side ({@code get_connector(relay=...)}): a {@link ConnectorRelay} through {@code
     * relay}, or a {@link ConnectorDirect} when {@code relay} is null.
     *
     * @param settings the settings
     * @param relay the relay
     * @return the active side ({@code get_connector(relay=...)}): a {@link ConnectorRelay} through {@code relay}, or a
     *     {@link ConnectorDirect} when {@code relay} is null
     */
    public static Connector connector(RelaySettings relay, ConnectSettings settings) {
        return relay == null ? new ConnectorDirect(settings) : new ConnectorRelay(relay, settings);
    }

    /**
     * The passive side ({@code get_acceptor(relay=...)}): an {@link AcceptorRelay} through {@code
     * relay}, or an {@link AcceptorDirect} when {@code relay} is null.
     *
     * @param settings the settings
     * @param relay the relay
     * @return the passive side ({@code get_acceptor(relay=...)}): an {@link AcceptorRelay} through {@code relay}, or an
     *     {@link AcceptorDirect} when {@code relay} is null
     */
    public static Connector acceptor(RelaySettings relay, ConnectSettings settings) {
        return relay == null ? new AcceptorDirect(settings) : new AcceptorRelay(relay, settings);
    }
}
