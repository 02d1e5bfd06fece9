package org.msrp4j.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Plain TCP on loopback. */
public final class LoopbackSockets {

    /** IPv4 loopback. */
    public static final String V4 = "127.0.0.1";
    /** IPv6 loopback. */
    public static final String V6 = "::1";

    private LoopbackSockets() {
    }

    /** A connected pair of plain sockets on {@code address} (a literal): [client, accepted]. */
    public static Socket[] pair(String address) throws IOException {
        int wait = (int) Async.WAIT.toMillis();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            listener.setSoTimeout(wait);
            Socket client = new Socket();
            try {
                client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), wait);
                return new Socket[] {client, listener.accept()};
            } catch (IOException e) {
                client.close();
                throw e;
            }
        }
    }

    /** A port on {@code host} where nothing listens (it did a moment ago). */
    public static int closedPort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }
}
