package org.msrp4j.cli;

import java.time.Duration;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.stream.ConnectionSettings;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.TrafficLogger;
import org.msrp4j.transport.TransportSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands whose stream makes its own connection from an SDP offer/answer
 * exchange ({@code share-screen}, {@code view-screen}): the local address, TLS, the relay, the
 * pinned fingerprint, the time limit and the wire trace. The stream picks its port and session id.
 */
final class StreamOptions {

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = {"Local address to put in the local path (and to listen on, when this side waits for "
                    + "the peer's connection); default: one the stream picks."})
    String host;

    @Option(names = "--tls", description = {"MSRP over TLS (msrps:); a self-signed certificate is made for the "
            + "run, its fingerprint given in a=fingerprint when this side listens."})
    boolean tls;

    @Option(names = "--relay", paramLabel = "USER:PASS@HOST[:PORT]", converter = RelayAddress.Converter.class,
            description = {"Go through this MSRP relay (RFC 4976), as with 'msrp listen --relay': the path in the "
                    + "printed media description starts with the relay's URI."})
    RelayAddress relay;

    @Option(names = "--fingerprint", paramLabel = "FINGERPRINT", converter = Converters.FingerprintValue.class,
            description = {"With TLS, accept only a peer (with --relay: a relay) whose certificate has this "
                    + "fingerprint; without it, the peer's a=fingerprint is pinned when it gives one."})
    Fingerprint fingerprint;

    @Mixin
    TimingOptions timing;

    /** The time limit. */
    Duration timeout() {
        return timing.timeout();
    }

    /** How the stream reaches its peer: directly or through {@code --relay}, with the time limits. */
    ConnectionSettings connection(TrafficLogger logger) {
        return connection(host, tls, relay, RelaySettings.DEFAULT_MAX_CHUNK_SIZE, fingerprint, timeout(),
                timing.logger(logger));
    }

    /**
     * How a stream reaches its peer: from {@code host} (null: the stream picks), over TLS with a
     * self-signed certificate or not, directly or through {@code relay} (whose certificate {@code
     * fingerprint} then pins; else it pins the peer's), with {@code timeout} for each wait; file
     * chunks to a path with relay hops stay within {@code relayChunkSize}.
     */
    static ConnectionSettings connection(String host, boolean tls, RelayAddress relay, int relayChunkSize,
            Fingerprint fingerprint, Duration timeout, TrafficLogger logger) {
        RelaySettings relaySettings = relay == null ? null : relay.settings(relayChunkSize, timeout, fingerprint);
        ConnectSettings.Builder connect = ConnectSettings.builder()
                .transportSettings(TransportSettings.builder().relayedChunkSize(relayChunkSize).build())
                .connectTimeout(timeout)
                .incomingConnectionTimeout(timeout).bindTimeout(timeout)
                .peerFingerprint(relay == null ? fingerprint : null).logger(logger);
        if (tls) {
            connect.tlsCredentials(PkixCredentials.selfSigned("msrp4j"));
        }
        return ConnectionSettings.builder().connect(connect.build()).relay(relaySettings).useTls(tls)
                .localHost(host).build();
    }
}
