package org.msrp4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.IncomingMessage;
import org.msrp4j.session.MessageAssembler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionOptions;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.ConnectionLostException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The chat of {@code msrp listen} and {@code msrp connect} over a bound transport: each line read
 * from stdin goes out as a {@code text/plain} message; each message that arrives is printed on
 * stdout as {@code [sender Message-ID] text} once whole (messages sent in several chunks are put
 * back together, up to {@value #MAX_MESSAGE} bytes; a larger or broken one is refused with 413),
 * with control and format characters escaped ({@link PeerText#display}): a peer cannot move the
 * cursor, recolour the terminal or start a line of its own.
 * Ends cleanly at the end of stdin or when the peer closes the session.
 */
final class Chat {

    static final int MAX_MESSAGE = 1 << 20;

    /** The chat options shared by {@code listen} and {@code connect}. */
    static final class Options {
        @picocli.CommandLine.Option(names = "--accept-types", paramLabel = "TYPE", split = ",",
                defaultValue = "*",
                description = {"MIME types accepted from the peer, separated by commas; 'type/*' and '*' "
                        + "allowed (default: ${DEFAULT-VALUE}). Others are answered 415."})
        List<String> acceptTypes;

        @picocli.CommandLine.Option(names = "--echo",
                description = "Answer every message that arrives with the same content (handy for tests).")
        boolean echo;
    }

    private final MsrpTransport transport;
    private final Options options;
    private final PrintWriter out;
    private final PrintWriter status;
    private final MessageAssembler assembler = MessageAssembler.inMemory(MAX_MESSAGE);
    private final CompletableFuture<IOException> ended = new CompletableFuture<>();
    private volatile MsrpSession session;

    Chat(MsrpTransport transport, Options options, PrintWriter out, PrintWriter status) {
        this.transport = transport;
        this.options = options;
        this.out = out;
        this.status = status;
    }

    /**
     * Runs the chat until stdin ends (the session is then shut down, sending what is queued) or the
     * peer ends the session.
     *
     * @return the exit code
     * @throws IOException when the connection was lost rather than closed
     */
    int run(SessionOptions sessionOptions) throws IOException, InterruptedException {
        session = MsrpSession.start(transport, sessionOptions.toBuilder().acceptTypes(options.acceptTypes).build(),
                new IncomingHandler() {
                    @Override
                    public void onStart(MsrpSession started) {
                        session = started;
                    }

                    @Override
                    public void onChunk(MsrpChunk chunk) {
                        received(chunk);
                    }

                    @Override
                    public void onError(IOException error) {
                        ended.complete(error);
                    }
                });
        status.println("type a line to send it; end of input (Ctrl-D) ends the session");
        status.flush();
        // A daemon: a read blocked on stdin cannot be interrupted, and must not keep the JVM alive.
        Thread.ofPlatform().daemon().name("msrp-stdin").start(this::readStdin);
        IOException error;
        try {
            error = ended.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (error == null) {
            session.shutdown(true);
            status.println("end of input: session closed");
            status.flush();
            return ExitCode.OK;
        }
        if (error instanceof ConnectionClosedException closed && closed.byPeer()
                && !(error instanceof ConnectionLostException)) {
            status.println("the peer closed the session");
            status.flush();
            return ExitCode.OK;
        }
        throw error;
    }

    private void readStdin() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                send(line.getBytes(StandardCharsets.UTF_8), "text/plain");
            }
            ended.complete(null);
        } catch (IOException e) {
            ended.complete(e);
        }
    }

    private void send(byte[] body, String contentType) {
        MsrpChunk chunk = transport.newChunk().data(body).contentType(contentType).build();
        try {
            session.sendChunk(chunk, response -> {
                if (response.code() != 200) {
                    status.println("message " + chunk.messageId() + " not delivered: " + response.code()
                            + (response.comment() == null ? "" : " " + PeerText.display(response.comment())));
                    status.flush();
                }
            });
        } catch (IOException e) {
            status.println("cannot send: " + Main.message(e));
            status.flush();
        }
    }

    /** Runs on the session's reader thread. */
    private void received(MsrpChunk chunk) {
        if (!"SEND".equals(chunk.method())) {
            return;
        }
        IncomingMessage message;
        try {
            message = assembler.accept(chunk);
        } catch (IOException e) {
            // refused, not dropped: the sender is answered 413 for this chunk and the rest of the
            // message instead of a 200 for data that would go nowhere
            if (chunk.messageId() != null) {
                session.refuseMessage(chunk.messageId());
            }
            status.println(PeerText.display("refused message " + chunk.messageId() + " (413): ") + Main.message(e));
            status.flush();
            return;
        }
        if (!message.isComplete()) {
            return;
        }
        byte[] body = message.bytes();
        String type = message.contentType() == null ? "text/plain" : message.contentType();
        List<MsrpUri> from = chunk.fromPath();
        String sender = from.get(from.size() - 1).toString();
        String shown = type.startsWith("text/") ? new String(body, StandardCharsets.UTF_8)
                : "(" + body.length + " bytes of " + type + ")";
        out.println(PeerText.display("[" + sender + " " + message.messageId() + "] " + shown));
        out.flush();
        if (options.echo) {
            send(body, type);
        }
    }
}
