package org.msrp4j.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A small HTTP server on 127.0.0.1 for the browser's unit-test page: serves class-path directories
 * ({@code /web/} the relay's page resources, {@code /webtest/} the test page) with the Content-Type
 * an ES module needs.
 */
final class StaticFiles implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final HttpServer server;

    /**
     * @param mounts URL prefix (e.g. {@code /web/}) to class-path directory (e.g. {@code org/msrp4j/relay/web/})
     */
    StaticFiles(Map<String, String> mounts) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        mounts.forEach((prefix, dir) -> server.createContext(prefix, ex -> serve(ex, prefix, dir)));
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:12345}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void serve(HttpExchange ex, String prefix, String dir) throws IOException {
        try (ex) {
            String name = ex.getRequestURI().getPath().substring(prefix.length());
            int dot = name.lastIndexOf('.');
            String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
            InputStream in = name.contains("/") || name.startsWith(".") || type == null ? null
                    : StaticFiles.class.getClassLoader().getResourceAsStream(dir + name);
            if (in == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            try (in) {
                byte[] body = in.readAllBytes();
                ex.getResponseHeaders().set("Content-Type", type);
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
