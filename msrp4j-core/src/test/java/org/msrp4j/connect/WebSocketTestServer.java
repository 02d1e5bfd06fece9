package org.msrp4j.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.transport.websocket.ChunkMessageOutputStream;
import org.msrp4j.transport.websocket.MessageInputStream;
import org.msrp4j.transport.websocket.MessageSocket;

/**
 * The server side of RFC 6455, written small for tests: the opening handshake, and frames both ways
 * (client frames unmasked on reading). {@link #upgrade} makes an accepted socket an MSRP
 * {@link MessageSocket}; the static frame methods let a test play a broken server.
 */
final class WebSocketTestServer {

    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    private static final int CONTINUATION = 0;
    static final int PING = 9;
    static final int PONG = 10;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketTestServer() {
    }

    /** One received frame. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Reads the client's HTTP upgrade request: the request line under "", then its headers in lower case. */
    static Map<String, String> readRequest(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String line = readLine(in);
        headers.put("", line);
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the client closed during the handshake");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Answers the upgrade with 101, naming {@code subprotocol} unless it is null. */
    static void accept(OutputStream out, Map<String, String> request, String subprotocol) throws IOException {
        String key = request.get("sec-websocket-key");
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one frame from the client, unmasking it. */
    static Frame readFrame(InputStream in) throws IOException {
        int b0 = readByte(in);
        int b1 = readByte(in);
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
        }
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new IOException("the client closed in the middle of a frame");
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("the client closed the connection");
        }
        return b;
    }

    /** Writes one unmasked frame, as a server sends them. */
    static void writeFrame(OutputStream out, int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length < 65536) {
            f.write(126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >> (8 * i)) & 0xff);
            }
        }
        f.writeBytes(payload);
        out.write(f.toByteArray());
        out.flush();
    }

    /**
     * Completes the opening handshake on an accepted socket (naming the {@code msrp} subprotocol) and
     * returns it as a socket carrying MSRP, one chunk per binary message.
     */
    static MessageSocket upgrade(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        accept(out, readRequest(in), "msrp");
        ReentrantLock writing = new ReentrantLock();
        boolean[] inMessage = new boolean[1];
        MessageInputStream received = new MessageInputStream(1 << 24, 1 << 20, () -> { });
        ChunkMessageOutputStream sending = new ChunkMessageOutputStream((data, last) -> {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            writing.lock();
            try {
                writeFrame(out, inMessage[0] ? CONTINUATION : BINARY, last, b);
                inMessage[0] = !last;
            } finally {
                writing.unlock();
            }
        }, 1 << 20);
        Thread.ofVirtual().name("ws-test-server-reader").start(() -> {
            try {
                while (true) {
                    Frame f = readFrame(in);
                    switch (f.opcode()) {
                        case TEXT, BINARY, CONTINUATION -> received.feed(ByteBuffer.wrap(f.payload()), f.fin());
                        case PING -> {
                            writing.lock();
                            try {
                                writeFrame(out, PONG, true, f.payload());
                            } finally {
                                writing.unlock();
                            }
                        }
                        case CLOSE -> {
                            writing.lock();
                            try {
                                writeFrame(out, CLOSE, true, f.payload());
                            } finally {
                                writing.unlock();
                            }
                            received.end();
                            return;
                        }
                        default -> {
                            // pongs and reserved opcodes are ignored
                        }
                    }
                }
            } catch (IOException e) {
                received.fail(e);
            }
        });
        return new MessageSocket(received, sending, s, (InetSocketAddress) s.getLocalSocketAddress(),
                (InetSocketAddress) s.getRemoteSocketAddress());
    }
}
