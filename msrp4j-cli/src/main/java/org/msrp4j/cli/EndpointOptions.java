package org.msrp4j.cli;

import java.time.Duration;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.stream.ConnectionSettings;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.transport.TrafficLogger;
import org.msrp4j.transport.TransportSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every networked command shares: the local end of the connection, the relay to go
 * through, the peer's certificate fingerprint, the time limit and the wire trace.
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

    @Option(names = "--relay", paramLabel = "USER:PASS@HOST[:PORT]", converter = RelayAddress.Converter.class,
            description = {"Go through this MSRP relay (RFC 4976), e.g. one run by 'msrp relay': connect to it, "
                    + "authenticate as USER with PASS (AUTH, HTTP digest), and put the relay's URI first in "
                    + "the printed a=path. TLS (msrps) unless the value starts with msrp:// (msrps:// may be "
                    + "written too). HOST with a port, or an IP address (port 2855), is the relay itself; a "
                    + "name without a port is a domain whose relays are found in DNS SRV (_msrps._tcp.HOST), "
                    + "else HOST:2855. The connection to the relay is then the only one: --port and --tls do "
                    + "not apply, and --host and --session-id only shape the local URI after the relay's. Over "
                    + "TLS the relay's certificate is checked: give its fingerprint with --fingerprint (as "
                    + "'msrp relay' prints it), else it must be valid for the system's certificate authorities."})
    RelayAddress relay;

    @Option(names = "--relay-chunk-size", paramLabel = "BYTES", defaultValue = "8192",
            description = {"Largest body of a file chunk sent through a relay (with --relay, or to a path with "
                    + "relay hops), since relays may refuse big frames (Kamailio: over 11238 bytes). Default: "
                    + "${DEFAULT-VALUE}, as core's RelaySettings."})
    int relayChunkSize;

    @Option(names = "--fingerprint", paramLabel = "FINGERPRINT", converter = Converters.FingerprintValue.class,
            description = {"With TLS, accept only a peer whose certificate has this fingerprint (the "
                    + "value of its SDP a=fingerprint, e.g. \"SHA-256 AB:CD:...\", as the peer printed it). "
                    + "With --relay, the relay's certificate must have it (the connection to the relay is the "
                    + "only one)."})
    Fingerprint fingerprint;

    @Mixin
    TimingOptions timing;

    /** The time limit. */
    Duration timeout() {
        return timing.timeout();
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

    /** The relay settings from {@code --relay}, or null to connect directly. */
    RelaySettings relaySettings() throws CliException {
        if (relay == null) {
            return null;
        }
        return relay.settings(relayChunkSize(), timeout(), fingerprint);
    }

    /** The {@code --relay-chunk-size}, checked. */
    int relayChunkSize() throws CliException {
        if (relayChunkSize < 1) {
            throw new CliException(ExitCode.USAGE, "--relay-chunk-size must be at least 1");
        }
        return relayChunkSize;
    }

    /**
     * How a stream that makes its own connection (the RFC 5547 form of {@code send} and {@code
     * receive}) reaches the peer: the stream picks the port and session id.
     */
    ConnectionSettings streamConnection(TrafficLogger logger, boolean tls) throws CliException {
        if (port != 0 || sessionId != null) {
            throw new CliException(ExitCode.USAGE, "--port and --session-id do not apply to the RFC 5547 form: the "
                    + "stream picks its port and session id");
        }
        return StreamOptions.connection(host, tls, relay, relayChunkSize(), fingerprint, timeout(),
                timing.logger(logger));
    }

    /**
     * Connection settings: the time limits, the pinned fingerprint, the wire trace, and the chunk
     * size toward a path with relay hops.
     */
    ConnectSettings connectSettings(TrafficLogger logger) throws CliException {
        Duration t = timeout();
        return ConnectSettings.builder()
                .transportSettings(TransportSettings.builder().relayedChunkSize(relayChunkSize()).build())
                .connectTimeout(t)
                .incomingConnectionTimeout(t)
                .bindTimeout(t)
                .peerFingerprint(fingerprint)
                .logger(timing.logger(logger))
                .build();
    }
}
