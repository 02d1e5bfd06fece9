package org.msrp4j.connect;

/**
 * The active side through a relay (msrplib's ConnectorRelay), usually the SDP offerer: {@link
 * #complete} sends the empty SEND through the relay. It is a {@link RelayConnection} in mode
 * {@link RelayConnection.Mode#ACTIVE}.
 */
public final class ConnectorRelay extends RelayConnection {

    /**
     * Uses {@code relay} with {@link ConnectSettings#DEFAULT}.
     *
     * @param relay the relay
     */
    public ConnectorRelay(RelaySettings relay) {
        this(relay, ConnectSettings.DEFAULT);
    }

    /**
     * Uses {@code relay} with the given settings (see {@link
     * RelayConnection#RelayConnection(RelaySettings, RelayConnection.Mode, ConnectSettings)}).
     *
     * @param settings the settings
     * @param relay the relay
     */
    public ConnectorRelay(RelaySettings relay, ConnectSettings settings) {
        super(relay, Mode.ACTIVE, settings);
    }
}
