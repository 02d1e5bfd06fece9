package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The deployment files in {@code deploy/} fit the relay: the systemd unit and the container image
 * run the configuration they install, and that configuration is one the relay reads (every key
 * known, every value valid).
 */
class DeploymentFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final String CONFIG = "/etc/msrp4j/relay.properties";

    @Test
    void theUnitAndTheImageRunTheConfigurationTheyInstall() throws IOException {
        String unit = Files.readString(DEPLOY.resolve("msrp-relay.service"));
        assertThat(unit).containsPattern("(?m)^ExecStart=/usr/bin/java .*\\\\\n"
                + " +-jar /opt/msrp4j/msrp.jar relay --config " + CONFIG + "$")
                .containsPattern("(?m)^User=msrp-relay$").containsPattern("(?m)^NoNewPrivileges=yes$")
                .containsPattern("(?m)^ProtectSystem=strict$").containsPattern("(?m)^LimitNOFILE=\\d+$");
        String image = Files.readString(DEPLOY.resolve("Containerfile"));
        assertThat(image).contains("COPY deploy/relay.properties " + CONFIG)
                .contains("\"--config\", \"" + CONFIG + "\"")
                .containsPattern("(?m)^USER msrp-relay$");
    }

    @Test
    void theInstalledConfigurationIsOneTheRelayReads() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(DEPLOY.resolve("relay.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        // the files it names exist only where it is installed
        for (String file : List.of("tls.cert", "tls.key", "jdbc.password.file")) {
            assertThat(p.remove(file)).as(file).isNotNull();
        }
        p.setProperty("jdbc.password", "not read here");
        RelayConfig config = RelayConfig.fromProperties(p, DEPLOY);
        try {
            assertThat(config.metricsListen()).isEqualTo(new InetSocketAddress("127.0.0.1", 9464));
            assertThat(config.listeners()).singleElement().satisfies(l -> assertThat(l.tls()).isTrue());
            String unit = Files.readString(DEPLOY.resolve("msrp-relay.service"));
            int limit = Integer.parseInt(unit.replaceAll("(?s).*\nLimitNOFILE=(\\d+)\n.*", "$1"));
            assertThat(config.capacity().maxConnections()).as("connections.max below the unit's LimitNOFILE")
                    .isLessThan(limit);
        } finally {
            config.accounts().close();
        }
    }
}
