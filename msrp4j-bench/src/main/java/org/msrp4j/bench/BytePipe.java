package org.msrp4j.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;

/**
 * The floor of {@link RelayBench}'s relay: a byte pipe that does what any relay built on blocking
 * JSSE sockets must do and nothing more. It accepts a connection, reads one plain-text line naming
 * the port on 127.0.0.1 to forward to, then (for TLS) ends TLS on that connection and starts TLS
 * again towards the port, and copies the bytes both ways without looking at them: no MSRP parsing,
 * no routing, one copy through a 64 KiB buffer. It uses the relay's sockets ({@link
 * ReadAheadSocket} under TLS) and virtual threads, so relay / pipe tells what the MSRP work costs
 * and pipe / direct what is left for any relay of this kind on the machine.
 */
final class BytePipe implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final ServerSocket server;
    private final SSLContext serverTls;
    private final SSLContext clientTls;

    private BytePipe(ServerSocket server, SSLContext serverTls, SSLContext clientTls) {
        this.server = server;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
    }

    /** Listens on 127.0.0.1 (any port); TLS on both legs when {@code credentials} is not null. */
    static BytePipe start(TlsCredentials credentials) throws IOException {
        ServerSocket s = ReadAheadSocket.newServerSocket();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        BytePipe pipe = credentials == null ? new BytePipe(s, null, null)
                : new BytePipe(s, TlsContexts.server(credentials), TlsContexts.client());
        Thread.ofVirtual().name("byte-pipe-accept").start(pipe::acceptLoop);
        return pipe;
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Connects {@code s} to a pipe on {@code pipePort} and names {@code targetPort}, the port it
     * forwards to; TLS, if any, starts after this.
     */
    static void connect(Socket s, int pipePort, int targetPort) throws IOException {
        s.connect(new InetSocketAddress("127.0.0.1", pipePort));
        s.getOutputStream().write((targetPort + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve((ReadAheadSocket) s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(ReadAheadSocket in) {
        ReadAheadSocket out = new ReadAheadSocket();
        try (in; out) {
            int port = Integer.parseInt(readLine(in.getInputStream()));
            out.connect(new InetSocketAddress("127.0.0.1", port));
            Socket a = in;
            Socket b = out;
            if (serverTls != null) {
                in.enableReadAhead();
                out.enableReadAhead();
                SSLSocket sa = (SSLSocket) serverTls.getSocketFactory().createSocket(in, null, in.getPort(), true);
                sa.setUseClientMode(false);
                sa.startHandshake();
                SSLSocket sb = (SSLSocket) clientTls.getSocketFactory().createSocket(out, "127.0.0.1", port, true);
                sb.startHandshake();
                a = sa;
                b = sb;
            }
            Socket from = a;
            Socket to = b;
            Thread back = Thread.ofVirtual().start(() -> copy(to, from));
            copy(from, to);
            back.join();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the transfer's end or failure: the sockets close and the harness sees the outcome
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side ended; closing both ends the other direction too
        }
        try {
            from.close();
            to.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
