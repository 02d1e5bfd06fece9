package org.msrp4j.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * One listening socket of a {@link MsrpRelay}, as in the {@code listen} setting of {@link RelayConfig}.
 *
 * @param tls TLS ({@code msrps}) or plain TCP ({@code msrp})
 * @param address the address to bind, e.g. {@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1}
 * @param port the port, 0 for any free one (see {@link MsrpRelay#listenerUris()})
 * @param ws MSRP over WebSocket (RFC 7977: {@code ;ws}): plain {@code ws} without TLS, {@code wss} with
 */
public record RelayListener(boolean tls, InetAddress address, int port, boolean ws) {

    /** Checks the values. */
    public RelayListener {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
    }

    /**
     * A TCP or TLS listener without WebSocket.
     *
     * @param tls TLS ({@code msrps}) or plain TCP ({@code msrp})
     * @param address the address to bind
     * @param port the port, 0 for any free one
     */
    public RelayListener(boolean tls, InetAddress address, int port) {
        this(tls, address, port, false);
    }

    /**
     * A TLS listener.
     *
     * @param address an IP literal to bind, e.g. {@code 0.0.0.0} or {@code ::1}
     * @param port the port, 0 for any free one
     * @return an {@code msrps} listener
     */
    public static RelayListener tls(String address, int port) {
        return new RelayListener(true, literal(address), port);
    }

    /**
     * A plain TCP listener (opt-in: RFC 4976 clients are meant to reach their relay over TLS).
     *
     * @param address an IP literal to bind, e.g. {@code 127.0.0.1} or {@code ::1}
     * @param port the port, 0 for any free one
     * @return an {@code msrp} listener
     */
    public static RelayListener tcp(String address, int port) {
        return new RelayListener(false, literal(address), port);
    }

    /**
     * A WebSocket listener (RFC 7977), {@code wss} (TLS, the relay's credentials) or plain {@code ws}.
     *
     * @param tls {@code wss} rather than {@code ws}
     * @param address the address to bind, an IP literal
     * @param port the port, 0 for any free one
     * @return the listener
     */
    public static RelayListener webSocket(boolean tls, String address, int port) {
        return new RelayListener(tls, literal(address), port, true);
    }

    /**
     * Parses {@code msrps://address:port} or {@code msrp://address:port}, IPv6 in brackets, with
     * {@code ;ws} at the end for a WebSocket listener ({@code msrps://0.0.0.0:443;ws} is {@code wss}).
     *
     * @param text the listener as in the {@code listen} setting
     * @return the listener
     * @throws IllegalArgumentException if {@code text} is not one
     */
    public static RelayListener parse(String text) {
        String t = text.strip();
        boolean ws = false;
        int semi = t.indexOf(';');
        if (semi >= 0) {
            if (!t.substring(semi + 1).strip().equalsIgnoreCase("ws")) {
                throw new IllegalArgumentException("a listener's only parameter is ;ws: " + text);
            }
            ws = true;
            t = t.substring(0, semi).strip();
        }
        boolean tls;
        if (t.regionMatches(true, 0, "msrps://", 0, 8)) {
            tls = true;
            t = t.substring(8);
        } else if (t.regionMatches(true, 0, "msrp://", 0, 7)) {
            tls = false;
            t = t.substring(7);
        } else {
            throw new IllegalArgumentException("listener must be msrps://address:port or msrp://address:port: "
                    + text);
        }
        int colon = t.lastIndexOf(':');
        if (colon < 0 || (t.startsWith("[") && colon < t.indexOf(']'))) {
            throw new IllegalArgumentException("listener needs a port: " + text);
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in listener: " + text, e);
        }
        return new RelayListener(tls, literal(host), port, ws);
    }

    private static InetAddress literal(String address) {
        if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("listener address must be an IP literal: " + address);
        }
        try {
            return InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + address, e);
        }
    }
}
