package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.stream.ConnectionSettings;

/** A chat's connection settings: set one by one or as a whole, they are the same {@link ConnectionSettings}. */
class ChatSettingsTest {

    private static final RelaySettings RELAY = RelaySettings.builder("example.org", "alice", "secret")
            .host("127.0.0.1").port(2855).build();
    private static final ConnectSettings CONNECT = ConnectSettings.builder().connectTimeout(Duration.ofSeconds(3))
            .build();

    @Test
    void partsSetOneByOneMakeTheConnection() {
        ChatSettings s = ChatSettings.builder().relay(RELAY).connect(CONNECT).useTls(true).localHost("::1")
                .chunkSize(4096).build();
        ConnectionSettings c = s.connection();
        assertThat(c.relay()).isSameAs(RELAY);
        assertThat(c.connect()).isSameAs(CONNECT);
        assertThat(c.useTls()).isTrue();
        assertThat(c.localHost()).isEqualTo("::1");
        assertThat(s.relay()).isSameAs(RELAY);
        assertThat(s.connect()).isSameAs(CONNECT);
        assertThat(s.useTls()).isTrue();
        assertThat(s.localHost()).isEqualTo("::1");
    }

    @Test
    void aWholeConnectionReplacesThePartsAndLaterPartsChangeIt() {
        ConnectionSettings whole = ConnectionSettings.builder().relay(RELAY).useTls(true).build();
        ChatSettings s = ChatSettings.builder().localHost("10.0.0.1").connection(whole).localHost("127.0.0.1").build();
        assertThat(s.relay()).isSameAs(RELAY);
        assertThat(s.useTls()).isTrue();
        assertThat(s.connect()).isSameAs(ConnectSettings.DEFAULT);
        assertThat(s.localHost()).isEqualTo("127.0.0.1");
        assertThat(whole.localHost()).as("the given settings are not changed").isNull();
    }

    @Test
    void partsWinOverAWholeConnectionWhateverTheOrder() {
        ConnectionSettings whole = ConnectionSettings.builder().relay(RELAY).useTls(true).localHost("10.0.0.1").build();
        ChatSettings partsFirst = ChatSettings.builder().relay(null).localHost("127.0.0.1").connection(whole).build();
        ChatSettings wholeFirst = ChatSettings.builder().connection(whole).relay(null).localHost("127.0.0.1").build();
        for (ChatSettings s : new ChatSettings[] {partsFirst, wholeFirst}) {
            assertThat(s.relay()).isNull();
            assertThat(s.localHost()).isEqualTo("127.0.0.1");
            assertThat(s.useTls()).isTrue();
            assertThat(s.connect()).isSameAs(ConnectSettings.DEFAULT);
        }
    }

    @Test
    void toBuilderKeepsTheConnectionAndTheBuiltSettingsStayAsTheyWere() {
        ChatSettings first = ChatSettings.builder().relay(RELAY).useTls(true).build();
        ChatSettings.Builder b = first.toBuilder();
        ChatSettings second = b.useTls(false).build();
        assertThat(second.relay()).isSameAs(RELAY);
        assertThat(second.useTls()).isFalse();
        assertThat(first.useTls()).isTrue();
        assertThat(b.localHost("h").build().localHost()).isEqualTo("h");
        assertThat(second.localHost()).isNull();
    }

    @Test
    void defaultsAreADirectConnection() {
        assertThat(ChatSettings.DEFAULT.connection().relay()).isNull();
        assertThat(ChatSettings.DEFAULT.connect()).isSameAs(ConnectSettings.DEFAULT);
        assertThat(ChatSettings.DEFAULT.useTls()).isFalse();
        assertThat(ChatSettings.DEFAULT.localHost()).isNull();
    }
}
