package org.msrp4j.connect;

import java.io.IOException;
import java.util.List;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * The passive side through a relay (msrplib's AcceptorRelay), usually the SDP answerer behind a
 * NAT: {@link #complete} waits for the peer's first SEND to arrive through the relay.
 * {@link #prepare} connects to the relay and authenticates; everything else is as {@link
 * RelayConnection} in mode {@link RelayConnection.Mode#PASSIVE} describes.
 */
public final class AcceptorRelay implements Connector {

    private final RelayConnection connection;

    /** Uses {@code relay} with {@link ConnectSettings#DEFAULT}. */
    public AcceptorRelay(RelaySettings relay) {
        this(relay, ConnectSettings.DEFAULT);
    }

    /**
     * Uses {@code relay} with the given settings (see {@link
     * RelayConnection#RelayConnection(RelaySettings, RelayConnection.Mode, ConnectSettings)}).
     */
    public AcceptorRelay(RelaySettings relay, ConnectSettings settings) {
        this.connection = new RelayConnection(relay, RelayConnection.Mode.PASSIVE, settings);
    }

    /** The relay settings. */
    public RelaySettings relay() {
        return connection.relay();
    }

    /** The local URI from {@link #prepare}, or null before it. */
    public MsrpUri localUri() {
        return connection.localUri();
    }

    /** The relay's Use-Path from {@link #prepare}, or null before it. */
    public List<MsrpUri> relayPath() {
        return connection.relayPath();
    }

    @Override
    public List<MsrpUri> prepare(MsrpUri localUri) throws IOException {
        return connection.prepare(localUri);
    }

    @Override
    public MsrpTransport complete(List<MsrpUri> fullRemotePath) throws IOException {
        return connection.complete(fullRemotePath);
    }

    /**
     * Binds to whichever peer binds first through the relay, taking its path from the SEND's
     * From-Path: see {@link RelayConnection#completeWithFirstPeer()}.
     */
    public MsrpTransport completeWithFirstPeer() throws IOException {
        return connection.completeWithFirstPeer();
    }

    @Override
    public void cleanup() {
        connection.cleanup();
    }

    @Override
    public String toString() {
        return "AcceptorRelay[" + connection.relay() + (connection.relayPath() == null ? "" : ", " + connection.relayPath()) + "]";
    }
}
