package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.msrp4j.log.Slf4jTrafficLogger;
import org.msrp4j.transport.TrafficLogger;
import org.msrp4j.transport.TransportSettings;

/** {@link ConnectSettings.Builder}: setters only set, so the order of the calls does not matter. */
class ConnectSettingsTest {

    private static final TrafficLogger LOGGER = new Slf4jTrafficLogger();

    @Test
    void loggerAndSessmatchSurviveALaterTransportSettings() {
        ConnectSettings partsFirst = ConnectSettings.builder().logger(LOGGER).useSessmatch(true)
                .transportSettings(TransportSettings.DEFAULT).build();
        ConnectSettings wholeFirst = ConnectSettings.builder().transportSettings(TransportSettings.DEFAULT)
                .logger(LOGGER).useSessmatch(true).build();
        for (ConnectSettings s : new ConnectSettings[] {partsFirst, wholeFirst}) {
            assertThat(s.transportSettings().logger()).isSameAs(LOGGER);
            assertThat(s.transportSettings().useSessmatch()).isTrue();
            assertThat(s.transportSettings().readBufferSize()).isEqualTo(TransportSettings.DEFAULT.readBufferSize());
        }
    }

    @Test
    void toBuilderKeepsEverythingAndChangesOnlyWhatIsSet() {
        ConnectSettings first = ConnectSettings.builder().logger(LOGGER).useSessmatch(true)
                .connectTimeout(Duration.ofSeconds(3)).build();
        ConnectSettings second = first.toBuilder().useSessmatch(false).build();
        assertThat(second.transportSettings().logger()).isSameAs(LOGGER);
        assertThat(second.transportSettings().useSessmatch()).isFalse();
        assertThat(second.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(first.transportSettings().useSessmatch()).isTrue();
    }

    @Test
    void defaultsUseTheDefaultTransportSettings() {
        assertThat(ConnectSettings.DEFAULT.transportSettings().logger()).isSameAs(TrafficLogger.NULL);
        assertThat(ConnectSettings.DEFAULT.transportSettings().useSessmatch()).isFalse();
        assertThat(ConnectSettings.DEFAULT.bindTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
