package org.msrp4j.connect;

/**
 * The passive side through a relay (msrplib's AcceptorRelay), usually the SDP answerer behind a
 * NAT: {@link #complete} waits for the peer's first SEND to arrive through the relay. It is a
 * {@link RelayConnection} in mode {@link RelayConnection.Mode#PASSIVE}.
 */
public final class AcceptorRelay extends RelayConnection {

    /**
     * Uses {@code relay} with {@link ConnectSettings#DEFAULT}.
     *
     * @param relay the relay
     */
    public AcceptorRelay(RelaySettings relay) {
        this(relay, ConnectSettings.DEFAULT);
    }

    /**
     * Uses {@code relay} with the given settings (see {@link
     * RelayConnection#RelayConnection(RelaySettings, RelayConnection.Mode, ConnectSettings)}).
     *
     * @param settings the settings
     * @param relay the relay
     */
    public AcceptorRelay(RelaySettings relay, ConnectSettings settings) {
        super(relay, Mode.PASSIVE, settings);
    }
}
