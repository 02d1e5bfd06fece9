package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.relay.RelayListener;

class RelayCommandTest {

    @Test
    void withoutAFileOrListenTheRelayTakesTlsOnTheRfc4976PortOfLoopback() {
        RelayListener l = RelayListener.parse(RelayCommand.DEFAULT_LISTENER);
        assertThat(l.tls()).isTrue();
        assertThat(l.address().isLoopbackAddress()).isTrue();
        assertThat(l.port()).isEqualTo(2855).isEqualTo(RelaySettings.DEFAULT_PORT);
    }
}
