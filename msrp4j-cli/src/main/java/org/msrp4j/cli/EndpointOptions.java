package org.msrp4j.cli;

import java.time.Duration;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.log.TrafficLogger;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import picocli.CommandLine.Option;

/**
 * The options every networked command shares: the local end of the connection, the peer's
 * certificate fingerprint, the time limit and the wire trace. Relay options would join these,
 * since they too decide how the connection is set up.
 */
final class EndpointOptions {

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = {"Local address to listen on or connect from, and to put in the local path "
                    + "(an IPv4 or IPv6 address or a name). Default when listening: 127.0.0.1, so nothing is "
                    + "reachable from other machines unless asked; when connecting: the address this machine "
                    + "uses to reach the peer."})
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Local port to listen on or connect from; 0 (the default) picks a free one.")
    int port;

    @Option(names = "--session-id", paramLabel = "ID",
            description = {"Session id of the local path; random by default. Fixing it (with --host and "
                    + "--port) lets the peer know this side's path in advance, for its --remote-path."})
    String sessionId;

    @Option(names = "--fingerprint", paramLabel = "FINGERPRINT", converter = Converters.FingerprintValue.class,
            description = {"With TLS, accept only a peer whose certificate has this fingerprint (the "
                    + "value of its SDP a=fingerprint, e.g. \"SHA-256 AB:CD:...\", as the peer printed it)."})
    Fingerprint fingerprint;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = {"Longest wait for connecting, for the peer's connection, for binding and for "
                    + "each response (default: ${DEFAULT-VALUE})."})
    int timeoutSeconds;

    @Option(names = "--trace", description = "Print every chunk sent and received to stderr, as on the wire "
            + "(bodies longer than 256 bytes are shortened).")
    boolean trace;

    /** The time limit. */
    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** The local URI from the options; a random session id unless one was given. */
    MsrpUri localUri(String defaultHost, boolean tls) {
        String h = host != null ? host : defaultHost;
        MsrpUri.Builder b = MsrpUri.builder().host(h).port(port).useTls(tls);
        if (sessionId != null) {
            b.sessionId(sessionId);
        }
        return b.build();
    }

    /** Connection settings: the time limits, the pinned fingerprint, the wire trace. */
    ConnectSettings connectSettings(TrafficLogger logger) {
        Duration t = timeout();
        return ConnectSettings.builder()
                .connectTimeout(t)
                .incomingConnectionTimeout(t)
                .bindTimeout(t)
                .peerFingerprint(fingerprint)
                .logger(trace ? logger : TrafficLogger.NULL)
                .build();
    }
}
