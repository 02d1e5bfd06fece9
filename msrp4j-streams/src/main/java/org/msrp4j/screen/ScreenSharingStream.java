package org.msrp4j.screen;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.SdpAttribute;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.EventDispatcher;
import org.msrp4j.stream.StreamCore;
import org.msrp4j.stream.StreamException;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.ConnectionLostException;

/**
 * Screen sharing over MSRP (the seed's sipsimple {@code MSRPDesktopSharing}): the RFB protocol (RFC
 * 6143) carried as {@code application/x-rfb} in an {@code m=application} MSRP media, as AG
 * Projects' sipsimple does. The {@link RfbRole#SERVER server} bridges a local VNC server's TCP
 * connection ({@link ScreenSettings#vncServer()}); the {@link RfbRole#VIEWER viewer} offers a local
 * TCP port ({@link #viewerAddress()}) that one VNC viewer connects to. The roles travel as {@code
 * a=rfbsetup} ({@code passive} for the server, {@code active} for the viewer); the answerer's role
 * must be the peer of the offer's ({@link RfbRole#answering} tells which that is).
 *
 * <p>Life cycle, as the chat stream's: {@link #initialize()} (or {@link #initialize(MsrpMedia)} for
 * the answerer) prepares the connection, and for a viewer binds its TCP port, and returns the local
 * media description; {@link #start(MsrpMedia)} takes the peer's, connects or waits for the
 * connection, binds and starts the session, then connects the local TCP side (reaches the VNC
 * server, or waits for the viewer) and bridges bytes both ways; {@link #end()} ends it. The {@link
 * ScreenListener} hears of each step.
 *
 * <p>Bytes keep their order and neither side is read faster than the other takes them: see {@link
 * ScreenSettings#window()} and {@link ScreenSettings#receiveBuffer()}. The stream ends cleanly when
 * the local TCP side closes (what it sent before still goes out), when the peer ends the session
 * (what it sent is still written to TCP, within the session's response timeout), or on {@link
 * #end()}; anything else that breaks fails it.
 *
 * <p>All public methods are thread-safe. {@link #initialize()} and {@link #start} block the calling
 * thread (use a virtual thread); the others return at once.
 */
public final class ScreenSharingStream implements AutoCloseable {

    /** The MIME type of RFB over MSRP. */
    public static final String CONTENT_TYPE = TcpToMsrp.RFB;

    private static final int EVENT_CAPACITY = 64;

    private final RfbRole rfbRole;
    private final ScreenSettings settings;
    private final ScreenListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final StreamCore core;
    private ServerSocket viewerListener;
    private Socket socket;
    private MsrpToTcp inbound;
    private boolean peerEnded;

    /**
     * A screen sharing stream.
     *
     * @param role offerer or answerer in the SDP exchange
     * @param rfbRole the screen's server or its viewer
     * @param settings connection, local TCP addresses and limits
     * @param listener hears of the stream's events
     */
    public ScreenSharingStream(Role role, RfbRole rfbRole, ScreenSettings settings, ScreenListener listener) {
        Objects.requireNonNull(role, "role");
        this.rfbRole = Objects.requireNonNull(rfbRole, "rfbRole");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.core = new StreamCore(role, settings.connection(), new EventDispatcher(EVENT_CAPACITY,
                Thread.ofVirtual().factory(), "screen-events " + rfbRole), lock, new StreamCore.Hooks() {
                    @Override
                    public void failed(Exception error) {
                        ScreenSharingStream.this.failed(error);
                    }

                    @Override
                    public void stopping(Exception failure) {
                        stopBridge();
                    }

                    @Override
                    public void released() {
                        closeTcp();
                    }
                });
    }

    /**
     * Offerer or answerer.
     *
     * @return the role given when the stream was made
     */
    public Role role() {
        return core.role();
    }

    /**
     * Server or viewer.
     *
     * @return the RFB role this side plays
     */
    public RfbRole rfbRole() {
        return rfbRole;
    }

    /**
     * The settings.
     *
     * @return the settings given when the stream was made
     */
    public ScreenSettings settings() {
        return settings;
    }

    /**
     * The local media description from {@code initialize}, or null before it.
     *
     * @return the description for the SDP offer or answer, or null
     */
    public MsrpMedia localMedia() {
        return core.localMedia();
    }

    /**
     * Where the viewer role waits for its VNC viewer (the port picked when {@link
     * ScreenSettings#viewerAddress()} says 0), from {@code initialize} until a viewer has connected;
     * null for the server role or outside that time.
     *
     * @return the listening address, or null
     */
    public InetSocketAddress viewerAddress() {
        lock.lock();
        try {
            return viewerListener == null || viewerListener.isClosed() ? null
                    : (InetSocketAddress) viewerListener.getLocalSocketAddress();
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
     * Completes when the stream has ended ({@link ScreenListener#didEnd} is posted).
     *
     * @return a future that completes normally, never exceptionally
     */
    public CompletableFuture<Void> ended() {
        return core.ended().copy();
    }

    // ---------------------------------------------------------------- life cycle

    /**
     * Prepares the offerer's connection (and a viewer's TCP port), then posts {@code didInitialize}.
     *
     * @return the local media description: the SDP offer
     * @throws StreamException if this stream is the answerer or is not new
     * @throws IOException if the connection or the viewer's port cannot be prepared ({@code didFail}
     *     and {@code didEnd} are posted)
     */
    public MsrpMedia initialize() throws IOException {
        if (role() != Role.OFFERER) {
            throw new ScreenException("the answerer initializes with the offer: initialize(offer)");
        }
        return core.initialize(null, this::prepare, listener::didInitialize);
    }

    /**
     * Prepares the answerer's connection to {@code offer} (and a viewer's TCP port), then posts
     * {@code didInitialize}.
     *
     * @param offer the peer's SDP offer for this stream
     * @return the local media description: the SDP answer
     * @throws ScreenException if this stream is the offerer or is not new, or the offer is not
     *     screen sharing this stream can answer: not {@code m=application}, or its {@code a=rfbsetup}
     *     (none counts as {@code active}) asks for this stream's own role; a {@link StreamException}
     *     (cause the {@link org.msrp4j.sdp.SdpException}) if it is unusable otherwise (no path, TLS
     *     mismatch, no {@code application/x-rfb})
     * @throws IOException if the connection or the viewer's port cannot be prepared
     */
    public MsrpMedia initialize(MsrpMedia offer) throws IOException {
        Objects.requireNonNull(offer, "offer");
        if (role() != Role.ANSWERER) {
            throw new ScreenException("the offerer initializes without an offer: initialize()");
        }
        return core.initialize(offer, () -> {
            checkPeer(offer, true);
            return prepare();
        }, listener::didInitialize);
    }

    /** Binds a viewer's TCP port; the media settings of screen sharing in this stream's role. */
    private MediaSettings prepare() throws IOException {
        if (rfbRole == RfbRole.VIEWER) {
            bindViewerPort();
        }
        return MediaSettings.builder().media("application").acceptTypes(List.of(CONTENT_TYPE))
                .addAttribute(new SdpAttribute(RfbRole.ATTRIBUTE, rfbRole.rfbsetup())).build();
    }

    private void bindViewerPort() throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(settings.viewerAddress(), 1);
        } catch (IOException e) {
            s.close();
            throw new ScreenException("the viewer's port " + settings.viewerAddress() + " cannot be bound: "
                    + e.getMessage(), e);
        }
        lock.lock();
        try {
            viewerListener = s;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks that {@code media}, the peer's, is screen sharing with the other role: {@code
     * m=application}, and an {@code a=rfbsetup} naming the peer of this stream's role (an offer
     * without one counts as {@code active}; an answer without one as agreeing).
     */
    private void checkPeer(MsrpMedia media, boolean isOffer) throws ScreenException {
        if (!"application".equals(media.media())) {
            throw new ScreenException("screen sharing is m=application, not m=" + media.media());
        }
        RfbRole theirs = RfbRole.declared(media).orElse(isOffer ? RfbRole.VIEWER : rfbRole.peer());
        if (theirs == rfbRole) {
            throw new ScreenException("the peer is a " + theirs.name().toLowerCase(Locale.ROOT)
                    + " (a=rfbsetup:" + theirs.rfbsetup() + (media.hasAttribute(RfbRole.ATTRIBUTE) ? "" : " by default")
                    + "), as this stream is");
        }
    }

    /**
     * Completes the connection with the peer's media description (the answer, or the offer):
     * connects or waits for the peer, binds, starts the session and posts {@code didStart}; then,
     * on a thread of its own, reaches the VNC server or waits for the viewer ({@code didConnect},
     * or {@code didFail} when that fails) and bridges the bytes.
     *
     * @param remoteMedia the answer (offerer) or the offer (answerer)
     * @throws ScreenException if the description is not screen sharing with the other role; a
     *     {@link StreamException} if it is unusable otherwise (its cause the {@link
     *     org.msrp4j.sdp.SdpException}), or the stream is not initialized
     * @throws IOException if connecting or binding fails ({@code didFail} and {@code didEnd} are posted)
     */
    public void start(MsrpMedia remoteMedia) throws IOException {
        core.start(remoteMedia, remote -> checkPeer(remote, role() == Role.ANSWERER), connected -> {
            SessionSettings options = settings.sessionSettings().toBuilder().acceptTypes(List.of(CONTENT_TYPE)).build();
            MsrpToTcp in = new MsrpToTcp(settings.receiveBuffer(), options.responseTimeout().toNanos(), this);
            MsrpSession s = MsrpSession.start(connected.transport(), options, in);
            core.started(s, () -> inbound = in);
        });
        core.events().post(listener::didStart);
        Thread.ofVirtual().name("screen-tcp " + rfbRole).start(this::bridge);
    }

    /** Connects the local TCP side, then writes what the peer sends to it while another thread reads it. */
    private void bridge() {
        Socket s;
        try {
            s = rfbRole == RfbRole.SERVER ? connectVnc() : acceptViewer();
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            failed(e);
            return;
        }
        MsrpSession msrp;
        MsrpToTcp in;
        lock.lock();
        try {
            if (core.isEnding()) {
                closeQuietly(s);
                return;
            }
            socket = s;
            msrp = core.session();
            in = inbound;
        } finally {
            lock.unlock();
        }
        core.events().post(() -> listener.didConnect((InetSocketAddress) s.getRemoteSocketAddress()));
        try {
            TcpToMsrp out = new TcpToMsrp(s.getInputStream(), msrp, settings.chunkSize(), settings.window(), this);
            Thread.ofVirtual().name("screen-tcp-read " + rfbRole).start(out::run);
            in.drainTo(s.getOutputStream());
        } catch (IOException e) {
            failed(new ScreenException("writing to the " + (rfbRole == RfbRole.SERVER ? "VNC server" : "viewer")
                    + " failed: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeTcp();
            if (hasPeerEnded()) {
                finish(EndReason.PEER);
            }
        }
    }

    private Socket connectVnc() throws ScreenException {
        Socket s = new Socket();
        try {
            s.connect(settings.vncServer(), (int) Math.max(1, settings.connectTimeout().toMillis()));
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw new ScreenException("the VNC server at " + settings.vncServer() + " cannot be reached: "
                    + e.getMessage(), e);
        }
    }

    private Socket acceptViewer() throws ScreenException {
        ServerSocket l;
        lock.lock();
        try {
            l = viewerListener;
        } finally {
            lock.unlock();
        }
        try {
            l.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.acceptTimeout().toMillis())));
            return l.accept();
        } catch (SocketTimeoutException e) {
            throw new ScreenException("no viewer connected to " + l.getLocalSocketAddress() + " within "
                    + settings.acceptTimeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw new ScreenException("waiting for the viewer failed: " + e.getMessage(), e);
        } finally {
            closeQuietly(l);
        }
    }

    /**
     * Ends the stream (the seed's {@code end}): posts {@code willEnd}, closes the local TCP side,
     * sends what is queued in the session and closes it once answered (at the latest after the
     * session's shutdown timeout), or releases what {@code initialize} took; then posts {@code
     * didEnd} with {@link EndReason#LOCAL}. Idempotent; returns at once.
     *
     * @return completes when the stream has ended
     */
    public CompletableFuture<Void> end() {
        core.end(listener::willEnd, () -> listener.didEnd(EndReason.LOCAL));
        return ended();
    }

    /** {@link #end()}, waiting for the stream to have ended. */
    @Override
    public void close() {
        end().join();
    }

    /** The local TCP side closed its connection (from the reading thread): the stream ends. */
    void tcpClosed() {
        core.end(listener::willEnd, () -> listener.didEnd(EndReason.TCP_CLOSED));
    }

    /** Closes the TCP side and stops taking what the peer sends. */
    private void stopBridge() {
        MsrpToTcp in;
        lock.lock();
        try {
            in = inbound;
        } finally {
            lock.unlock();
        }
        closeTcp();
        if (in != null) {
            in.close();
        }
    }

    /**
     * The session ended under the stream (from its reader): a clean close by the peer ends the
     * stream once what the peer sent is written to TCP (or the response timeout passed); anything
     * else fails it.
     */
    void sessionEnded(IOException error) {
        if (!(error instanceof ConnectionClosedException) || error instanceof ConnectionLostException) {
            failed(error);
            return;
        }
        if (!core.startEnding(listener::willEnd)) {
            return;
        }
        Socket s;
        MsrpToTcp in;
        long grace;
        lock.lock();
        try {
            peerEnded = true;
            s = socket;
            in = inbound;
            MsrpSession session = core.session();
            grace = session == null ? 0 : session.options().responseTimeout().toMillis();
        } finally {
            lock.unlock();
        }
        if (s == null || in == null) {
            closeTcp();
            finish(EndReason.PEER);
            return;
        }
        in.finish();
        CompletableFuture.delayedExecutor(grace, TimeUnit.MILLISECONDS, r -> Thread.ofVirtual().start(r))
                .execute(this::closeTcp);
    }

    private boolean hasPeerEnded() {
        lock.lock();
        try {
            return peerEnded;
        } finally {
            lock.unlock();
        }
    }

    /** Posts {@code didFail} and ends the stream at once, unless it is ending already. */
    void failed(Exception error) {
        core.fail(error, listener::didFail, () -> listener.didEnd(EndReason.FAILED));
    }

    private void finish(EndReason reason) {
        core.finish(() -> listener.didEnd(reason));
    }

    private void closeTcp() {
        Socket s;
        ServerSocket l;
        lock.lock();
        try {
            s = socket;
            l = viewerListener;
        } finally {
            lock.unlock();
        }
        closeQuietly(s);
        closeQuietly(l);
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // closing what is being given up: nothing more to do
        }
    }

    /** Bytes from the peer waiting for the local TCP side now (0 before the stream starts). */
    long queuedForTcp() {
        lock.lock();
        try {
            return inbound == null ? 0 : inbound.queuedBytes();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ScreenSharingStream[" + role() + " " + rfbRole + ", " + core + "]";
    }
}
