package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.msrp4j.log.Slf4jTrafficLogger;
import org.msrp4j.transport.TrafficLogger;
import org.msrp4j.transport.TransportOptions;

/** {@link ConnectSettings.Builder}: setters only set, so the order of the calls does not matter. */
class ConnectSettingsTest {

    private static final TrafficLogger LOGGER = new Slf4jTrafficLogger();

    @Test
    void loggerAndSessmatchSurviveALaterTransportOptions() {
        ConnectSettings partsFirst = ConnectSettings.builder().logger(LOGGER).useSessmatch(true)
                .transportOptions(TransportOptions.DEFAULT).build();
        ConnectSettings wholeFirst = ConnectSettings.builder().transportOptions(TransportOptions.DEFAULT)
                .logger(LOGGER).useSessmatch(true).build();
        for (ConnectSettings s : new ConnectSettings[] {partsFirst, wholeFirst}) {
            assertThat(s.transportOptions().logger()).isSameAs(LOGGER);
            assertThat(s.transportOptions().useSessmatch()).isTrue();
            assertThat(s.transportOptions().readBufferSize()).isEqualTo(TransportOptions.DEFAULT.readBufferSize());
        }
    }

    @Test
    void toBuilderKeepsEverythingAndChangesOnlyWhatIsSet() {
        ConnectSettings first = ConnectSettings.builder().logger(LOGGER).useSessmatch(true)
                .connectTimeout(Duration.ofSeconds(3)).build();
        ConnectSettings second = first.toBuilder().useSessmatch(false).build();
        assertThat(second.transportOptions().logger()).isSameAs(LOGGER);
        assertThat(second.transportOptions().useSessmatch()).isFalse();
        assertThat(second.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(first.transportOptions().useSessmatch()).isTrue();
    }

    @Test
    void defaultsUseTheDefaultTransportOptions() {
        assertThat(ConnectSettings.DEFAULT.transportOptions().logger()).isSameAs(TrafficLogger.NULL);
        assertThat(ConnectSettings.DEFAULT.transportOptions().useSessmatch()).isFalse();
        assertThat(ConnectSettings.DEFAULT.bindTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
