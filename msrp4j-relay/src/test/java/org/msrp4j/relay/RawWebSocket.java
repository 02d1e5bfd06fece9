package org.msrp4j.relay;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.net.ssl.SSLSocket;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.TlsContexts;

/**
 * A WebSocket client written by hand for attacks: it writes whatever handshake and frames a test
 * asks for (unmasked, oversized, fragmented, cut short) and reads the relay's answers raw.
 */
final class RawWebSocket implements Closeable {

    /** A frame from the relay. */
    record Frame(boolean fin, int opcode, byte[] payload) {

        /** The status code of a close frame, or -1 if it has none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    static final int CONTINUATION = 0;
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final String hostPort;

    private RawWebSocket(Socket socket, String hostPort) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.hostPort = hostPort;
    }

    /** Connects to the listener at {@code listener} (TLS for {@code msrps}) from {@code from} (null: any). */
    static RawWebSocket connect(MsrpUri listener, InetAddress from) throws IOException {
        return connect(listener, from, 0);
    }

    /** As {@link #connect(MsrpUri, InetAddress)}, with a receive buffer of {@code receiveBuffer} bytes (0: default). */
    static RawWebSocket connect(MsrpUri listener, InetAddress from, int receiveBuffer) throws IOException {
        Socket tcp = new Socket();
        if (receiveBuffer > 0) {
            tcp.setReceiveBufferSize(receiveBuffer);
        }
        if (from != null) {
            tcp.bind(new InetSocketAddress(from, 0));
        }
        tcp.connect(new InetSocketAddress(listener.host(), listener.port()), 5000);
        tcp.setSoTimeout((int) RelayTestKit.WAIT.toMillis());
        Socket s = tcp;
        if (listener.useTls()) {
            SSLSocket ssl = (SSLSocket) TlsContexts.client().getSocketFactory().createSocket(tcp, listener.host(),
                    listener.port(), true);
            ssl.startHandshake();
            s = ssl;
        }
        return new RawWebSocket(s, listener.host() + ":" + listener.port());
    }

    /** An upgrade request for /msrp with {@code protocolLine} (e.g. the subprotocol's) and {@code extra} lines. */
    String upgrade(String protocolLine, String extra) {
        return "GET /msrp HTTP/1.1\r\nHost: " + hostPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + protocolLine + extra
                + "\r\n";
    }

    /** Sends a good upgrade (subprotocol msrp, no Origin) and returns the response head. */
    String open() throws IOException {
        writeRaw(upgrade("Sec-WebSocket-Protocol: msrp\r\n", ""));
        return readHead();
    }

    void writeRaw(String text) throws IOException {
        writeRaw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The response head up to the blank line, or what came before the connection closed. */
    String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : c == '\r' ? 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** The bytes of one frame as a client would send it, masked or not. */
    static byte[] frameBytes(boolean fin, int opcode, boolean mask, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | opcode);
        int m = mask ? 0x80 : 0;
        if (payload.length < 126) {
            b.write(m | payload.length);
        } else if (payload.length < 65536) {
            b.write(m | 126);
            b.write(payload.length >>> 8);
            b.write(payload.length & 0xff);
        } else {
            b.write(m | 127);
            for (int i = 7; i >= 0; i--) {
                b.write((int) (((long) payload.length >>> (8 * i)) & 0xff));
            }
        }
        if (!mask) {
            b.writeBytes(payload);
            return b.toByteArray();
        }
        byte[] key = new byte[4];
        RANDOM.nextBytes(key);
        b.writeBytes(key);
        for (int i = 0; i < payload.length; i++) {
            b.write(payload[i] ^ key[i % 4]);
        }
        return b.toByteArray();
    }

    void frame(boolean fin, int opcode, boolean mask, byte[] payload) throws IOException {
        writeRaw(frameBytes(fin, opcode, mask, payload));
    }

    /** A whole binary message in one masked frame. */
    void message(byte[] payload) throws IOException {
        frame(true, BINARY, true, payload);
    }

    /** The next frame from the relay. */
    Frame readFrame() throws IOException {
        int b1 = readByte();
        int b2 = readByte();
        long len = b2 & 0x7f;
        if (len == 126) {
            len = (readByte() << 8) | readByte();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length != len) {
            throw new EOFException("frame cut short");
        }
        return new Frame((b1 & 0x80) != 0, b1 & 0x0f, payload);
    }

    /** Reads frames until a close frame and returns its code; -1 if the connection ended without one. */
    int awaitClose() throws IOException {
        try {
            while (true) {
                Frame f = readFrame();
                if (f.opcode() == CLOSE) {
                    return f.closeCode();
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            return -1;
        }
    }

    /** Whether the relay closed the connection (end of input, or a reset) within the socket timeout. */
    boolean closedByRelay() {
        try {
            while (in.read() >= 0) {
                // skip whatever the relay still sends
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private int readByte() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new EOFException();
        }
        return c;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is asked
        }
    }
}
