package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.connect.ConnectFixtures.exchange;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ConnectFixtures.settings;
import static org.msrp4j.testing.BoundPair.bind;
import static org.msrp4j.testing.LoopbackSockets.V4;
import static org.msrp4j.testing.LoopbackSockets.V6;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msrp4j.testing.BoundPair;

/** The factories give the right kinds, carrying the settings, and what they give works through the interface. */
@Timeout(20)
class ConnectorsTest {

    private static final ConnectSettings SETTINGS = settings(Duration.ofSeconds(5));

    @Test
    void connectorIsTheActiveDirectOneWithTheSettings() {
        Connector c = Connectors.connector(SETTINGS);
        assertThat(c).isExactlyInstanceOf(ConnectorDirect.class);
        assertThat(((ConnectorDirect) c).settings()).isSameAs(SETTINGS);
        assertThat(new ConnectorDirect().settings()).isSameAs(ConnectSettings.DEFAULT);
    }

    @Test
    void acceptorIsThePassiveDirectOneWithTheSettings() {
        Connector a = Connectors.acceptor(SETTINGS);
        assertThat(a).isExactlyInstanceOf(AcceptorDirect.class);
        assertThat(((AcceptorDirect) a).settings()).isSameAs(SETTINGS);
        assertThat(new AcceptorDirect().settings()).isSameAs(ConnectSettings.DEFAULT);
    }

    @Test
    void withRelaySettingsTheFactoriesGoThroughTheRelay() {
        RelaySettings relay = RelaySettings.builder("example.org", "alice", "secret").build();
        assertThat(Connectors.connector(relay, SETTINGS)).isExactlyInstanceOf(ConnectorRelay.class)
                .satisfies(c -> assertThat(((ConnectorRelay) c).relay()).isSameAs(relay));
        assertThat(Connectors.acceptor(relay, SETTINGS)).isExactlyInstanceOf(AcceptorRelay.class);
        assertThat(Connectors.connector(null, SETTINGS)).isExactlyInstanceOf(ConnectorDirect.class);
        assertThat(Connectors.acceptor(null, SETTINGS)).isExactlyInstanceOf(AcceptorDirect.class);
    }

    @Test
    void defaultsAreMsrplibsThirtySeconds() {
        assertThat(ConnectSettings.DEFAULT.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConnectSettings.DEFAULT.incomingConnectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConnectSettings.DEFAULT.bindTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConnectSettings.DEFAULT.transportSettings().useSessmatch()).isFalse();
    }

    @ParameterizedTest(name = "host {0}, tls {1}")
    @CsvSource({"127.0.0.1,false", "127.0.0.1,true", "::1,false", "::1,true"})
    void whatTheFactoriesMakeBindsThroughTheInterface(String host, boolean tls) throws Exception {
        Connector active = Connectors.connector(SETTINGS);
        Connector passive = Connectors.acceptor(SETTINGS);
        try (BoundPair b = bind(active, local(host, tls), passive, local(host, tls))) {
            assertThat(b.active().isTls()).isEqualTo(tls);
            exchange(b, "via Connectors.connector", "via Connectors.acceptor");
        } finally {
            active.cleanup();
            passive.cleanup();
        }
        assertThat(host).isIn(V4, V6);
    }
}
