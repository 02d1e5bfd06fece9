package org.msrp4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;

/**
 * The other end of a connection as plain bytes, for hostile-input tests: writes exactly what it is
 * given (any framing, any lie in the headers) and parses what comes back, failing on a malformed
 * chunk. Reads happen on the calling thread, each bounded by a timeout.
 */
public final class RawSocketPeer {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ArrayDeque<MsrpChunk> received = new ArrayDeque<>();
    private final ChunkParser parser;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** A peer writing to and reading from {@code socket} (plain or TLS). */
    public RawSocketPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.parser = new ChunkParser(new ChunkListener() {
            @Override
            public void chunkStarted(MsrpChunk chunk) {
                body.reset();
            }

            @Override
            public void chunkData(MsrpChunk chunk, ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                body.writeBytes(b);
            }

            @Override
            public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
                received.add(chunk.setData(body.toByteArray()));
            }

            @Override
            public void chunkMalformed(ChunkParseException error) {
                throw new AssertionError("the peer under test sent a malformed chunk", error);
            }
        });
    }

    /** The socket this peer writes to. */
    public Socket socket() {
        return socket;
    }

    /** Writes {@code bytes} as they are. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes {@code text} in UTF-8 as it is. */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next chunk the other end wrote, waiting at most {@code timeout}. */
    public MsrpChunk read(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[64 * 1024];
        while (received.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("no chunk within " + timeout);
            }
            socket.setSoTimeout((int) left);
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("end of stream while waiting for a chunk");
            }
            parser.feed(buf, 0, n);
        }
        return received.poll();
    }

    /** The next chunk the other end wrote, waiting at most {@link Async#WAIT}. */
    public MsrpChunk read() throws IOException {
        return read(Async.WAIT);
    }

    /** Whether no chunk arrives within {@code quiet}; fails if one does. */
    public boolean silentFor(Duration quiet) throws IOException {
        try {
            MsrpChunk c = read(quiet);
            throw new AssertionError("expected nothing, got " + c);
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    /** Reads and discards until the end of the stream; true if it came within {@code timeout}. */
    public boolean awaitEof(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: ended too
        }
    }

    /** Closes the socket. */
    public void close() throws IOException {
        socket.close();
    }
}
