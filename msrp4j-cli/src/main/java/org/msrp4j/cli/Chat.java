package org.msrp4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.msrp4j.chat.ChatException;
import org.msrp4j.chat.ChatInputException;
import org.msrp4j.chat.ChatListener;
import org.msrp4j.chat.ChatMessageBuilder;
import org.msrp4j.chat.ChatSettings;
import org.msrp4j.chat.ChatStream;
import org.msrp4j.chat.IncomingChatMessage;
import org.msrp4j.chat.OutgoingChatMessage;
import org.msrp4j.chat.payload.DispositionNotification;
import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.chat.payload.ImdnRequest;
import org.msrp4j.chat.payload.ImdnStatus;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.ConnectionLostException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The chat of {@code msrp listen} and {@code msrp connect}: a {@link ChatStream} on the bound
 * transport. Each line read from stdin goes out as a {@code text/plain} message (in CPIM when the
 * peer's media description names {@code message/cpim}, asking for a display notification when it
 * takes one); each message that arrives is printed on stdout as {@code [sender Message-ID] text} once
 * whole (up to {@value #MAX_MESSAGE} bytes, larger ones refused with 413), with control and format
 * characters escaped ({@link PeerText#display}): a peer cannot move the cursor, recolour the
 * terminal or start a line of its own. On stderr: {@code (delivered) TEXT} when the peer's success
 * REPORT confirms a message, {@code (displayed) TEXT} when its display notification comes, {@code
 * (typing...)} when it starts composing. Part of a line read without its end (input from a pipe,
 * or a terminal in {@code stty -icanon} mode) makes this side composing for the peer. Ends cleanly
 * at the end of stdin or when the peer closes the session.
 */
final class Chat implements ChatListener {

    static final int MAX_MESSAGE = 1 << 20;
    /** The types this side takes inside CPIM. */
    static final List<String> ACCEPT_WRAPPED_TYPES = List.of("text/*", "application/im-iscomposing+xml",
            "message/imdn+xml");

    /** How many sent messages are remembered for their marks. */
    private static final int REMEMBERED = 1000;
    /** How much of a sent message a mark repeats. */
    private static final int PREVIEW = 60;

    /** The chat options shared by {@code listen} and {@code connect}. */
    static final class Options {
        @picocli.CommandLine.Option(names = "--accept-types", paramLabel = "TYPE", split = ",",
                defaultValue = "message/cpim,text/*,application/im-iscomposing+xml,*",
                description = {"MIME types accepted from the peer, separated by commas, as in a=accept-types; "
                        + "'type/*' and '*' allowed (default: ${DEFAULT-VALUE}: CPIM, so the peer wraps "
                        + "its messages, and anything else). Others are answered 415."})
        List<String> acceptTypes;

        @picocli.CommandLine.Option(names = "--echo",
                description = "Answer every message that arrives with the same content (handy for tests).")
        boolean echo;
    }

    private final Options options;
    private final PrintWriter out;
    private final PrintWriter status;
    private final CompletableFuture<Exception> ended = new CompletableFuture<>();
    /** Message-ID to what the marks repeat of a sent message: the latest {@value #REMEMBERED}. */
    private final Map<String, String> sent = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });
    private volatile ChatStream stream;
    private volatile boolean notifications;

    Chat(Options options, PrintWriter out, PrintWriter status) {
        this.options = options;
        this.out = out;
        this.status = status;
    }

    /**
     * Runs the chat on {@code transport} until stdin ends (the stream then ends, sending what is
     * queued) or the peer ends the session.
     *
     * @param role this side's part in the exchange of descriptions: the listener offers
     * @param local the description this side printed
     * @param remote the peer's, or one made from its path
     * @return the exit code
     * @throws IOException when the connection was lost rather than closed
     */
    int run(MsrpTransport transport, Role role, MsrpMedia local, MsrpMedia remote, Duration timeout)
            throws IOException, InterruptedException {
        ChatSettings settings = ChatSettings.builder().acceptTypes(options.acceptTypes)
                .acceptWrappedTypes(ACCEPT_WRAPPED_TYPES).maxMessageSize(MAX_MESSAGE)
                .sessionSettings(SessionSettings.builder().responseTimeout(timeout).build()).build();
        notifications = ChatMedia.takesNotifications(remote);
        ChatStream chat = new ChatStream(identity(local), identity(remote), role, settings, this);
        stream = chat;
        chat.start(transport, local, remote);
        status.println("type a line to send it; end of input (Ctrl-D) ends the session");
        status.flush();
        // A daemon: a read blocked on stdin cannot be interrupted, and must not keep the JVM alive.
        Thread.ofPlatform().daemon().name("msrp-stdin").start(this::readStdin);
        Exception error;
        try {
            error = ended.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (error == null) {
            chat.end().join();
            status.println("end of input: session closed");
            status.flush();
            return ExitCode.OK;
        }
        chat.end().join();
        if (error instanceof ConnectionClosedException closed && closed.byPeer()
                && !(error instanceof ConnectionLostException)) {
            status.println("the peer closed the session");
            status.flush();
            return ExitCode.OK;
        }
        if (error instanceof IOException io) {
            throw io;
        }
        throw new IOException(error.getMessage(), error);
    }

    /** The CPIM identity of a side: its MSRP URI, there being no SIP here. */
    private static CpimAddress identity(MsrpMedia media) {
        List<MsrpUri> path = media.path();
        return CpimAddress.of(path.get(path.size() - 1).toString());
    }

    /**
     * Reads stdin as it comes: each whole line is sent; part of a line makes this side composing
     * (a terminal hands lines over only at Enter, unless in {@code stty -icanon} mode).
     */
    private void readStdin() {
        InputStream in = System.in;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        sendLine(line.toByteArray());
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buffer, start, n - start);
                if (line.size() > 0) {
                    stream.setComposing(true);
                }
            }
            if (line.size() > 0) {
                sendLine(line.toByteArray());
            }
            ended.complete(null);
        } catch (IOException e) {
            ended.complete(e);
        }
    }

    private void sendLine(byte[] bytes) {
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        send(text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private void send(byte[] body, String contentType) {
        try {
            ChatMessageBuilder message = stream.message(body, contentType);
            if (notifications) {
                message.requestNotifications(DispositionNotification.DISPLAY);
            }
            OutgoingChatMessage m = message.send();
            String preview = contentType.startsWith("text/") ? preview(new String(body, StandardCharsets.UTF_8))
                    : "(" + body.length + " bytes of " + contentType + ")";
            sent.put(m.messageId(), preview);
        } catch (ChatException e) {
            status.println("cannot send: " + Main.message(e));
            status.flush();
        }
    }

    private static String preview(String text) {
        return text.length() <= PREVIEW ? text : text.substring(0, PREVIEW) + "...";
    }

    private String sentText(String messageId) {
        return sent.getOrDefault(messageId, messageId);
    }

    // ---------------------------------------------------------------- the stream's events, on its event thread

    @Override
    public void gotMessage(IncomingChatMessage message) {
        List<MsrpUri> from = message.chunk().fromPath();
        String sender = from.get(from.size() - 1).toString();
        String type = message.contentType() == null ? "text/plain" : message.contentType();
        byte[] body = message.content();
        String shown = type.startsWith("text/") ? message.text() : "(" + body.length + " bytes of " + type + ")";
        out.println(PeerText.display("[" + sender + " " + message.messageId() + "] " + shown));
        out.flush();
        boolean wanted = message.cpim().flatMap(ImdnRequest::of)
                .filter(r -> r.wants(DispositionNotification.DISPLAY)).isPresent();
        if (wanted && notifications) {
            try {
                stream.sendDisplayNotification(message);
            } catch (ChatException e) {
                status.println("cannot send the display notification: " + Main.message(e));
                status.flush();
            }
        }
        if (options.echo) {
            send(body, type);
        }
    }

    @Override
    public void didDeliverMessage(OutgoingChatMessage message) {
        status.println(PeerText.display("(delivered) " + sentText(message.messageId())));
        status.flush();
    }

    @Override
    public void didNotDeliverMessage(OutgoingChatMessage message, int code, String reason) {
        status.println("message " + message.messageId() + " not delivered: " + code
                + (reason == null ? "" : " " + PeerText.display(reason)));
        status.flush();
    }

    @Override
    public void gotNotification(Imdn notification) {
        if (notification.status() == ImdnStatus.DISPLAYED) {
            status.println(PeerText.display("(displayed) " + sentText(notification.messageId())));
            status.flush();
        }
    }

    @Override
    public void composingChanged(boolean composing) {
        if (composing) {
            status.println("(typing...)");
            status.flush();
        }
    }

    @Override
    public void gotInvalidMessage(ChatInputException error) {
        status.println(PeerText.display("refused message " + error.messageId() + " (" + error.statusCode() + "): ")
                + Main.message(error));
        status.flush();
    }

    @Override
    public void didFail(Exception reason) {
        ended.complete(reason);
    }

    @Override
    public void didEnd() {
        ended.complete(null);
    }
}
