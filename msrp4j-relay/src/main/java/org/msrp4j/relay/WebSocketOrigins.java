package org.msrp4j.relay;

import java.util.Locale;
import java.util.Set;

/**
 * Which WebSocket handshakes the relay accepts by their Origin (RFC 6455 §10.2): those whose
 * Origin is in {@link WebSocketSettings#origins()} ({@code *} admits any); without that setting,
 * those without Origin (clients that are not browsers) and those whose Origin is the listener's
 * own: {@code http} or {@code https} (for {@code wss}) with the request's Host.
 */
final class WebSocketOrigins {

    private final Set<String> allowed;

    /**
     * @param allowed the allowed Origin values, or null for the default rule
     */
    WebSocketOrigins(Set<String> allowed) {
        this.allowed = allowed == null ? null : Set.copyOf(allowed.stream().map(WebSocketOrigins::normal).toList());
    }

    /**
     * Whether {@code head} may open a WebSocket.
     *
     * @param head the upgrade request
     * @param tls whether it came over TLS ({@code wss})
     * @return true to go on with the handshake, false to refuse it with 403
     */
    boolean allows(HttpRequestHead head, boolean tls) {
        String origin = head.field("origin");
        if (allowed != null) {
            return allowed.contains("*") || origin != null && allowed.contains(normal(origin));
        }
        if (origin == null) {
            return true;
        }
        String host = head.field("host");
        return host != null && normal(origin).equals(normal((tls ? "https://" : "http://") + host));
    }

    private static String normal(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (o.endsWith(":443") && o.startsWith("https://") || o.endsWith(":80") && o.startsWith("http://")) {
            o = o.substring(0, o.lastIndexOf(':'));
        }
        return o;
    }
}
