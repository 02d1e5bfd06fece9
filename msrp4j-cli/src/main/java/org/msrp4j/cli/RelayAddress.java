package org.msrp4j.cli;

import java.time.Duration;
import java.util.Locale;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.tls.Fingerprint;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of {@code --relay}: {@code [msrps://|msrp://]USER:PASSWORD@HOST[:PORT]}. Without a
 * scheme the relay is reached over TLS ({@code msrps}, RFC 4976's default, and what {@code msrp
 * relay} listens for). With a port, or when HOST is an IP address, that host is used (port 2855 by
 * default); a name without a port is a domain whose relays are looked up in DNS SRV ({@code
 * _msrps._tcp.HOST}, or {@code _msrp._tcp.HOST}), falling back to HOST on port 2855, as {@link
 * RelaySettings} does.
 *
 * @param user the user name for digest authentication
 * @param password the password
 * @param host the host name, address (IPv6 without brackets) or domain
 * @param port the port, or 0 when none was given
 * @param tls whether the relay is reached over TLS
 */
record RelayAddress(String user, String password, String host, int port, boolean tls) {

    /** Parses the option's value; a {@link TypeConversionException} (a usage error) when it is bad. */
    static RelayAddress parse(String value) {
        String t = value.strip();
        boolean tls = true;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("msrps://")) {
            t = t.substring(8);
        } else if (lower.startsWith("msrp://")) {
            tls = false;
            t = t.substring(7);
        } else if (lower.contains("://")) {
            throw bad(value, "the scheme must be msrps:// or msrp://");
        }
        int at = t.lastIndexOf('@');
        int colon = at < 0 ? -1 : t.indexOf(':');
        if (at < 0 || colon < 0 || colon > at) {
            throw bad(value, "USER:PASSWORD@ is missing");
        }
        String user = t.substring(0, colon);
        String password = t.substring(colon + 1, at);
        String hostPort = t.substring(at + 1);
        if (user.isEmpty()) {
            throw bad(value, "the user name is empty");
        }
        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw bad(value, "an IPv6 address needs its closing ']'");
            }
            host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(value, "expected ':PORT' after the IPv6 address");
                }
                portText = rest.substring(1);
            }
        } else {
            int c = hostPort.lastIndexOf(':');
            host = c < 0 ? hostPort : hostPort.substring(0, c);
            portText = c < 0 ? null : hostPort.substring(c + 1);
        }
        if (host.isEmpty() || host.contains("/") || host.contains(":") && !hostPort.startsWith("[")) {
            throw bad(value, "bad host '" + host + "' (IPv6 addresses go in brackets)");
        }
        int port = 0;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw bad(value, "bad port '" + portText + "'");
            }
        }
        return new RelayAddress(user, password, host, port, tls);
    }

    private static TypeConversionException bad(String value, String why) {
        return new TypeConversionException("bad relay '" + redact(value) + "': " + why
                + " (expected USER:PASSWORD@HOST[:PORT], optionally after msrps:// or msrp://)");
    }

    /** The value with the password replaced by {@code ***}, for messages. */
    private static String redact(String value) {
        int at = value.lastIndexOf('@');
        int scheme = value.indexOf("://");
        int colon = value.indexOf(':', scheme < 0 ? 0 : scheme + 3);
        return at > 0 && colon >= 0 && colon < at ? value.substring(0, colon + 1) + "***" + value.substring(at) : value;
    }

    /** Whether HOST is to be looked up in DNS SRV: a name given without a port. */
    boolean usesSrv() {
        return port == 0 && !host.matches("[0-9.]+|.*:.*");
    }

    /**
     * The settings for core's relay connectors: chunks of at most {@code maxChunkSize} body bytes;
     * over TLS the relay's certificate must have {@code fingerprint}, or, when it is null, be valid
     * for the JDK's trusted certificate authorities.
     */
    RelaySettings settings(int maxChunkSize, Duration timeout, Fingerprint fingerprint) {
        RelaySettings.Builder b = RelaySettings.builder(host, user, password).useTls(tls).maxChunkSize(maxChunkSize)
                .authTimeout(timeout).relayFingerprint(fingerprint);
        if (!usesSrv()) {
            b.host(host).port(port);
        }
        return b.build();
    }

    /** Where the relay is, without the password: e.g. {@code msrps://relay.example.org (DNS SRV)}. */
    String describe() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "msrps://" : "msrp://") + h + (port > 0 ? ":" + port : usesSrv() ? " (DNS SRV)" : ":"
                + RelaySettings.DEFAULT_PORT);
    }

    @Override
    public String toString() {
        return user + "@" + describe();
    }

    /** Picocli converter for {@code --relay}. */
    static final class Converter implements ITypeConverter<RelayAddress> {
        @Override
        public RelayAddress convert(String value) {
            return RelayAddress.parse(value);
        }
    }
}
