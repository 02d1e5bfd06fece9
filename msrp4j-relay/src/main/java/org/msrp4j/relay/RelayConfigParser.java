package org.msrp4j.relay;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.relay.accounts.JdbcAccounts;
import org.msrp4j.relay.accounts.JdbcSettings;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;

/**
 * Reads a {@link RelayConfig} from a properties file or {@link Properties}: the file format of
 * {@link RelayConfig}'s class comment. Checks every key name; a bad value fails with an {@link
 * IllegalArgumentException} naming its key.
 */
final class RelayConfigParser {

    private static final Set<String> KEYS = Set.of("host", "listen", "realm", "users.file", "users.allowed",
            "tls.cert", "tls.key", "tls.key.password", "tls.keystore", "tls.keystore.password", "tls.keystore.alias",
            "tls.outbound", "expires.default", "expires.min", "expires.max", "nonce.lifetime", "nonce.max",
            "auth.max-failures", "timeout.auth", "timeout.idle", "timeout.stall", "timeout.response",
            "timeout.connect", "timeout.shutdown", "connections.max", "limits.header-block", "limits.headers",
            "limits.uri-length", "buffer.size", "buffer.max", "next-hop.allow", "next-hop.deny",
            "next-hop.allow-loopback", "next-hop.allow-private", "next-hop.ports", "users.max-reservations",
            "users.max-connections", "chunk.min-rate", "chunk.max-time", "accounts", "metrics.listen", "ws.origins",
            "ws.page", "threads");

    private RelayConfigParser() {
    }

    /**
     * Reads a configuration file (format in {@link RelayConfig}'s class comment).
     *
     * @param file the properties file; paths in it are relative to its directory
     * @return the configuration it describes, defaults for the keys it leaves out
     * @throws IOException if it or a file it names cannot be read
     * @throws IllegalArgumentException for a bad value, naming the key
     */
    static RelayConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Path dir = file.toAbsolutePath().getParent();
        return fromProperties(p, dir);
    }

    /**
     * Builds a configuration from properties as in the file format; relative paths are resolved
     * against {@code dir}.
     *
     * @param p the keys and values of the file format
     * @param dir the directory relative paths (users file, TLS files) are resolved against
     * @return the configuration, defaults for the keys left out
     * @throws IOException if a file the properties name cannot be read
     */
    static RelayConfig fromProperties(Properties p, Path dir) throws IOException {
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key) && !AbuseLimits.KEYS.contains(key) && !JdbcSettings.KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown relay setting '" + key + "'");
            }
        }
        RelayConfig d = RelayConfig.builder().build();
        RelayConfig.Builder b = RelayConfig.builder();
        String v;
        if ((v = get(p, "host")) != null) {
            b.host(v);
        }
        if ((v = get(p, "listen")) != null) {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    b.listener(RelayListener.parse(item));
                }
            }
        }
        if ((v = get(p, "realm")) != null) {
            b.realm(v);
        }
        if ((v = get(p, "users.file")) != null) {
            b.users(RelayUsers.fromFile(dir.resolve(v)));
        }
        if ((v = get(p, "users.allowed")) != null) {
            Set<String> names = Set.copyOf(Arrays.stream(v.split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList());
            b.allowed(names::contains);
        }
        TlsCredentials credentials = tlsCredentials(p, dir);
        if (credentials != null) {
            b.tlsCredentials(credentials);
        }
        if ((v = get(p, "tls.outbound")) != null) {
            b.outboundTls(RelayConfig.OutboundTls.valueOf(v.toUpperCase(Locale.ROOT)));
        }
        AuthSettings auth = d.auth();
        b.expires(seconds(p, "expires.default", auth.defaultExpires()), seconds(p, "expires.min", auth.minExpires()),
                seconds(p, "expires.max", auth.maxExpires()));
        b.nonceLifetime(duration(p, "nonce.lifetime", auth.nonceLifetime()));
        b.maxNonces((int) seconds(p, "nonce.max", auth.maxNonces()));
        b.maxAuthFailures((int) seconds(p, "auth.max-failures", auth.maxAuthFailures()));
        TimeoutSettings timeouts = d.timeouts();
        b.authTimeout(duration(p, "timeout.auth", timeouts.auth()));
        b.idleTimeout(duration(p, "timeout.idle", timeouts.idle()));
        b.stallTimeout(duration(p, "timeout.stall", timeouts.stall()));
        b.responseTimeout(duration(p, "timeout.response", timeouts.response()));
        b.connectTimeout(duration(p, "timeout.connect", timeouts.connect()));
        b.shutdownTimeout(duration(p, "timeout.shutdown", timeouts.shutdown()));
        CapacitySettings capacity = d.capacity();
        b.maxConnections((int) seconds(p, "connections.max", capacity.maxConnections()));
        b.abuseLimits(AbuseLimits.read(k -> get(p, k) == null ? null : seconds(p, k, 0)));
        ChunkParser.Limits l = d.limits();
        b.limits(new ChunkParser.Limits(l.maxStartLine(), (int) seconds(p, "limits.header-block", l.maxHeaderBlock()),
                (int) seconds(p, "limits.headers", l.maxHeaders()),
                (int) seconds(p, "limits.uri-length", l.maxUriLength())));
        b.bufferSize((int) seconds(p, "buffer.size", capacity.bufferSize()));
        b.maxBufferSize((int) seconds(p, "buffer.max", capacity.maxBufferSize()));
        b.nextHopPolicy(nextHopPolicy(p));
        b.maxReservationsPerUser((int) seconds(p, "users.max-reservations", capacity.maxReservationsPerUser()));
        b.maxConnectionsPerUser((int) seconds(p, "users.max-connections", capacity.maxConnectionsPerUser()));
        b.chunkMinRate(seconds(p, "chunk.min-rate", capacity.chunkMinRate()));
        b.chunkMaxTime(duration(p, "chunk.max-time", capacity.chunkMaxTime()));
        if ((v = get(p, "metrics.listen")) != null) {
            b.metricsListen(metricsAddress(v));
        }
        if ((v = get(p, "ws.origins")) != null) {
            b.wsOrigins(Set.copyOf(Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
        }
        if ((v = get(p, "threads")) != null) {
            b.readerThreads(readerThreads(v));
        }
        if ((v = get(p, "ws.page")) != null) {
            b.wsPage(flag(p, "ws.page"));
        }
        String accounts = get(p, "accounts");
        if (accounts == null || accounts.equals("file")) {
            return b.build();
        }
        if (!accounts.equals("jdbc")) {
            throw new IllegalArgumentException("relay setting 'accounts' must be file or jdbc: " + accounts);
        }
        if (get(p, "users.file") != null) {
            throw new IllegalArgumentException("users.file and accounts = jdbc exclude each other");
        }
        JdbcSettings jdbc = JdbcSettings.fromProperties(p, dir);
        b.build(); // the other settings are checked before a pool is made
        return b.accounts(JdbcAccounts.open(jdbc)).build();
    }

    private static TlsCredentials tlsCredentials(Properties p, Path dir) throws IOException {
        String cert = get(p, "tls.cert");
        String key = get(p, "tls.key");
        String keystore = get(p, "tls.keystore");
        if (cert != null || key != null) {
            if (cert == null || key == null) {
                throw new IllegalArgumentException("tls.cert and tls.key go together");
            }
            String pw = get(p, "tls.key.password");
            return pw == null ? PkixCredentials.fromPem(dir.resolve(cert), dir.resolve(key))
                    : PkixCredentials.fromPem(dir.resolve(cert), dir.resolve(key), pw.toCharArray());
        } else if (keystore != null) {
            String pw = get(p, "tls.keystore.password");
            char[] password = pw == null ? new char[0] : pw.toCharArray();
            KeyStore ks;
            try (var in = Files.newInputStream(dir.resolve(keystore))) {
                String type = keystore.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
                ks = KeyStore.getInstance(type);
                ks.load(in, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read key store " + keystore + ": " + e.getMessage(), e);
            }
            String alias = get(p, "tls.keystore.alias");
            try {
                if (alias == null) {
                    for (String a : Collections.list(ks.aliases())) {
                        if (ks.isKeyEntry(a)) {
                            alias = a;
                            break;
                        }
                    }
                }
            } catch (KeyStoreException e) {
                throw new IOException("cannot read key store " + keystore, e);
            }
            if (alias == null) {
                throw new IllegalArgumentException("tls.keystore holds no key entry");
            }
            return TlsCredentials.fromKeyStore(ks, alias, password);
        }
        return null;
    }

    /**
     * Parses {@code metrics.listen}: {@code address:port} (IPv6 in brackets) or a port alone, which
     * binds the loopback address 127.0.0.1.
     */
    static InetSocketAddress metricsAddress(String text) {
        String t = text.strip();
        if (t.matches("[0-9]+")) {
            t = "127.0.0.1:" + t;
        }
        try {
            RelayListener l = RelayListener.parse("msrp://" + t);
            return new InetSocketAddress(l.address(), l.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metrics.listen must be address:port or a port: " + text, e);
        }
    }

    private static NextHopPolicy nextHopPolicy(Properties p) {
        NextHopPolicy.Builder b = NextHopPolicy.builder();
        String v;
        if ((v = get(p, "next-hop.allow")) != null) {
            Arrays.stream(v.split(",")).filter(r -> !r.isBlank()).forEach(b::allow);
        }
        if ((v = get(p, "next-hop.deny")) != null) {
            Arrays.stream(v.split(",")).filter(r -> !r.isBlank()).forEach(b::deny);
        }
        b.allowLoopback(flag(p, "next-hop.allow-loopback"));
        b.allowPrivate(flag(p, "next-hop.allow-private"));
        if ((v = get(p, "next-hop.ports")) != null) {
            b.ports(v);
        }
        return b.build();
    }

    private static RelayConfig.ReaderThreads readerThreads(String v) {
        for (RelayConfig.ReaderThreads t : RelayConfig.ReaderThreads.values()) {
            if (t.name().equalsIgnoreCase(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("relay setting 'threads' must be virtual or platform: " + v);
    }

    private static boolean flag(Properties p, String key) {
        String v = get(p, key);
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException("relay setting '" + key + "' must be true or false: " + v);
    }

    private static String get(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Duration duration(Properties p, String key, Duration dflt) {
        return Duration.ofSeconds(seconds(p, key, dflt.toSeconds()));
    }

    private static long seconds(Properties p, String key, long dflt) {
        String v = get(p, key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("relay setting '" + key + "' must be a non-negative integer: " + v);
        }
    }

}
