package org.msrp4j.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Finds where each MSRP chunk ends in a byte stream, without parsing headers or keeping bodies: it
 * reads the start line's transaction id, then looks for that chunk's end-line (CRLF, seven dashes,
 * the transaction id, a continuation flag, CRLF; RFC 4975 §7.1). For transports that carry one chunk
 * per message, such as WebSocket (RFC 7977 §5.2): the sender cuts a stream of encoded chunks into
 * messages, the receiver checks that each message holds exactly one chunk. Feed it bytes in any
 * pieces; it holds a few dozen bytes of state and nothing else. Not thread-safe.
 */
public final class ChunkFramer {

    /** The longest transaction id RFC 4975's {@code ident} allows. */
    private static final int MAX_TRANSACTION_ID = 32;
    private static final byte[] PREFIX = "MSRP ".getBytes(StandardCharsets.US_ASCII);
    /** CR, LF and the seven dashes that open an end-line. */
    private static final int END_LINE_OPENING = 9;

    private enum State { PREFIX, TRANSACTION_ID, SCAN }

    private State state = State.PREFIX;
    private int matched;
    private final byte[] transactionId = new byte[MAX_TRANSACTION_ID];
    private int transactionIdLength;
    private long chunkLength;

    /** A framer expecting the start of a chunk. */
    public ChunkFramer() {
    }

    /**
     * Reads {@code length} bytes from {@code offset} as the continuation of the stream and says
     * where the current chunk ends, if it ends in them; the framer then expects the next chunk.
     *
     * @param bytes the stream's next bytes
     * @param offset where they start
     * @param length how many there are
     * @return the index in {@code bytes} just past the chunk's end-line, or -1 when the chunk goes
     *     on past these bytes
     * @throws ChunkParseException (fatal, 400) when the bytes do not start with an MSRP start line
     *     ({@code MSRP}, a space, a transaction id of at most 32 characters, a space)
     */
    public int endOfChunk(byte[] bytes, int offset, int length) throws ChunkParseException {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            chunkLength++;
            switch (state) {
                case PREFIX -> prefix(b);
                case TRANSACTION_ID -> transactionIdByte(b);
                case SCAN -> {
                    if (scan(b)) {
                        reset();
                        return i + 1;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return -1;
    }

    /**
     * Whether the framer is between chunks: nothing of a next chunk has been fed yet.
     *
     * @return whether the framer is between chunks
     */
    public boolean atChunkBoundary() {
        return state == State.PREFIX && matched == 0;
    }

    /**
     * How many bytes of the current chunk have been fed so far; 0 between chunks.
     *
     * @return how many bytes of the current chunk have been fed so far
     */
    public long bytesInChunk() {
        return chunkLength;
    }

    private void reset() {
        state = State.PREFIX;
        matched = 0;
        transactionIdLength = 0;
        chunkLength = 0;
    }

    private void prefix(byte b) throws ChunkParseException {
        if (b != PREFIX[matched]) {
            throw error("a chunk must start with \"MSRP \"");
        }
        if (++matched == PREFIX.length) {
            state = State.TRANSACTION_ID;
            matched = 0;
        }
    }

    private void transactionIdByte(byte b) throws ChunkParseException {
        if (b == ' ' && transactionIdLength > 0) {
            state = State.SCAN;
            return;
        }
        if (b < 0 || !MsrpGrammar.isIdentChar((char) b) || transactionIdLength == MAX_TRANSACTION_ID) {
            throw error("bad transaction id in the start line");
        }
        transactionId[transactionIdLength++] = b;
    }

    /**
     * One byte of the search for the end-line; true when it completes it. The pattern holds a CR only
     * at its start and just before its final LF, so after a mismatch the search resumes at the
     * pattern's start, or just after it when the byte is a CR.
     */
    private boolean scan(byte b) {
        int flagAt = END_LINE_OPENING + transactionIdLength;
        boolean ok;
        if (matched == 0) {
            ok = b == '\r';
        } else if (matched == 1) {
            ok = b == '\n';
        } else if (matched < END_LINE_OPENING) {
            ok = b == '-';
        } else if (matched < flagAt) {
            ok = b == transactionId[matched - END_LINE_OPENING];
        } else if (matched == flagAt) {
            ok = b == '$' || b == '+' || b == '#';
        } else if (matched == flagAt + 1) {
            ok = b == '\r';
        } else {
            ok = b == '\n';
        }
        if (!ok) {
            matched = b == '\r' ? 1 : 0;
            return false;
        }
        matched++;
        return matched == flagAt + 3;
    }

    private ChunkParseException error(String message) {
        return new ChunkParseException(message, 400, true, null, null, null);
    }
}
