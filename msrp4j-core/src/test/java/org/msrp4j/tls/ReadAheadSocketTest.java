package org.msrp4j.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.tls.pkix.PkixCredentials;

class ReadAheadSocketTest {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private ServerSocket listener;
    private ReadAheadSocket client;
    private ReadAheadSocket accepted;

    @BeforeEach
    void connect() throws Exception {
        listener = ReadAheadSocket.newServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        listener.setSoTimeout(TIMEOUT_MILLIS);
        client = new ReadAheadSocket();
        client.connect(listener.getLocalSocketAddress(), TIMEOUT_MILLIS);
        accepted = (ReadAheadSocket) listener.accept();
        accepted.setSoTimeout(TIMEOUT_MILLIS);
        client.setSoTimeout(TIMEOUT_MILLIS);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        listener.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Waits until the stream reports {@code count} bytes available. */
    private static void awaitAvailable(InputStream in, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (in.available() < count) {
            assertThat(System.nanoTime()).as("%d bytes arrive", count).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static byte[] readFully(InputStream in, int size, int piece) throws IOException {
        byte[] all = new byte[size];
        int at = 0;
        while (at < size) {
            int n = in.read(all, at, Math.min(piece, size - at));
            assertThat(n).as("read at %d", at).isPositive();
            at += n;
        }
        return all;
    }

    @Test
    void withoutReadAheadTheInputStreamIsThePlainSockets() throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(listener.getLocalSocketAddress(), TIMEOUT_MILLIS);
            try (Socket other = listener.accept()) {
                assertThat(other).isInstanceOf(ReadAheadSocket.class);
                assertThat(client.readsAhead()).isFalse();
                assertThat(client.getInputStream().getClass()).isEqualTo(plain.getInputStream().getClass());
            }
        }
        client.enableReadAhead();
        assertThat(client.readsAhead()).isTrue();
        assertThat(client.getInputStream().getClass()).isNotEqualTo(accepted.getInputStream().getClass());
        assertThat(client.getInputStream()).isSameAs(client.getInputStream());
    }

    @Test
    void aSmallReadTakesEverythingWaitingAndLaterReadsAreServedFromIt() throws Exception {
        accepted.enableReadAhead();
        InputStream in = accepted.getInputStream();
        byte[] sent = random(40_000, 1);
        client.getOutputStream().write(sent);
        awaitAvailable(in, sent.length);

        byte[] header = new byte[5];
        assertThat(in.read(header, 0, 5)).isEqualTo(5);

        assertThat(accepted.bufferCapacity()).isEqualTo(ReadAheadSocket.BUFFER_SIZE);
        assertThat(in.available()).isEqualTo(sent.length - 5);
        byte[] rest = readFully(in, sent.length - 5, 16_389);
        assertThat(header).isEqualTo(Arrays.copyOf(sent, 5));
        assertThat(rest).isEqualTo(Arrays.copyOfRange(sent, 5, sent.length));
    }

    @Test
    void aReadThatWouldWaitReleasesTheBufferAndGoesToTheSocket() throws Exception {
        accepted.enableReadAhead();
        InputStream in = accepted.getInputStream();
        client.getOutputStream().write(random(1_000, 2));
        awaitAvailable(in, 1_000);
        readFully(in, 1_000, 10);
        assertThat(accepted.bufferCapacity()).isPositive();

        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return in.read(new byte[5], 0, 5);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (accepted.bufferCapacity() != 0) {
            assertThat(System.nanoTime()).as("the buffer is released").isLessThan(deadline);
            Thread.sleep(1);
        }
        assertThat(blocked).isNotDone();
        client.getOutputStream().write(new byte[] {1, 2, 3});
        assertThat(blocked.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(3);
        assertThat(accepted.bufferCapacity()).isZero();
    }

    @Test
    void theBufferFitsWhatIsWaitingSoASmallRecordCostsNoBigBuffer() throws Exception {
        accepted.enableReadAhead();
        InputStream in = accepted.getInputStream();
        byte[] small = random(220, 4);
        client.getOutputStream().write(small);
        awaitAvailable(in, small.length);
        assertThat(readFully(in, small.length, 5)).isEqualTo(small);
        assertThat(accepted.bufferCapacity()).isBetween(small.length, ReadAheadSocket.MIN_BUFFER_SIZE);

        byte[] large = random(40_000, 5);
        client.getOutputStream().write(large);
        awaitAvailable(in, large.length);
        assertThat(readFully(in, large.length, 5)).isEqualTo(large);
        assertThat(accepted.bufferCapacity()).as("grown for what was waiting").isEqualTo(ReadAheadSocket.BUFFER_SIZE);

        client.getOutputStream().write(small);
        awaitAvailable(in, small.length);
        assertThat(readFully(in, small.length, 5)).isEqualTo(small);
        assertThat(accepted.bufferCapacity()).as("kept while data flows").isEqualTo(ReadAheadSocket.BUFFER_SIZE);
    }

    @Test
    void moreThanOneBufferfulArrivesIntactInReadsOfEverySize() throws Exception {
        accepted.enableReadAhead();
        byte[] sent = random(1_000_000, 3);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                client.getOutputStream().write(sent);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        InputStream in = accepted.getInputStream();
        byte[] got = new byte[sent.length];
        int at = 0;
        int[] pieces = {5, 16_384, 1, 70_000, 300, 65_536};
        for (int i = 0; at < got.length; i++) {
            int n = in.read(got, at, Math.min(pieces[i % pieces.length], got.length - at));
            assertThat(n).isPositive();
            at += n;
        }
        writer.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(got).isEqualTo(sent);
    }

    @Test
    void bufferedBytesComeBeforeTheEndOfStream() throws Exception {
        accepted.enableReadAhead();
        InputStream in = accepted.getInputStream();
        client.getOutputStream().write(new byte[] {10, 20, 30, 40, 50, 60, 70});
        client.close();
        awaitAvailable(in, 7);

        byte[] b = new byte[3];
        assertThat(in.read(b, 0, 3)).isEqualTo(3);
        assertThat(b).containsExactly(10, 20, 30);
        assertThat(in.read()).isEqualTo(40);
        assertThat(in.read(b, 0, 3)).isEqualTo(3);
        assertThat(b).containsExactly(50, 60, 70);
        assertThat(in.read(b, 0, 3)).isEqualTo(-1);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void theReadTimeoutStillApplies() throws Exception {
        accepted.enableReadAhead();
        accepted.setSoTimeout(100);
        InputStream in = accepted.getInputStream();

        assertThatThrownBy(() -> in.read(new byte[5], 0, 5)).isInstanceOf(SocketTimeoutException.class);

        client.getOutputStream().write(new byte[] {7});
        accepted.setSoTimeout(TIMEOUT_MILLIS);
        assertThat(in.read()).isEqualTo(7);
    }

    @Test
    void aClosedSocketHasNoInputStream() throws Exception {
        accepted.enableReadAhead();
        accepted.close();

        assertThatThrownBy(accepted::getInputStream).isInstanceOf(SocketException.class);
    }

    @Test
    void tlsLayeredOnBothSidesCarriesBulkDataBothWays() throws Exception {
        TlsCredentials credentials = PkixCredentials.selfSigned("read-ahead");
        accepted.enableReadAhead();
        client.enableReadAhead();
        SSLSocket server = (SSLSocket) TlsContexts.server(credentials).getSocketFactory()
                .createSocket(accepted, "127.0.0.1", accepted.getPort(), true);
        server.setUseClientMode(false);
        SSLSocket tls = (SSLSocket) TlsContexts.client(null, credentials.fingerprint()).getSocketFactory()
                .createSocket(client, "127.0.0.1", client.getPort(), true);
        byte[] up = random(3_000_000, 4);
        byte[] down = random(2_000_000, 5);

        CompletableFuture<byte[]> serverGot = exchange(server, down, up.length);
        CompletableFuture<byte[]> clientGot = exchange(tls, up, down.length);

        assertThat(sha256(serverGot.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))).isEqualTo(sha256(up));
        assertThat(sha256(clientGot.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))).isEqualTo(sha256(down));
        CompletableFuture<Integer> end = CompletableFuture.supplyAsync(() -> {
            try {
                return server.getInputStream().read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        tls.close();
        assertThat(end.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(-1);
        server.close();
    }

    /** Writes {@code out} on one thread while reading {@code expected} bytes on another. */
    private static CompletableFuture<byte[]> exchange(SSLSocket socket, byte[] out, int expected) {
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try {
                OutputStream o = socket.getOutputStream();
                for (int at = 0; at < out.length; at += 50_000) {
                    o.write(out, at, Math.min(50_000, out.length - at));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readFully(socket.getInputStream(), expected, 65_536);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS).thenCombine(written, (got, done) -> got);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
