package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.relay.RelayConfig;
import org.msrp4j.relay.RelayUsers;
import org.msrp4j.tls.Fingerprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code msrp relay}: runs msrp4j's RFC 4976 relay server in the foreground. */
@Command(name = "relay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an MSRP relay (RFC 4976) in the foreground until interrupted (Ctrl-C, SIGTERM), "
                + "which stops it gracefully: new connections are refused at once and new AUTHs and "
                + "requests get 403, chunks in transit finish, and after timeout.shutdown (default 10 s) "
                + "what is left is cut.",
            "",
            "Clients authenticate with AUTH and HTTP digest and get a relay URI to put first in their a=path "
                    + "('msrp listen --relay USER:PASS@HOST:PORT' does this); peers then reach them through it. "
                    + "Log lines on stderr: the listeners with their real ports, each AUTH accepted or refused, "
                    + "each reservation ending. stdout gets the listener URIs, the TLS certificate's fingerprint "
                    + "(clients pin it with --fingerprint) and how to point a client at them.",
            "",
            "The configuration file is a Java properties file (every key optional): listen, host, realm, "
                    + "users.file, users.allowed, tls.cert and tls.key (else a self-signed certificate made at "
                    + "start), expires.*, nonce.*, timeout.*, metrics.listen, ws.origins, ws.page; the sample "
                    + "msrp4j-relay/src/main/config/relay.properties describes each. The options below override the "
                    + "file. Without a file "
                    + "or --listen, the relay listens on msrps://127.0.0.1:2855 (this machine only); without "
                    + "accounts (--user or users.file) one is made for the run and printed."},
        footer = {"", "Examples:", "  msrp relay                                  # loopback, a generated account",
            "  msrp relay --user alice:secret --user bob:pass --listen msrps://0.0.0.0:2855",
            "  msrp relay --config /etc/msrp4j/relay.properties --verbose",
            "  msrp relay --listen 'msrps://0.0.0.0:2855,msrp://127.0.0.1:8080;ws' --ws-page",
            "                                              # browsers: http://127.0.0.1:8080/", "",
            "Exit codes: see 'msrp --help' (1: a listener cannot be opened)."})
final class RelayCommand implements Callable<Integer> {

    static final String DEFAULT_LISTENER = "msrps://127.0.0.1:" + RelayConfig.DEFAULT_PORT;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The relay's configuration file (Java properties, as the sample relay.properties).")
    private Path config;

    @Option(names = "--listen", paramLabel = "URI", split = ",",
            description = {"Listen on this URI, replacing the file's 'listen': msrps://ADDRESS:PORT (TLS) or "
                    + "msrp://ADDRESS:PORT (plain TCP), IPv6 in brackets, port 0 for a free one; repeatable. "
                    + "';ws' at the end makes it a WebSocket listener (RFC 7977): msrp://...;ws is ws, "
                    + "msrps://...;ws is wss. "
                    + "Default without a file: " + DEFAULT_LISTENER + "."})
    private List<String> listen;

    @Option(names = "--host", paramLabel = "NAME",
            description = "The host name or address the relay puts in its URIs (what clients and peers reach).")
    private String host;

    @Option(names = "--realm", paramLabel = "REALM", description = "The digest realm of the AUTH challenge.")
    private String realm;

    @Option(names = "--user", paramLabel = "USER:PASS",
            description = "An account, repeatable; replaces the file's accounts (users.file or accounts = jdbc).")
    private List<String> users;

    @Option(names = "--metrics", paramLabel = "ADDRESS:PORT",
            description = {"Serve Prometheus metrics on http://ADDRESS:PORT/metrics and a health check on /health, "
                    + "replacing the file's 'metrics.listen'; a port alone binds 127.0.0.1. Off by default."})
    private String metrics;

    @Option(names = "--ws-page",
            description = {"Serve the built-in browser chat page on the WebSocket (;ws) listeners, at / "
                    + "(the file's 'ws.page = true')."})
    private boolean wsPage;

    @Option(names = "--ws-origins", paramLabel = "ORIGIN", split = ",",
            description = {"Origins whose pages may open WebSockets to the relay, e.g. https://chat.example.org, "
                    + "* for any; replaces the file's 'ws.origins'. Default: clients that send no Origin and pages "
                    + "served by the relay itself."})
    private List<String> wsOrigins;

    @Option(names = "--verbose", description = "Log connections and forwarding too, not only AUTH and reservations.")
    private boolean verbose;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // read by the SLF4J binding when the relay's first logger is made, which is below
        System.setProperty("org.slf4j.simpleLogger.log.org.msrp4j.relay", verbose ? "debug" : "info");
        RelayConfig relayConfig = configuration();
        String generated = null;
        if (relayConfig.accounts() == relayConfig.users() && relayConfig.users().size() == 0) {
            generated = "msrp:" + MsrpGrammar.randomIdent(16);
            relayConfig = relayConfig.toBuilder().users(RelayUsers.ofPasswords(accounts(List.of(generated)))).build();
        }
        MsrpRelay relay;
        try {
            relay = MsrpRelay.start(relayConfig);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot open the listeners " + relayConfig.listeners().stream()
                    .map(l -> (l.tls() ? "msrps://" : "msrp://") + authority(l.address().getHostAddress(), l.port())
                            + (l.ws() ? ";ws" : ""))
                    .toList() + ": " + Main.message(e), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> relay.shutdown(relay.config().timeouts().shutdown()),
                "msrp-relay-shutdown"));
        for (MsrpUri uri : relay.listenerUris()) {
            out.println("listening on " + uri);
        }
        if (relayConfig.webSocket().page()) {
            for (MsrpUri uri : relay.listenerUris()) {
                if (uri.transport().equals("ws")) {
                    out.println("browser page on " + (uri.useTls() ? "https://" : "http://")
                            + authority(uri.host(), uri.port()) + "/");
                }
            }
        }
        if (relay.metricsAddress() != null) {
            out.println("metrics on http://" + authority(relay.metricsAddress().getAddress().getHostAddress(),
                    relay.metricsAddress().getPort()) + "/metrics, health on /health");
        }
        String account = generated != null ? generated : users != null && !users.isEmpty() ? users.get(0) : "USER:PASS";
        if (generated != null) {
            out.println("account for this run: " + generated);
        }
        MsrpUri first = relay.listenerUris().get(0);
        String scheme = first.useTls() ? "" : "msrp://";
        String pin = "";
        if (relay.tlsCredentials() != null) {
            Fingerprint fingerprint = relay.tlsCredentials().fingerprint();
            out.println("certificate fingerprint: " + fingerprint);
            pin = first.useTls() ? " --fingerprint '" + fingerprint + "'" : "";
        }
        out.println("point a client at it: msrp listen --relay '" + scheme + account + "@"
                + authority(first.host(), first.port()) + "'" + pin);
        out.println("stop with Ctrl-C");
        out.flush();
        relay.awaitClose();
        return ExitCode.OK;
    }

    /** The file's configuration (or the defaults) with the options applied. */
    private RelayConfig configuration() throws IOException, CliException {
        Properties p = new Properties();
        Path dir = Path.of("").toAbsolutePath();
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new CliException(ExitCode.FAILURE, "cannot read " + config + ": " + Main.message(e), e);
            }
            dir = config.toAbsolutePath().getParent();
        }
        if (listen != null && !listen.isEmpty()) {
            p.setProperty("listen", String.join(",", listen));
        } else if (config == null) {
            p.setProperty("listen", DEFAULT_LISTENER);
        }
        if (host != null) {
            p.setProperty("host", host);
        }
        if (realm != null) {
            p.setProperty("realm", realm);
        }
        if (metrics != null) {
            p.setProperty("metrics.listen", metrics);
        }
        if (wsPage) {
            p.setProperty("ws.page", "true");
        }
        if (wsOrigins != null && !wsOrigins.isEmpty()) {
            p.setProperty("ws.origins", String.join(",", wsOrigins));
        }
        if (users != null && !users.isEmpty()) {
            p.remove("users.file");
            p.remove("accounts");
        }
        RelayConfig c;
        try {
            c = RelayConfig.fromProperties(p, dir);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, (config != null ? config + ": " : "") + Main.message(e), e);
        }
        if (users != null && !users.isEmpty()) {
            c = c.toBuilder().users(RelayUsers.ofPasswords(accounts(users))).build();
        }
        return c;
    }

    /** HOST:PORT, with an IPv6 address in brackets. */
    private static String authority(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static Map<String, String> accounts(List<String> values) throws CliException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String v : values) {
            int colon = v.indexOf(':');
            if (colon <= 0) {
                throw new CliException(ExitCode.USAGE, "--user needs USER:PASS, got '" + v + "'");
            }
            map.put(v.substring(0, colon), v.substring(colon + 1));
        }
        return map;
    }
}
