package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A line a peer can repeat at will is written at most once per interval, with the count left out. */
class RateLimitedLogTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final Capture capture = new Capture();
    private final RateLimitedLog log = new RateLimitedLog(capture, Duration.ofMinutes(1), now::get);

    @Test
    void oneLinePerIntervalWithTheNumberLeftOut() {
        for (int i = 0; i < 1000; i++) {
            log.warn("refused {}", i);
            now.addAndGet(Duration.ofMillis(10).toNanos());
        }
        // 10 s of refusals: the first line only
        assertThat(capture.lines).containsExactly("refused 0");
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        log.warn("refused {}", 1000);
        log.warn("refused {}", 1001);
        assertThat(capture.lines).containsExactly("refused 0", "refused 1000 (999 more like this since the last)");
    }

    private static final class Capture extends LegacyAbstractLogger {
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            lines.add(MessageFormatter.basicArrayFormat(pattern, args));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
