package org.msrp4j.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;

/**
 * A {@link TrafficLogger} for {@code --trace}: prints each chunk as on the wire, prefixed by
 * {@code >} when sent and {@code <} when received, with at most {@value #MAX_BODY} body bytes shown
 * per chunk (the rest is counted), and the library's diagnostics prefixed by {@code #}. Control and
 * format characters in what is shown are escaped ({@link PeerText#display}).
 */
final class WireTrace implements TrafficLogger {

    static final int MAX_BODY = 256;

    private final PrintStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, AtomicLong> bodyBytes = new ConcurrentHashMap<>();

    WireTrace(PrintStream out) {
        this.out = out;
    }

    @Override
    public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
        start("< ", data, chunk.transactionId());
    }

    @Override
    public void receivedChunkData(ByteBuffer data, MsrpTransport transport, String transactionId) {
        body("< ", data, transactionId);
    }

    @Override
    public void receivedChunkEnd(ByteBuffer data, MsrpTransport transport, String transactionId) {
        end("< ", data, transactionId);
    }

    @Override
    public void sentNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
        start("> ", data, chunk.transactionId());
    }

    @Override
    public void sentChunkData(ByteBuffer data, MsrpTransport transport, String transactionId) {
        body("> ", data, transactionId);
    }

    @Override
    public void sentChunkEnd(ByteBuffer data, MsrpTransport transport, String transactionId) {
        end("> ", data, transactionId);
    }

    @Override
    public void info(String message) {
        print("# " + message);
    }

    @Override
    public void warn(String message) {
        print("# warning: " + message);
    }

    @Override
    public void error(String message) {
        print("# error: " + message);
    }

    @Override
    public void fatal(String message) {
        print("# fatal: " + message);
    }

    private void start(String prefix, ByteBuffer data, String transactionId) {
        bodyBytes.put(prefix + transactionId, new AtomicLong());
        print(prefixed(prefix, text(data)));
    }

    private void body(String prefix, ByteBuffer data, String transactionId) {
        AtomicLong seen = bodyBytes.computeIfAbsent(prefix + transactionId, k -> new AtomicLong());
        long before = seen.getAndAdd(data.remaining());
        if (before < MAX_BODY) {
            ByteBuffer shown = data.slice(data.position(), (int) Math.min(data.remaining(), MAX_BODY - before));
            print(prefixed(prefix, text(shown)));
        }
    }

    private void end(String prefix, ByteBuffer data, String transactionId) {
        AtomicLong seen = bodyBytes.remove(prefix + transactionId);
        if (seen != null && seen.get() > MAX_BODY) {
            print(prefix + "[" + (seen.get() - MAX_BODY) + " more body bytes]");
        }
        print(prefixed(prefix, text(data)));
    }

    private static String text(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String prefixed(String prefix, String text) {
        StringBuilder s = new StringBuilder();
        text.lines().forEach(l -> s.append(s.isEmpty() ? "" : System.lineSeparator()).append(prefix)
                .append(PeerText.display(l)));
        return s.toString();
    }

    private void print(String text) {
        if (text.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            out.println(text);
            out.flush();
        } finally {
            lock.unlock();
        }
    }
}
