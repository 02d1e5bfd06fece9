package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/** A reproducible byte sequence to send through a stream and check on the far side, byte for byte. */
final class Bytes {

    private static final int BLOCK = 64 * 1024;

    private Bytes() {
    }

    /** The byte at {@code position} of the sequence {@code seed}: no short period, so shifts and swaps show. */
    static byte at(long seed, long position) {
        long x = (position + seed) * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56 ^ x >>> 29);
    }

    /** Writes {@code count} bytes of sequence {@code seed}, counting them in {@code written} as they go. */
    static void write(OutputStream out, long seed, long count, AtomicLong written) throws IOException {
        byte[] block = new byte[BLOCK];
        long position = 0;
        while (position < count) {
            int n = (int) Math.min(BLOCK, count - position);
            for (int i = 0; i < n; i++) {
                block[i] = at(seed, position + i);
            }
            out.write(block, 0, n);
            position += n;
            written.addAndGet(n);
        }
        out.flush();
    }

    /** Reads {@code count} bytes and checks each is the sequence's. */
    static void verify(InputStream in, long seed, long count) throws IOException {
        byte[] block = new byte[BLOCK];
        long position = 0;
        while (position < count) {
            int n = in.read(block, 0, (int) Math.min(BLOCK, count - position));
            if (n < 0) {
                throw new EOFException("the stream ended after " + position + " of " + count + " bytes");
            }
            for (int i = 0; i < n; i++) {
                if (block[i] != at(seed, position + i)) {
                    assertThat(block[i]).as("byte %d", position + i).isEqualTo(at(seed, position + i));
                }
            }
            position += n;
        }
    }
}
