package org.msrp4j.screen;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The smallest RFB client (RFC 6143) that reads a screen: ProtocolVersion, security type None,
 * ClientInit, ServerInit, SetPixelFormat (32 bits per pixel, true colour, 8 bits each of red, green
 * and blue), SetEncodings (Raw only), then FramebufferUpdateRequests until every pixel has come.
 */
public final class RfbClient {

    private static final int SECURITY_NONE = 1;

    private final DataInputStream in;
    private final DataOutputStream out;
    private String serverVersion;
    private int width;
    private int height;
    private String name;

    public RfbClient(Socket socket) throws IOException {
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /** Runs the handshake and the initialisation (RFC 6143 §7.1 to §7.3) and sets the pixel format. */
    public void handshake() throws IOException {
        byte[] version = new byte[12];
        in.readFully(version);
        serverVersion = new String(version, StandardCharsets.US_ASCII);
        if (!serverVersion.matches("RFB \\d{3}\\.\\d{3}\n")) {
            throw new IOException("not an RFB ProtocolVersion: " + serverVersion.strip());
        }
        int minor = Integer.parseInt(serverVersion.substring(8, 11));
        if (!serverVersion.startsWith("RFB 003.") || minor < 3) {
            throw new IOException("an RFB version this client does not speak: " + serverVersion.strip());
        }
        minor = minor >= 8 ? 8 : minor >= 7 ? 7 : 3;
        out.write(String.format("RFB 003.%03d\n", minor).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (minor == 3) {
            int type = in.readInt();
            if (type != SECURITY_NONE) {
                throw new IOException("the server wants security type " + type + ", not None");
            }
        } else {
            int count = in.readUnsignedByte();
            if (count == 0) {
                throw new IOException("the server refused: " + reason());
            }
            boolean none = false;
            for (int i = 0; i < count; i++) {
                none |= in.readUnsignedByte() == SECURITY_NONE;
            }
            if (!none) {
                throw new IOException("the server does not offer security type None");
            }
            out.writeByte(SECURITY_NONE);
            out.flush();
            if (minor == 8 && in.readInt() != 0) {
                throw new IOException("security handshake failed: " + reason());
            }
        }
        out.writeByte(1);
        out.flush();
        width = in.readUnsignedShort();
        height = in.readUnsignedShort();
        in.readFully(new byte[16]);
        byte[] n = new byte[in.readInt()];
        in.readFully(n);
        name = new String(n, StandardCharsets.UTF_8);
        setPixelFormat();
        setEncodingsRaw();
    }

    private String reason() throws IOException {
        byte[] r = new byte[in.readInt()];
        in.readFully(r);
        return new String(r, StandardCharsets.UTF_8);
    }

    /** 32 bits per pixel, depth 24, little-endian, true colour, red at bit 16, green at 8, blue at 0. */
    private void setPixelFormat() throws IOException {
        out.writeByte(0);
        out.write(new byte[3]);
        out.writeByte(32);
        out.writeByte(24);
        out.writeByte(0);
        out.writeByte(1);
        out.writeShort(255);
        out.writeShort(255);
        out.writeShort(255);
        out.writeByte(16);
        out.writeByte(8);
        out.writeByte(0);
        out.write(new byte[3]);
        out.flush();
    }

    private void setEncodingsRaw() throws IOException {
        out.writeByte(2);
        out.writeByte(0);
        out.writeShort(1);
        out.writeInt(0);
        out.flush();
    }

    /**
     * Asks for the whole screen until every pixel has arrived, and returns them as 0xRRGGBB, row by row.
     *
     * @throws IOException if the server sends what this client did not ask for
     */
    public int[] readScreen() throws IOException {
        int[] pixels = new int[width * height];
        boolean[] seen = new boolean[width * height];
        int missing = pixels.length;
        while (missing > 0) {
            out.writeByte(3);
            out.writeByte(0);
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(width);
            out.writeShort(height);
            out.flush();
            missing -= readUpdate(pixels, seen);
        }
        return pixels;
    }

    /** Reads server messages up to and including one FramebufferUpdate; returns the pixels it newly covered. */
    private int readUpdate(int[] pixels, boolean[] seen) throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            switch (type) {
                case 0 -> {
                    return readRectangles(pixels, seen);
                }
                case 1 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                    in.readFully(new byte[6 * in.readUnsignedShort()]);
                }
                case 2 -> { }
                case 3 -> {
                    in.readFully(new byte[3]);
                    in.readFully(new byte[in.readInt()]);
                }
                default -> throw new IOException("unknown server message type " + type);
            }
        }
    }

    private int readRectangles(int[] pixels, boolean[] seen) throws IOException {
        in.readUnsignedByte();
        int rectangles = in.readUnsignedShort();
        int covered = 0;
        byte[] row = new byte[width * 4];
        for (int r = 0; r < rectangles; r++) {
            int x = in.readUnsignedShort();
            int y = in.readUnsignedShort();
            int w = in.readUnsignedShort();
            int h = in.readUnsignedShort();
            int encoding = in.readInt();
            if (encoding != 0) {
                throw new IOException("encoding " + encoding + " though only Raw (0) was asked for");
            }
            if (x + w > width || y + h > height) {
                throw new IOException("a rectangle outside the screen: " + w + "x" + h + "+" + x + "+" + y);
            }
            for (int j = 0; j < h; j++) {
                in.readFully(row, 0, w * 4);
                for (int i = 0; i < w; i++) {
                    int p = (y + j) * width + x + i;
                    pixels[p] = (row[i * 4 + 2] & 0xFF) << 16 | (row[i * 4 + 1] & 0xFF) << 8 | row[i * 4] & 0xFF;
                    if (!seen[p]) {
                        seen[p] = true;
                        covered++;
                    }
                }
            }
        }
        return covered;
    }

    /** The ProtocolVersion the server sent, e.g. {@code RFB 003.008}. */
    public String serverVersion() {
        return serverVersion.strip();
    }

    /** The framebuffer's width from ServerInit. */
    public int width() {
        return width;
    }

    /** The framebuffer's height from ServerInit. */
    public int height() {
        return height;
    }

    /** The desktop's name from ServerInit. */
    public String name() {
        return name;
    }
}
