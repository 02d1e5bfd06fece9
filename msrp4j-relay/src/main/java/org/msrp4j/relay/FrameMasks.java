package org.msrp4j.relay;

/**
 * Follows the frame headers in what a WebSocket client sends, across reads, to check that every
 * frame is masked as RFC 6455 §5.1 requires of clients (the WebSocket library decodes unmasked
 * ones without complaint). It reads only the headers: the mask bit and the payload length, to
 * skip the payload to the next header.
 */
final class FrameMasks {

    private final byte[] header = new byte[14];
    private int headerLength;
    /** The header's full length once its second byte is known. */
    private int needed = 2;
    private long payloadLeft;

    /**
     * Follows {@code n} more bytes of input.
     *
     * @param b the bytes read
     * @param off where they start
     * @param n how many
     * @return false if a frame in them is not masked (the connection is to close with 1002)
     */
    boolean allMasked(byte[] b, int off, int n) {
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
                    return false;
                }
                int code = header[1] & 0x7f;
                needed = 2 + (code == 126 ? 2 : code == 127 ? 8 : 0) + 4;
            }
            if (headerLength >= 2 && headerLength == needed) {
                payloadLeft = payloadLength();
                headerLength = 0;
                needed = 2;
            }
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
