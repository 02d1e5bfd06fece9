package org.msrp4j.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Finds where each MSRP chunk ends in the byte stream the relay writes to a WebSocket peer, so
 * that each chunk goes out as one WebSocket message (RFC 7977) however the writes cut it. The
 * stream is the relay's own output, well formed: a start line {@code MSRP <id> ...}, then
 * everything up to the end-line {@code -------<id>} with {@code $}, {@code +} or {@code #} at the
 * start of a line.
 */
final class ChunkEnds {

    private static final int MAX_START_LINE = 4096;

    private final byte[] line = new byte[MAX_START_LINE];
    private int lineLength;
    /** CRLF, seven dashes and the transaction id: the end-line's start; null while reading a start line. */
    private byte[] endLine;
    private int matched;
    /** After {@link #endLine}: 0 still matching it, 1 the flag is next, 2 its CR, 3 its LF. */
    private int stage;
    private boolean ended;

    /**
     * How many of {@code len} bytes from {@code off} belong to the current chunk: all of them, or
     * those up to and including its end-line, after which {@link #ended()} is true.
     *
     * @param b the bytes written
     * @param off where they start
     * @param len how many
     * @return how many of them are the current chunk's
     * @throws IOException if a start line is not one (longer than 4 KiB, no transaction id)
     */
    int scan(byte[] b, int off, int len) throws IOException {
        ended = false;
        for (int i = off; i < off + len; i++) {
            byte x = b[i];
            if (endLine == null) {
                startLine(x);
            } else if (endOfChunk(x)) {
                endLine = null;
                lineLength = 0;
                ended = true;
                return i - off + 1;
            }
        }
        return len;
    }

    /** Whether the bytes counted by the last {@link #scan} ended a chunk. */
    boolean ended() {
        return ended;
    }

    private void startLine(byte x) throws IOException {
        if (lineLength == line.length) {
            throw new IOException("MSRP start line longer than " + MAX_START_LINE + " bytes");
        }
        line[lineLength++] = x;
        if (x != '\n' || lineLength < 2 || line[lineLength - 2] != '\r') {
            return;
        }
        String text = new String(line, 0, lineLength - 2, StandardCharsets.US_ASCII);
        String[] parts = text.split(" ", 3);
        if (parts.length < 3 || !parts[0].equals("MSRP") || parts[1].isEmpty()) {
            throw new IOException("not an MSRP start line: " + text);
        }
        endLine = ("\r\n-------" + parts[1]).getBytes(StandardCharsets.US_ASCII);
        matched = 0;
        stage = 0;
    }

    /** Moves the end-line match on by {@code x}; true when {@code x} is the end-line's last byte. */
    private boolean endOfChunk(byte x) {
        switch (stage) {
            case 0 -> {
                if (x == endLine[matched]) {
                    if (++matched == endLine.length) {
                        stage = 1;
                    }
                } else {
                    restart(x);
                }
            }
            case 1 -> {
                if (x == '$' || x == '+' || x == '#') {
                    stage = 2;
                } else {
                    restart(x);
                }
            }
            case 2 -> {
                if (x == '\r') {
                    stage = 3;
                } else {
                    restart(x);
                }
            }
            default -> {
                if (x == '\n') {
                    return true;
                }
                restart(x);
            }
        }
        return false;
    }

    /** A mismatch at {@code x}: the end-line's CR appears nowhere else in it, so only {@code x} may begin it again. */
    private void restart(byte x) {
        stage = 0;
        matched = x == '\r' ? 1 : 0;
    }
}
