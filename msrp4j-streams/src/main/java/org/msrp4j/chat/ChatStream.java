package org.msrp4j.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.chat.payload.DispositionNotification;
import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.chat.payload.ImdnNotification;
import org.msrp4j.chat.payload.ImdnRequest;
import org.msrp4j.chat.payload.ImdnStatus;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Negotiation;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.session.MessageOutcome;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.MsrpSessionException;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.EventDispatcher;
import org.msrp4j.stream.StreamCore;
import org.msrp4j.stream.StreamException;
import org.msrp4j.stream.StreamState;
import org.msrp4j.transport.MsrpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MSRP chat (the seed's sipsimple {@code MSRPChat}): instant messages over one MSRP session,
 * wrapped in CPIM when the peer asks for it, with delivery reports, composing indications (RFC
 * 3994) and nicknames (RFC 7701).
 *
 * <p>Life cycle, as the seed's: {@link #initialize()} prepares the connection (AUTH at the relay if
 * one is configured) and returns the local media description for the SDP offer or answer; {@link
 * #start(MsrpMedia)} takes the peer's, connects or waits for the connection, binds, and starts the
 * session; {@link #end()} ends it. The {@link ChatListener} hears of each step ({@code
 * didInitialize}, {@code didStart}, {@code willEnd}, {@code didEnd}, {@code didFail}) and of what
 * arrives, on the stream's event thread (see its threading rule). The per-message calls ({@code
 * gotMessage}, {@code didDeliverMessage}, {@code didNotDeliverMessage}) that the listener leaves to
 * their empty defaults are not posted at all, so an application that follows its messages through
 * {@link OutgoingChatMessage#delivery()} costs no wake-up of the event thread per message.
 *
 * <p>Sending: {@link #sendMessage(String)} and its overloads queue the message until the stream has
 * started, then send it with {@code Failure-Report: partial} and {@code Success-Report: yes}, in
 * chunks within the relay's limit. It goes in CPIM when the peer names {@code message/cpim} in its
 * accept-types (the seed's preference; {@link ChatSettings#preferCpim()}), when it takes the type
 * only wrapped, or when the message is private; plain otherwise. Each message's {@link
 * OutgoingChatMessage#delivery()} completes once: delivered on success REPORTs covering it, not
 * delivered on a failure REPORT, an error response, no report in time, or the end of the stream.
 *
 * <p>All public methods are thread-safe. {@link #initialize()} and {@link #start} block the calling
 * thread (use a virtual thread); the others return at once. A stream holds an event thread and a
 * timer thread (both virtual) from construction until it has ended: always {@link #end()} it.
 */
public final class ChatStream implements AutoCloseable {

    /** The chatroom feature of private messages ({@code a=chatroom:private-messages}). */
    public static final String PRIVATE_MESSAGES = "private-messages";
    /** The chatroom feature of nicknames ({@code a=chatroom:nickname}). */
    public static final String NICKNAME = "nickname";

    private static final Logger LOG = LoggerFactory.getLogger(ChatStream.class);
    private static final int MAX_QUEUED = 1024;

    private final CpimAddress localIdentity;
    private final CpimAddress remoteIdentity;
    private final Role role;
    private final ChatSettings settings;
    private final ChatListener listener;
    /** Whether the listener implements these per-message calls (else they are not posted at all). */
    private final boolean hearsMessages;
    private final boolean hearsDeliveries;
    private final boolean hearsNonDeliveries;
    private final EventDispatcher events;
    private final ScheduledExecutorService timer;
    private final DeliveryTracker tracker;
    private final ComposingSender composing;
    private final ComposingReceiver remoteComposing;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<OutgoingChatMessage> queued = new ArrayList<>();
    private final StreamCore core;
    /** The local media description {@link #start(MsrpTransport, MsrpMedia, MsrpMedia)} was given. */
    private MsrpMedia boundLocalMedia;
    private ChatSender sender;
    private ChatReceiver receiver;

    /**
     * A chat stream.
     *
     * @param localIdentity this side's URI and display name (CPIM From)
     * @param remoteIdentity the peer's (CPIM To)
     * @param role offerer (connects) or answerer (accepts)
     * @param settings connection and behaviour
     * @param listener hears of the stream's events
     */
    public ChatStream(CpimAddress localIdentity, CpimAddress remoteIdentity, Role role, ChatSettings settings,
            ChatListener listener) {
        this.localIdentity = Objects.requireNonNull(localIdentity, "localIdentity");
        this.remoteIdentity = Objects.requireNonNull(remoteIdentity, "remoteIdentity");
        this.role = Objects.requireNonNull(role, "role");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.hearsMessages = implemented(listener, "gotMessage", IncomingChatMessage.class);
        this.hearsDeliveries = implemented(listener, "didDeliverMessage", OutgoingChatMessage.class);
        this.hearsNonDeliveries = implemented(listener, "didNotDeliverMessage", OutgoingChatMessage.class, int.class,
                String.class);
        this.events = new EventDispatcher(settings.eventCapacity(), Thread.ofVirtual().factory(),
                "chat-events " + remoteIdentity.uri());
        this.core = new StreamCore(role, settings.connection(), events, lock, new StreamCore.Hooks() {
            @Override
            public StreamException error(StreamException e) {
                return chatException(e);
            }

            @Override
            public void failed(Exception error) {
                ChatStream.this.failed(error);
            }

            @Override
            public void stopping(Exception failure) {
                composing.messageSent();
            }

            @Override
            public void released() {
                settleUnsent();
            }
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("chat-timer").factory());
        this.tracker = new DeliveryTracker(this::settled, timer, settings.deliveryTimeout());
        this.composing = new ComposingSender(timer, settings.composingIdleTimeout(), settings.composingRefresh(),
                this::sendComposing);
        this.remoteComposing = new ComposingReceiver(timer,
                active -> events.post(() -> listener.composingChanged(active)));
    }

    /**
     * Whether {@code listener} implements the listener method {@code name}: false when it is the
     * interface's empty default, so the stream need not wake its event thread for the call.
     */
    static boolean implemented(ChatListener listener, String name, Class<?>... parameters) {
        try {
            return listener.getClass().getMethod(name, parameters).getDeclaringClass() != ChatListener.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /**
     * This side's identity.
     *
     * @return the address in the CPIM From of messages this side sends
     */
    public CpimAddress localIdentity() {
        return localIdentity;
    }

    /**
     * The peer's identity.
     *
     * @return the address used as sender of messages that come without a CPIM wrapper
     */
    public CpimAddress remoteIdentity() {
        return remoteIdentity;
    }

    /**
     * Offerer or answerer.
     *
     * @return the role given when the stream was made
     */
    public Role role() {
        return role;
    }

    /**
     * The settings.
     *
     * @return the settings given when the stream was made
     */
    public ChatSettings settings() {
        return settings;
    }

    /**
     * The local media description from {@link #initialize()}, or null before it.
     *
     * @return the description for the SDP offer or answer, or null
     */
    public MsrpMedia localMedia() {
        lock.lock();
        try {
            return boundLocalMedia != null ? boundLocalMedia : core.localMedia();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the stream has started and not ended.
     *
     * @return true between {@code didStart} and the start of the end
     */
    public boolean isStarted() {
        return core.isStarted();
    }

    /**
     * Completes when the stream has ended ({@link ChatListener#didEnd} is posted).
     *
     * @return a future that completes normally, never exceptionally
     */
    public CompletableFuture<Void> ended() {
        return core.ended();
    }

    // ---------------------------------------------------------------- life cycle

    /**
     * Prepares the connection of the offerer (the seed's {@code initialize}): picks a local URI, or
     * connects to the relay and authenticates; then posts {@code didInitialize}.
     *
     * @return the local media description: the SDP offer
     * @throws ChatException if this stream is the answerer (use {@link #initialize(MsrpMedia)}), is
     *     initialized already or has ended
     * @throws IOException if the connection cannot be prepared ({@code didFail} and {@code didEnd}
     *     are posted)
     */
    public MsrpMedia initialize() throws IOException {
        if (role != Role.OFFERER) {
            throw new ChatException("the answerer initializes with the offer: initialize(offer)");
        }
        return core.initialize(null, this::mediaSettings, listener::didInitialize);
    }

    /**
     * Prepares the connection of the answerer to {@code offer}: listens, or connects to the relay
     * and authenticates (or, when the offer asks the answerer to connect, picks a local URI); then
     * posts {@code didInitialize}.
     *
     * @param offer the peer's SDP offer for this stream
     * @return the local media description: the SDP answer
     * @throws ChatException if this stream is the offerer, is initialized already or has ended, or
     *     the offer is unusable (no path, TLS mismatch, no common type; its cause the {@link
     *     SdpException})
     * @throws IOException if the connection cannot be prepared ({@code didFail} and {@code didEnd}
     *     are posted)
     */
    public MsrpMedia initialize(MsrpMedia offer) throws IOException {
        Objects.requireNonNull(offer, "offer");
        if (role != Role.ANSWERER) {
            throw new ChatException("the offerer initializes without an offer: initialize()");
        }
        return core.initialize(offer, this::mediaSettings, listener::didInitialize);
    }

    private MediaSettings mediaSettings() {
        return MediaSettings.builder().acceptTypes(settings.acceptTypes())
                .acceptWrappedTypes(settings.acceptWrappedTypes()).maxSize(settings.maxMessageSize())
                .chatroom(List.copyOf(settings.chatroom())).build();
    }

    /** The shared connection's error as a chat's, keeping its cause (the {@link SdpException}, if any). */
    private static ChatException chatException(StreamException e) {
        return e instanceof ChatException c ? c : new ChatException(e.getMessage(), e.getCause() != null
                ? e.getCause() : e);
    }

    /**
     * Completes the connection with the peer's media description, the answer or the offer (the
     * seed's {@code start}): connects or waits for the peer as the offer/answer says, binds, starts
     * the session, posts {@code didStart} and sends the queued messages.
     *
     * @param remoteMedia the peer's description: the answer (offerer) or the offer (answerer)
     * @throws ChatException if the description is unusable (no path, TLS mismatch, no common type,
     *     setups that do not give one active side: its cause the {@link SdpException}), or the stream
     *     is not initialized or has ended
     * @throws IOException if connecting or binding fails ({@code didFail} and {@code didEnd} are posted)
     */
    public void start(MsrpMedia remoteMedia) throws IOException {
        List<OutgoingChatMessage> flush = new ArrayList<>();
        core.start(remoteMedia, remote -> { }, connected -> flush.addAll(startSession(connected.transport(),
                connected.negotiation())));
        started(flush);
    }

    /**
     * Starts the stream on a connection the application made and bound itself, in place of {@link
     * #initialize()} and {@link #start(MsrpMedia)}: for a tool that accepts whichever peer binds first,
     * or that sets up its connections its own way. {@code localMedia} is the description this side gave
     * the peer, {@code remoteMedia} the peer's (or one the application made from the peer's path); they
     * say what each side accepts. The stream owns the transport from then on and closes it when it
     * ends. Posts {@code didStart} and sends the queued messages.
     *
     * @param transport a connected transport, bound to the peer's session
     * @param localMedia the description this side gave the peer
     * @param remoteMedia the description the peer gave
     * @throws ChatException if the stream was initialized or has ended (the transport is left alone),
     *     or the descriptions cannot be used together (its cause the {@link SdpException}; the transport
     *     is closed, {@code didFail} and {@code didEnd} posted)
     * @throws IOException if the session cannot start ({@code didFail} and {@code didEnd} are posted)
     */
    public void start(MsrpTransport transport, MsrpMedia localMedia, MsrpMedia remoteMedia) throws IOException {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(localMedia, "localMedia");
        Objects.requireNonNull(remoteMedia, "remoteMedia");
        core.begin(StreamState.NEW, StreamState.STARTING, "start(transport, ...)");
        List<OutgoingChatMessage> flush;
        try {
            Negotiation negotiation;
            try {
                negotiation = OfferAnswer.negotiate(localMedia, remoteMedia, role);
            } catch (SdpException e) {
                throw new ChatException("the media descriptions cannot be used: " + e.getMessage(), e);
            }
            lock.lock();
            try {
                boundLocalMedia = localMedia;
            } finally {
                lock.unlock();
            }
            flush = startSession(transport, negotiation);
        } catch (IOException | RuntimeException e) {
            transport.close();
            failed(e);
            throw e;
        }
        started(flush);
    }

    /** Starts the session on the bound transport; the queued messages to send. */
    private List<OutgoingChatMessage> startSession(MsrpTransport t, Negotiation negotiation) throws IOException {
        SessionSettings options = settings.sessionSettings().toBuilder().acceptTypes(settings.acceptTypes()).build();
        ChatReceiver r = new ChatReceiver(this, settings);
        MsrpSession s = MsrpSession.start(t, options, r);
        List<OutgoingChatMessage> flush = new ArrayList<>();
        core.started(s, () -> {
            receiver = r;
            sender = new ChatSender(localIdentity, remoteIdentity, settings, t, s, Negotiated.of(negotiation));
            flush.addAll(queued);
            queued.clear();
        });
        return flush;
    }

    /** Posts {@code didStart} and sends what was queued. */
    private void started(List<OutgoingChatMessage> flush) {
        events.post(listener::didStart);
        for (OutgoingChatMessage m : flush) {
            try {
                dispatch(m, true);
            } catch (ChatException e) {
                LOG.debug("chat: a queued message cannot be sent: {}", e.getMessage());
            }
        }
    }

    /**
     * Ends the stream (the seed's {@code end}): posts {@code willEnd}, shuts the session down, which
     * writes what it has queued (reports owed to the peer too) and closes as soon as every sent
     * message has its outcome (at the latest after the session's shutdown timeout), or releases
     * what {@link #initialize()} took; then posts {@code didEnd}. Messages still awaiting their fate
     * then are settled as not delivered (408). Idempotent; returns at once.
     *
     * @return completes when the stream has ended
     */
    public CompletableFuture<Void> end() {
        core.end(listener::willEnd, listener::didEnd);
        return ended();
    }

    /** {@link #end()}, waiting for the stream to have ended. */
    @Override
    public void close() {
        end().join();
    }

    /** The session failed under the stream (from the receiver). */
    void sessionFailed(IOException error) {
        failed(error);
    }

    /** Posts {@code didFail}, then ends the stream (unless {@link #end()} already is ending it). */
    private void failed(Exception error) {
        core.fail(error, listener::didFail, listener::didEnd);
    }

    /** The stream has ended: what was queued or still awaits its fate is not delivered. */
    private void settleUnsent() {
        List<OutgoingChatMessage> unsent;
        ChatReceiver r;
        lock.lock();
        try {
            unsent = new ArrayList<>(queued);
            queued.clear();
            r = receiver;
        } finally {
            lock.unlock();
        }
        tracker.settleAll(new DeliveryStatus(408, "the chat ended before delivery was confirmed"));
        for (OutgoingChatMessage m : unsent) {
            settled(m, new DeliveryStatus(408, "the chat ended before it started"));
        }
        if (r != null) {
            r.close();
        }
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code text} as {@code text/plain} (the seed's {@code send_message(content)}).
     *
     * @param text the message text, sent as UTF-8
     * @return the message, whose {@link OutgoingChatMessage#delivery()} tells whether it arrived
     * @throws ChatException as {@link #sendMessage(String, String, String, OffsetDateTime)}
     */
    public OutgoingChatMessage sendMessage(String text) throws ChatException {
        return sendMessage(text, "text/plain");
    }

    /**
     * Sends {@code content} (UTF-8) of {@code contentType}.
     *
     * @param content the text, sent as UTF-8
     * @param contentType its MIME type, e.g. {@code text/html}
     * @return the message, whose {@link OutgoingChatMessage#delivery()} tells whether it arrived
     * @throws ChatException as {@link #sendMessage(String, String, String, OffsetDateTime)}
     */
    public OutgoingChatMessage sendMessage(String content, String contentType) throws ChatException {
        return sendMessage(content, contentType, null, null);
    }

    /**
     * Sends a message (the seed's {@code send_message(content, content_type, to_uri, dt)}).
     *
     * @param content the content, sent as UTF-8
     * @param contentType its MIME type (of the wrapped part when in CPIM)
     * @param toUri the CPIM To when not the remote identity (a private message), or null
     * @param dateTime the CPIM DateTime, or null for now
     * @return the message, whose {@link OutgoingChatMessage#delivery()} tells its fate
     * @throws ChatException if the stream has ended, or at once when the peer cannot take it: a
     *     private message without {@code a=chatroom:private-messages} ({@link
     *     PrivateMessageException}), a type it does not accept, or larger than its max-size
     */
    public OutgoingChatMessage sendMessage(String content, String contentType, String toUri,
            OffsetDateTime dateTime) throws ChatException {
        ChatMessageBuilder b = new ChatMessageBuilder(this, content.getBytes(StandardCharsets.UTF_8), contentType)
                .dateTime(dateTime);
        if (toUri != null) {
            b.to(toUri);
        }
        return b.send();
    }

    /**
     * A message to send with more options than {@link #sendMessage(String, String, String,
     * OffsetDateTime)} offers: content as bytes, disposition notifications.
     *
     * @param content the bytes to send
     * @param contentType their MIME type
     * @return a builder for the remaining options; its {@code send()} sends
     */
    public ChatMessageBuilder message(byte[] content, String contentType) {
        return new ChatMessageBuilder(this, content.clone(), contentType);
    }

    /** Sends {@code m}, or queues it until the stream has started. */
    OutgoingChatMessage submit(OutgoingChatMessage m) throws ChatException {
        lock.lock();
        try {
            switch (core.state()) {
                case ENDING, ENDED -> throw new ChatException("the chat has ended");
                case STARTED -> { }
                default -> {
                    if (queued.size() >= MAX_QUEUED) {
                        throw new ChatException("too many messages wait for the chat to start: " + MAX_QUEUED);
                    }
                    queued.add(m);
                    return m;
                }
            }
        } finally {
            lock.unlock();
        }
        dispatch(m, false);
        return m;
    }

    /**
     * Sends a message on the started session and follows its fate. One the peer cannot take throws
     * when the application is sending it now; one that was queued is settled as not delivered.
     */
    private void dispatch(OutgoingChatMessage m, boolean wasQueued) throws ChatException {
        ChatSender out = sender();
        String id = m.messageId();
        tracker.track(m);
        try {
            CompletableFuture<MessageOutcome> outcome = out.send(m);
            composing.messageSent();
            outcome.thenAccept(o -> tracker.settle(id, new DeliveryStatus(o.code(), o.reason())));
        } catch (ChatException e) {
            if (wasQueued) {
                tracker.settle(id, new DeliveryStatus(e instanceof PrivateMessageException ? 403 : 415,
                        e.getMessage()));
            } else {
                tracker.forget(id);
            }
            throw e;
        } catch (MsrpSessionException e) {
            tracker.settle(id, new DeliveryStatus(408, "the chat cannot send now: " + e.getMessage()));
        }
    }

    private ChatSender sender() throws ChatException {
        lock.lock();
        try {
            if (sender == null) {
                throw new ChatException("the chat has not started");
            }
            return sender;
        } finally {
            lock.unlock();
        }
    }

    private void settled(OutgoingChatMessage m, DeliveryStatus status) {
        if (!m.delivery().complete(status)) {
            return;
        }
        if (status.delivered()) {
            if (hearsDeliveries) {
                events.post(() -> listener.didDeliverMessage(m));
            }
        } else if (hearsNonDeliveries) {
            events.post(() -> listener.didNotDeliverMessage(m, status.code(), status.reason()));
        }
    }

    // ---------------------------------------------------------------- composing and nickname

    /**
     * Tells the stream whether the local user is composing (RFC 3994): call it with {@code true} on
     * every keystroke, {@code false} when the text is cleared. An active indication goes out on the
     * first keystroke and every {@link ChatSettings#composingRefresh()} after; an idle one after
     * {@link ChatSettings#composingIdleTimeout()} without keystrokes or on {@code false}; sending a
     * message ends composing without one. Indications go out only while the stream has started and
     * the peer accepts {@code application/im-iscomposing+xml}; otherwise this only keeps the state.
     *
     * @param composingNow true on a keystroke, false when the input was cleared
     */
    public void setComposing(boolean composingNow) {
        if (core.isEnding()) {
            return;
        }
        try {
            if (composingNow) {
                composing.typing();
            } else {
                composing.stop();
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("chat: composing after the stream ended: {}", e.getMessage());
        }
    }

    /**
     * Whether the peer is composing, as its last indication says.
     *
     * @return true while the peer's last indication is active and has not lapsed
     */
    public boolean isRemoteComposing() {
        return remoteComposing.isActive();
    }

    private void sendComposing(boolean active, Duration refresh) {
        ChatSender out;
        lock.lock();
        try {
            if (!core.isStarted()) {
                return;
            }
            out = sender;
        } finally {
            lock.unlock();
        }
        try {
            out.composing(active, refresh);
        } catch (MsrpSessionException e) {
            LOG.debug("chat: a composing indication cannot be sent: {}", e.getMessage());
        }
    }

    /**
     * Asks the chatroom to use {@code nickname} for this side (RFC 7701 NICKNAME with Use-Nickname).
     * The future completes with 200 when the peer accepts it, or with the code it refused it with
     * (e.g. 425 in use), or 408 when no answer came within the session's response timeout (sipsimple
     * does not answer NICKNAME).
     *
     * @param nickname the nickname to ask for
     * @return completes with the peer's answer
     * @throws ChatException if the stream has not started, or the peer does not offer {@code
     *     a=chatroom:nickname}
     */
    public CompletableFuture<DeliveryStatus> setNickname(String nickname) throws ChatException {
        return sender().nickname(nickname);
    }

    // ---------------------------------------------------------------- disposition notifications

    /**
     * Tells the sender of {@code message} that it was displayed (RFC 5438 display notification).
     *
     * @param message the message that was shown to the user
     * @throws ChatException if the sender did not ask for one (RFC 5438 forbids sending it then), the
     *     stream has not started, or the peer does not accept {@code message/imdn+xml} in CPIM
     */
    public void sendDisplayNotification(IncomingChatMessage message) throws ChatException {
        CpimMessage cpim = message.cpim().orElseThrow(() -> new ChatException("the message asked for no"
                + " display notification: it came without CPIM"));
        ImdnRequest request = ImdnRequest.of(cpim).filter(r -> r.wants(DispositionNotification.DISPLAY))
                .orElseThrow(() -> new ChatException("the message asked for no display notification"));
        Imdn imdn = Imdn.of(request.messageId(), cpim.dateTime().orElseGet(OffsetDateTime::now),
                localIdentity.uri(), ImdnNotification.DISPLAY, ImdnStatus.DISPLAYED);
        sender().notification(imdn, message.sender());
    }

    /** Sends a notification the receiver made (a delivery one); one the peer cannot take is dropped. */
    void sendNotification(Imdn imdn, CpimAddress to) {
        try {
            sender().notification(imdn, to);
        } catch (ChatException e) {
            LOG.debug("chat: a disposition notification cannot be sent: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- for the receiver

    EventDispatcher events() {
        return events;
    }

    ChatListener listener() {
        return listener;
    }

    /** Whether the listener implements {@link ChatListener#gotMessage} (else it is not posted). */
    boolean hearsMessages() {
        return hearsMessages;
    }

    ComposingReceiver remoteComposing() {
        return remoteComposing;
    }

    @Override
    public String toString() {
        return "ChatStream[" + role + " " + localIdentity.uri() + " -> " + remoteIdentity.uri() + ", " + core + "]";
    }
}
