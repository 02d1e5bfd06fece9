package org.msrp4j.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers the plain HTTP requests that come to a WebSocket listener: with {@link
 * WebSocketSettings#page()} on, {@code GET} or {@code HEAD} of a file in the relay's {@code web}
 * resources ({@code /} is {@code index.html}); anything else gets 404 (or 405 for other methods,
 * 400/431 for a head that could not be read). Names are one path segment of letters, digits,
 * {@code .}, {@code _} and {@code -} not starting with a dot, so nothing outside that directory can
 * be named and there is no listing. Every answer closes the connection.
 */
final class WebPages {

    /** Where the page's files are, on the class path. */
    static final String RESOURCES = "/org/msrp4j/relay/web/";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private final boolean enabled;

    WebPages(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Answers {@code head}, a request that is not a WebSocket upgrade.
     *
     * @param head the request
     * @param out where the answer goes
     * @throws IOException if writing fails
     */
    void answer(HttpRequestHead head, OutputStream out) throws IOException {
        boolean get = head.method().equals("GET");
        if (!get && !head.method().equals("HEAD")) {
            error(out, 405, "Method Not Allowed");
            return;
        }
        String path = head.path();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!enabled || !NAME.matcher(name).matches()) {
            error(out, 404, "Not Found");
            return;
        }
        byte[] body;
        try (InputStream in = WebPages.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                error(out, 404, "Not Found");
                return;
            }
            body = in.readAllBytes();
        }
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        write(out, "200 OK", type == null ? "application/octet-stream" : type, get ? body : new byte[0],
                body.length);
    }

    /**
     * Answers with an error status and a short text body.
     *
     * @param out where the answer goes
     * @param status the status code
     * @param reason the reason phrase, also the body
     * @throws IOException if writing fails
     */
    static void error(OutputStream out, int status, String reason) throws IOException {
        byte[] body = (status + " " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
        write(out, status + " " + reason, "text/plain; charset=utf-8", body, body.length);
    }

    private static void write(OutputStream out, String status, String type, byte[] body, int length)
            throws IOException {
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length
                + "\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }
}
