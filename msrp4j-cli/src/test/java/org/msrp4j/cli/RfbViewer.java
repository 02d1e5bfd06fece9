package org.msrp4j.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The smallest RFB client (RFC 6143) that reads a screen, as a VNC viewer would through {@code msrp
 * view-screen}: ProtocolVersion 3.8, security type None, ClientInit, ServerInit, SetPixelFormat (32
 * bits, true colour, 8 bits each of red, green and blue), SetEncodings (Raw only), then
 * FramebufferUpdateRequests until every pixel has come.
 */
final class RfbViewer {

    private final DataInputStream in;
    private final DataOutputStream out;
    private int width;
    private int height;

    RfbViewer(Socket socket) throws IOException {
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /** The handshake and initialisation (RFC 6143 §7.1 to §7.3), then the pixel format and encoding. */
    void handshake() throws IOException {
        byte[] version = new byte[12];
        in.readFully(version);
        String v = new String(version, StandardCharsets.US_ASCII);
        if (!v.startsWith("RFB 003.") || Integer.parseInt(v.substring(8, 11)) < 8) {
            throw new IOException("not an RFB 3.8 server: " + v.strip());
        }
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int count = in.readUnsignedByte();
        boolean none = false;
        for (int i = 0; i < count; i++) {
            none |= in.readUnsignedByte() == 1;
        }
        if (!none) {
            throw new IOException("the server does not offer security type None");
        }
        out.writeByte(1);
        out.flush();
        if (in.readInt() != 0) {
            throw new IOException("the security handshake failed");
        }
        out.writeByte(1);
        out.flush();
        width = in.readUnsignedShort();
        height = in.readUnsignedShort();
        in.readFully(new byte[16]);
        in.readFully(new byte[in.readInt()]);
        out.write(new byte[] {0, 0, 0, 0, 32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0,
            0});
        out.write(new byte[] {2, 0, 0, 1, 0, 0, 0, 0});
        out.flush();
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Asks for the whole screen until every pixel has arrived; the pixels as 0xRRGGBB, row by row. */
    int[] readScreen() throws IOException {
        int[] pixels = new int[width * height];
        boolean[] seen = new boolean[pixels.length];
        int missing = pixels.length;
        while (missing > 0) {
            out.write(new byte[] {3, 0, 0, 0, 0, 0});
            out.writeShort(width);
            out.writeShort(height);
            out.flush();
            missing -= readUpdate(pixels, seen);
        }
        return pixels;
    }

    private int readUpdate(int[] pixels, boolean[] seen) throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            if (type == 0) {
                break;
            } else if (type == 1) {
                in.readFully(new byte[3]);
                in.readFully(new byte[6 * in.readUnsignedShort()]);
            } else if (type == 3) {
                in.readFully(new byte[3]);
                in.readFully(new byte[in.readInt()]);
            } else if (type != 2) {
                throw new IOException("unknown server message type " + type);
            }
        }
        in.readUnsignedByte();
        int rectangles = in.readUnsignedShort();
        int covered = 0;
        byte[] row = new byte[width * 4];
        for (int r = 0; r < rectangles; r++) {
            int x = in.readUnsignedShort();
            int y = in.readUnsignedShort();
            int w = in.readUnsignedShort();
            int h = in.readUnsignedShort();
            if (in.readInt() != 0 || x + w > width || y + h > height) {
                throw new IOException("a rectangle not in Raw encoding or outside the screen");
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
}
