package org.msrp4j.relay;

import java.util.Set;

/**
 * How the relay's WebSocket listeners (RFC 7977, {@code ;ws}) treat HTTP. Part of {@link
 * RelayConfig}, whose builder sets each value.
 *
 * @param origins the Origin values a WebSocket handshake may carry ({@code *}: any); null admits
 *     handshakes without Origin (non-browser clients) and same-origin ones only ({@code ws.origins})
 * @param page whether the listeners serve the built-in chat page and its files over HTTP; false
 *     answers 404 to anything but an upgrade ({@code ws.page})
 */
public record WebSocketSettings(Set<String> origins, boolean page) {

    /** Copies the origins. */
    public WebSocketSettings {
        origins = origins == null ? null : Set.copyOf(origins);
    }
}
