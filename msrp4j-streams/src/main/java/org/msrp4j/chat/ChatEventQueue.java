package org.msrp4j.chat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.sdp.MsrpMedia;

/**
 * The queue style of a chat stream (as {@code MsrpSession.startQueued} is to the callback style):
 * give it to the {@link ChatStream} as its listener and read the events with {@link #take()} or
 * {@link #poll(Duration)}, from any thread. The queue is bounded: when it is full the stream's event
 * thread waits for the application to read, and once {@link ChatSettings#eventCapacity()} peer
 * events wait behind it the session stops reading, so an application that reads slowly slows the
 * peer down rather than filling memory.
 */
public final class ChatEventQueue implements ChatListener {

    private final BlockingQueue<ChatEvent> events;

    /** A queue of at most 1024 events. */
    public ChatEventQueue() {
        this(1024);
    }

    /**
     * A queue of at most {@code capacity} events.
     *
     * @param capacity the most events that may wait; a listener call waits while it is full
     */
    public ChatEventQueue(int capacity) {
        this.events = new LinkedBlockingQueue<>(capacity);
    }

    /**
     * Waits for the next event.
     *
     * @return the oldest waiting event
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public ChatEvent take() throws InterruptedException {
        return events.take();
    }

    /**
     * The next event, waiting at most {@code timeout}; null if none came.
     *
     * @param timeout the longest wait
     * @return the oldest waiting event, or null
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public ChatEvent poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * How many events wait.
     *
     * @return the number of events queued and not yet taken
     */
    public int size() {
        return events.size();
    }

    @Override
    public void didInitialize(MsrpMedia localMedia) {
        put(new ChatEvent.DidInitialize(localMedia));
    }

    @Override
    public void didStart() {
        put(new ChatEvent.DidStart());
    }

    @Override
    public void willEnd() {
        put(new ChatEvent.WillEnd());
    }

    @Override
    public void didEnd() {
        put(new ChatEvent.DidEnd());
    }

    @Override
    public void didFail(Exception reason) {
        put(new ChatEvent.DidFail(reason));
    }

    @Override
    public void gotMessage(IncomingChatMessage message) {
        put(new ChatEvent.GotMessage(message));
    }

    @Override
    public void didDeliverMessage(OutgoingChatMessage message) {
        put(new ChatEvent.DidDeliverMessage(message));
    }

    @Override
    public void didNotDeliverMessage(OutgoingChatMessage message, int code, String reason) {
        put(new ChatEvent.DidNotDeliverMessage(message, code, reason));
    }

    @Override
    public void composingChanged(boolean composing) {
        put(new ChatEvent.ComposingChanged(composing));
    }

    @Override
    public void gotNotification(Imdn notification) {
        put(new ChatEvent.GotNotification(notification));
    }

    @Override
    public void gotNickname(String nickname) {
        put(new ChatEvent.GotNickname(nickname));
    }

    @Override
    public void gotInvalidMessage(ChatInputException error) {
        put(new ChatEvent.GotInvalidMessage(error));
    }

    private void put(ChatEvent event) {
        try {
            events.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
