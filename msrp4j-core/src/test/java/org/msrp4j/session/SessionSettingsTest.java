package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/** The documented defaults, the builder's checks, and toBuilder. */
class SessionSettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        SessionSettings d = SessionSettings.DEFAULT;
        assertThat(d.acceptTypes()).containsExactly("*");
        assertThat(d.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.fileChunkSize()).isEqualTo(64 * 1024);
        assertThat(d.window()).isEqualTo(128);
        assertThat(d.windowBytes()).isEqualTo(1024 * 1024);
        assertThat(d.reportWindow()).isZero();
        assertThat(d.reportProbeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.keepAliveInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.readSegmentSize()).isEqualTo(64 * 1024);
        assertThat(d.queueCapacity()).isEqualTo(256);
        assertThat(d.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.threadFactory().newThread(() -> { }).isVirtual()).isTrue();
    }

    @Test
    void outOfRangeValuesAreRefusedByName() {
        SessionSettings.Builder b = SessionSettings.builder();
        assertThatThrownBy(() -> b.acceptTypes(List.of())).hasMessageContaining("acceptTypes");
        assertThatThrownBy(() -> b.responseTimeout(Duration.ZERO)).hasMessageContaining("responseTimeout");
        assertThatThrownBy(() -> b.fileChunkSize(0)).hasMessageContaining("fileChunkSize");
        assertThatThrownBy(() -> b.fileChunkSize(16 * 1024 * 1024 + 1)).hasMessageContaining("fileChunkSize");
        assertThatThrownBy(() -> b.window(0)).hasMessageContaining("window");
        assertThatThrownBy(() -> b.windowBytes(0)).hasMessageContaining("windowBytes");
        assertThatThrownBy(() -> b.reportWindow(-1)).hasMessageContaining("reportWindow");
        assertThatThrownBy(() -> b.reportProbeInterval(Duration.ofSeconds(-1)))
                .hasMessageContaining("reportProbeInterval");
        assertThatThrownBy(() -> b.keepAliveInterval(Duration.ofSeconds(-1))).hasMessageContaining("keepAliveInterval");
        assertThatThrownBy(() -> b.readSegmentSize(0)).hasMessageContaining("readSegmentSize");
        assertThatThrownBy(() -> b.queueCapacity(0)).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> b.shutdownTimeout(Duration.ofSeconds(-1))).hasMessageContaining("shutdownTimeout");
        assertThatThrownBy(() -> b.threadFactory(null)).hasMessageContaining("threadFactory");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ThreadFactory platform = Thread.ofPlatform().daemon().factory();
        SessionSettings o = SessionSettings.builder().acceptTypes(List.of("text/*"))
                .responseTimeout(Duration.ofSeconds(3))
                .fileChunkSize(1000).window(2).windowBytes(3000).reportWindow(0).keepAliveInterval(Duration.ZERO)
                .reportProbeInterval(Duration.ofMillis(250)).readSegmentSize(2000)
                .queueCapacity(3).shutdownTimeout(Duration.ofSeconds(4)).threadFactory(platform).build();
        SessionSettings copy = o.toBuilder().build();
        assertThat(copy.acceptTypes()).containsExactly("text/*");
        assertThat(copy.responseTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.fileChunkSize()).isEqualTo(1000);
        assertThat(copy.window()).isEqualTo(2);
        assertThat(copy.windowBytes()).isEqualTo(3000);
        assertThat(copy.reportWindow()).isZero();
        assertThat(copy.reportProbeInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(copy.keepAliveInterval()).isZero();
        assertThat(copy.readSegmentSize()).isEqualTo(2000);
        assertThat(copy.queueCapacity()).isEqualTo(3);
        assertThat(copy.shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(copy.threadFactory()).isSameAs(platform);
    }
}
