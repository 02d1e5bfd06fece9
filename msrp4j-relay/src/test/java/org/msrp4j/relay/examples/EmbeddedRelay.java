package org.msrp4j.relay.examples;

import java.io.IOException;
import java.util.Map;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.relay.RelayConfig;
import org.msrp4j.relay.RelayListener;
import org.msrp4j.relay.RelayUsers;

/**
 * The relay the examples run against: an {@link MsrpRelay} listening with TLS on 127.0.0.1, on a
 * port the system picks, with a self-signed certificate and the accounts alice and bob.
 */
final class EmbeddedRelay {

    static final String DOMAIN = "example.org";
    private static final String PASSWORD = "secret";

    private EmbeddedRelay() {
    }

    /** Starts the relay; close it to stop it. */
    static MsrpRelay start() throws IOException {
        RelayConfig config = RelayConfig.builder()
                .listener(RelayListener.tls("127.0.0.1", 0))
                .realm(DOMAIN)
                .users(RelayUsers.ofPasswords(Map.of("alice", PASSWORD, "bob", PASSWORD)))
                .build();
        return MsrpRelay.start(config);
    }

    /** How {@code user} reaches {@code relay} and logs in to it. */
    static RelaySettings settings(MsrpRelay relay, String user) {
        MsrpUri listener = relay.listenerUri(true);
        return RelaySettings.builder(DOMAIN, user, PASSWORD)
                .host(listener.host()).port(listener.port()).relayFingerprint(relay.tlsCredentials().fingerprint())
                .build();
    }
}
