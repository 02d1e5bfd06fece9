package org.msrp4j.connect;

import java.time.Duration;
import java.util.List;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/** Test set-up of a relay client that reaches its relay over WebSocket (RFC 7977). */
final class WebSocketClients {

    private WebSocketClients() {
    }

    /**
     * Settings for the relay at {@code relay} ({@code msrp://host:port;ws} or {@code msrps://host:port;ws}),
     * logging in as {@code user}; over TLS the relay's certificate is pinned to {@code fingerprint}.
     *
     * @param relay the relay's WebSocket URI
     * @param user the user name (its domain, for the digest realm, is {@code example.org})
     * @param password the password
     * @param fingerprint the relay's certificate fingerprint, or null for plain {@code ws}
     */
    static RelaySettings settings(MsrpUri relay, String user, String password, Fingerprint fingerprint) {
        return RelaySettings.builder("example.org", user, password).relays(List.of(relay)).useTls(relay.useTls())
                .relayFingerprint(fingerprint).authTimeout(Duration.ofSeconds(10)).build();
    }
}
