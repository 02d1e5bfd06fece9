package org.msrp4j.log;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that records what it is given at or above a threshold; thread-safe. */
final class RecordingLogger extends LegacyAbstractLogger {

    /** One logging call: its level, marker (or null) and formatted message. */
    record Event(Level level, Marker marker, String message) {
    }

    private final Level threshold;
    private final List<Event> events = new ArrayList<>();

    /** Records calls at {@code threshold} and more severe; null records nothing. */
    RecordingLogger(Level threshold) {
        this.name = "recording";
        this.threshold = threshold;
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    List<String> messages() {
        return events().stream().map(Event::message).toList();
    }

    private boolean enabled(Level level) {
        return threshold != null && level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        events.add(new Event(level, marker, MessageFormatter.basicArrayFormat(pattern, arguments)));
    }
}
