package org.msrp4j.relay;

/**
 * Follows the frame headers in what a WebSocket client sends, across reads, for two checks the
 * WebSocket library leaves out: every client frame is masked (RFC 6455 §5.1; the library decodes
 * unmasked ones), and a fragmented message stays within the size cap while it comes (the library
 * checks the sum of the fragments only at the final one, so endless non-final continuation
 * frames would grow its buffer without bound). A control frame (ping, pong, close) must be whole
 * and at most 125 bytes (RFC 6455 §5.5), so it never counts against a message: one that is not is
 * refused at its header, as the library would, before any of its payload is read. It reads only the
 * headers: FIN, the opcode, the mask bit and the payload length, to skip the payload to the next
 * header.
 */
final class FrameGuard {

    /** RFC 6455 close code: protocol error. */
    static final int PROTOCOL_ERROR = 1002;
    /** RFC 6455 close code: message too big. */
    static final int TOO_BIG = 1009;
    /** The most payload bytes of a control frame (RFC 6455 §5.5). */
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final long maxMessage;
    private final byte[] header = new byte[14];
    private int headerLength;
    /** The header's full length once its second byte is known. */
    private int needed = 2;
    private long payloadLeft;
    /** Payload bytes of the data message whose fragments are coming, 0 between messages. */
    private long messageBytes;

    /**
     * @param maxMessage the most payload bytes one message may have
     */
    FrameGuard(long maxMessage) {
        this.maxMessage = maxMessage;
    }

    /**
     * Follows {@code n} more bytes of input.
     *
     * @param b the bytes read
     * @param off where they start
     * @param n how many
     * @return 0 if they are fine so far, else the close code: {@link #PROTOCOL_ERROR} for an unmasked
     *     frame or a fragmented or long control frame, {@link #TOO_BIG} for a message over the cap
     */
    int check(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, end - i);
                i += skip;
                payloadLeft -= skip;
                continue;
            }
            header[headerLength++] = b[i++];
            if (headerLength == 2) {
                if ((header[1] & 0x80) == 0) {
                    return PROTOCOL_ERROR;
                }
                int code = header[1] & 0x7f;
                needed = 2 + (code == 126 ? 2 : code == 127 ? 8 : 0) + 4;
            }
            if (headerLength >= 2 && headerLength == needed) {
                payloadLeft = payloadLength();
                headerLength = 0;
                needed = 2;
                if (isBadControlFrame()) {
                    return PROTOCOL_ERROR;
                }
                if (!withinCap()) {
                    return TOO_BIG;
                }
            }
        }
        return 0;
    }

    /** Whether the frame whose header is complete is a control frame that is fragmented or too long. */
    private boolean isBadControlFrame() {
        return (header[0] & 0x0f) >= 8 && ((header[0] & 0x80) == 0 || payloadLeft > MAX_CONTROL_PAYLOAD);
    }

    /** Counts the frame whose header is complete against its message's cap. */
    private boolean withinCap() {
        boolean fin = (header[0] & 0x80) != 0;
        int opcode = header[0] & 0x0f;
        if (opcode >= 8) {
            return true; // control frames: checked by isBadControlFrame
        }
        messageBytes = opcode == 0 ? messageBytes + payloadLeft : payloadLeft;
        if (messageBytes > maxMessage || messageBytes < 0) {
            return false;
        }
        if (fin) {
            messageBytes = 0;
        }
        return true;
    }

    private long payloadLength() {
        int code = header[1] & 0x7f;
        if (code < 126) {
            return code;
        }
        int bytes = code == 126 ? 2 : 8;
        long v = 0;
        for (int k = 0; k < bytes; k++) {
            v = (v << 8) | (header[2 + k] & 0xff);
        }
        return v < 0 ? Long.MAX_VALUE : v;
    }
}
