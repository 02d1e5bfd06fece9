package org.msrp4j.relay;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's HTTP listener for operators ({@code metrics.listen}): {@code GET /metrics} answers
 * the {@link RelayMetrics} in the Prometheus text format, {@code GET /health} 200 {@code ok} when
 * the relay is serving, else 503 with the reason in a line of text. Nothing else is served.
 *
 * <p>It is no MSRP listener and shares nothing with them but the process: its own threads
 * (virtual, one per client), at most {@link #MAX_CLIENTS} clients at once (more are closed at
 * once), one request per connection, whose head (at most {@link #MAX_HEAD} bytes) must be there
 * within {@link #DEADLINE} of connecting, else the connection closes unanswered. The answer, a
 * few KiB that the socket's buffer takes at once, is written and the connection closed. So a
 * slow, silent or junk client here costs at most a few descriptors and threads, for seconds.
 */
final class MetricsServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** Clients served at once. */
    static final int MAX_CLIENTS = 8;
    /** From connecting to the end of the request head. */
    static final Duration DEADLINE = Duration.ofSeconds(5);
    /** Bytes of a request line and headers. */
    static final int MAX_HEAD = 8192;

    private final ServerSocket server;
    private final RelayMetrics metrics;
    private final Supplier<String> healthProblem;
    private final Semaphore slots = new Semaphore(MAX_CLIENTS);
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /**
     * Listens on {@code address}; {@code healthProblem} says why the relay is not healthy, null
     * when it is (it may block briefly, e.g. asking the account database).
     */
    MetricsServer(InetSocketAddress address, RelayMetrics metrics, Supplier<String> healthProblem)
            throws IOException {
        this.metrics = metrics;
        this.healthProblem = healthProblem;
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 50);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for metrics on " + address + ": " + e.getMessage(), e);
        }
        this.acceptor = Thread.ofVirtual().name("msrp-relay-metrics").start(this::acceptLoop);
        LOG.info("metrics on http://{}:{}/metrics, health on /health", MsrpRelay.hostText(server.getInetAddress()),
                server.getLocalPort());
    }

    /** The address bound (with the real port when 0 was asked for). */
    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff("metrics " + address());
        while (!server.isClosed()) {
            Socket s = backoff.accept(server);
            if (s == null) {
                return;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(s);
                continue;
            }
            clients.add(s);
            Thread.ofVirtual().name("msrp-relay-metrics-client").start(() -> {
                try {
                    serve(s);
                } finally {
                    clients.remove(s);
                    closeQuietly(s);
                    slots.release();
                }
            });
        }
    }

    private void serve(Socket s) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try {
            String requestLine = readHead(s, deadline);
            Answer a = answer(requestLine);
            byte[] head = ("HTTP/1.1 " + a.status + "\r\nContent-Type: " + a.type + "\r\nContent-Length: "
                    + a.body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            out.write(head);
            if (requestLine == null || !requestLine.startsWith("HEAD ")) {
                out.write(a.body);
            }
            out.flush();
            s.shutdownOutput();
            drain(s);
        } catch (IOException | RuntimeException e) {
            LOG.debug("metrics client {}: {}", s.getRemoteSocketAddress(), e.toString());
        }
    }

    private record Answer(String status, String type, byte[] body) {
        static Answer text(String status, String text) {
            return new Answer(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private Answer answer(String requestLine) throws IOException {
        if (requestLine == null) {
            return Answer.text("400 Bad Request", "bad request");
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            return Answer.text("400 Bad Request", "bad request");
        }
        if (!parts[0].equals("GET") && !parts[0].equals("HEAD")) {
            return Answer.text("405 Method Not Allowed", "only GET and HEAD");
        }
        String path = parts[1];
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        switch (path) {
            case "/metrics" -> {
                ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
                metrics.write(body);
                return new Answer("200 OK", metrics.contentType(), body.toByteArray());
            }
            case "/health" -> {
                String problem = healthProblem.get();
                return problem == null ? Answer.text("200 OK", "ok")
                        : Answer.text("503 Service Unavailable", problem);
            }
            default -> {
                return Answer.text("404 Not Found", "not found: /metrics or /health");
            }
        }
    }

    /**
     * Reads the request head (up to the blank line) within {@code deadline}: its request line, or
     * null when the head is too long or the client closed first.
     */
    private static String readHead(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        byte[] head = new byte[MAX_HEAD];
        int n = 0;
        while (n < head.length) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("request head not complete within " + DEADLINE.toSeconds() + " s");
            }
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                return null;
            }
            for (int i = Math.max(0, n - 3); i < n + r; i++) {
                if (head[i] == '\n' && (i >= 1 && head[i - 1] == '\n' || i >= 3 && head[i - 1] == '\r'
                        && head[i - 2] == '\n' && head[i - 3] == '\r')) {
                    int end = 0;
                    while (end < i && head[end] != '\r' && head[end] != '\n') {
                        end++;
                    }
                    return new String(head, 0, end, StandardCharsets.ISO_8859_1);
                }
            }
            n += r;
        }
        return null;
    }

    /**
     * Skips what the client sent beyond the head and is already here (up to {@link #MAX_HEAD}
     * bytes), without waiting: closing with bytes unread would reset the connection, and the
     * client could lose the answer.
     */
    private static void drain(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        long left = MAX_HEAD;
        int n;
        while (left > 0 && (n = in.available()) > 0) {
            left -= in.skip(Math.min(n, left));
        }
    }

    /** Stops listening and drops the clients being served. */
    @Override
    public void close() {
        closeQuietly(server);
        for (Socket s : clients) {
            closeQuietly(s);
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing is all that is asked
        }
    }
}
