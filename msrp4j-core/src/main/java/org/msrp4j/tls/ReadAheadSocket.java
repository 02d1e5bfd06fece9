package org.msrp4j.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;

/**
 * A plain TCP socket that TLS can be layered on with fewer system calls.
 *
 * <p>JSSE reads every TLS record from the socket under it with two reads, one for the 5-byte
 * header and one for the rest, so a bulk transfer costs two system calls per 16 KiB record. After
 * {@link #enableReadAhead()}, this socket's input stream takes everything the kernel holds (up to
 * 64 KiB) whenever more is waiting than the caller asked for, and serves the following reads from
 * that buffer, sized to what was waiting (from 1 KiB), so a short record costs no 64 KiB buffer.
 * When nothing is waiting, reads go straight to the socket and the buffer is released, so an idle
 * connection holds no read-ahead memory.
 *
 * <p>Without {@code enableReadAhead()} this is an ordinary socket: plain MSRP over TCP reads large
 * blocks itself and would only pay for the extra copy. Call it before layering TLS, e.g. before
 * {@code SSLSocketFactory.createSocket(socket, host, port, true)}; the layered socket takes its
 * input stream when it is created. {@link #newServerSocket()} makes listeners whose accepted
 * sockets are of this class.
 */
public final class ReadAheadSocket extends Socket {

    /** The largest read-ahead buffer: four full TLS records. */
    static final int BUFFER_SIZE = 64 * 1024;
    /** The smallest: a few small records, e.g. a short MSRP message and its response. */
    static final int MIN_BUFFER_SIZE = 1024;

    private volatile boolean readAhead;
    private ReadAheadInputStream input;

    /** An unconnected socket, as {@code new Socket()}. */
    public ReadAheadSocket() {
    }

    /**
     * A server socket, not yet bound, whose {@code accept()} returns {@code ReadAheadSocket}s.
     *
     * @return a server socket, not yet bound, whose {@code accept()} returns {@code ReadAheadSocket}s
     * @throws IOException if the socket cannot be created
     */
    public static ServerSocket newServerSocket() throws IOException {
        return new ReadAheadServerSocket();
    }

    /** Makes {@link #getInputStream()} read ahead; call before layering TLS on this socket. */
    public void enableReadAhead() {
        readAhead = true;
    }

    /**
     * Whether {@link #enableReadAhead()} was called.
     *
     * @return whether {@link #enableReadAhead()} was called
     */
    public boolean readsAhead() {
        return readAhead;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream plain = super.getInputStream();
        if (!readAhead) {
            return plain;
        }
        synchronized (this) {
            if (input == null) {
                input = new ReadAheadInputStream(plain);
            }
            return input;
        }
    }

    /** The buffer the input stream holds now (0 when none): for tests of its memory use. */
    synchronized int bufferCapacity() {
        return input == null ? 0 : input.capacity();
    }

    private static final class ReadAheadServerSocket extends ServerSocket {

        ReadAheadServerSocket() throws IOException {
        }

        @Override
        public Socket accept() throws IOException {
            if (isClosed()) {
                throw new SocketException("Socket is closed");
            }
            ReadAheadSocket socket = new ReadAheadSocket();
            implAccept(socket);
            return socket;
        }
    }

    /** The read-ahead stream: one reader at a time (JSSE reads under its own lock). */
    private static final class ReadAheadInputStream extends InputStream {

        private final InputStream in;
        private volatile byte[] buffer;
        private int position;
        private int limit;

        ReadAheadInputStream(InputStream in) {
            this.in = in;
        }

        int capacity() {
            byte[] b = buffer;
            return b == null ? 0 : b.length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (position < limit) {
                return take(b, off, len);
            }
            int waiting = in.available();
            if (waiting == 0) {
                buffer = null;
            }
            if (waiting <= len) {
                return in.read(b, off, len);
            }
            byte[] into = buffer;
            if (into == null || into.length < Math.min(waiting, BUFFER_SIZE)) {
                into = new byte[bufferSizeFor(waiting)];
                buffer = into;
            }
            int n = in.read(into, 0, into.length);
            if (n <= 0) {
                return n;
            }
            position = 0;
            limit = n;
            return take(b, off, len);
        }

        /** The power of two that holds {@code waiting} bytes, within the smallest and largest sizes. */
        private static int bufferSizeFor(int waiting) {
            if (waiting >= BUFFER_SIZE) {
                return BUFFER_SIZE;
            }
            return Math.max(MIN_BUFFER_SIZE, Integer.highestOneBit(waiting - 1) << 1);
        }

        private int take(byte[] b, int off, int len) {
            int p = position;
            int n = Math.min(len, limit - p);
            System.arraycopy(buffer, p, b, off, n);
            position = p + n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return Math.max(0, limit - position) + in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
