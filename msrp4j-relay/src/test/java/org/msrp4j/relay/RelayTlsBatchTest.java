package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;

/**
 * Over TLS the relay reads on while whole records are at hand before it forwards and answers
 * what it read (one write per destination per batch, as over TCP). A sender whose socket holds
 * records that are not application data (here TLS 1.3 KeyUpdates) followed by a record cut
 * short would leave such a read waiting while the write locks of the batch's chunks are held:
 * it must not hold their destination, nor keep its own complete chunks from going on.
 */
@Timeout(120)
class RelayTlsBatchTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Enough KeyUpdates (some 30 bytes each on the wire) to exceed the largest TLS record. */
    private static final int KEY_UPDATES = 1000;

    @Test
    void recordsCutShortBehindKeyUpdatesHoldNeitherTheDestinationNorTheChunksBefore() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.stallTimeout(Duration.ofSeconds(60)));
                HonestClient honest = HonestClient.start(relay, true, LOOPBACK, "alice", "bob");
                GatedSocket gate = new GatedSocket();
                Client attacker = Client.connect(relay.listenerUri(true), null, gate)) {
            Client bob = honest.receiver();
            gate.hold();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                MsrpChunk m = send(bob.fullPath(), List.of(attacker.localUri), "batched " + i);
                ids.add(m.messageId());
                attacker.write(m);
            }
            for (int i = 0; i < KEY_UPDATES; i++) {
                attacker.ssl.startHandshake(); // TLS 1.3: a KeyUpdate
            }
            attacker.write(send(bob.fullPath(), List.of(attacker.localUri), "cut short"));
            gate.letThroughAllBut(10);

            honest.assertServed();
            List<String> missing = new ArrayList<>(ids);
            honest.others().forEach(c -> missing.remove(c.messageId()));
            while (!missing.isEmpty()) { // the last record still cut short
                MsrpChunk got = bob.poll(RelayTestKit.WAIT);
                assertThat(got).as("the complete chunks before the record cut short go on").isNotNull();
                if (got.isRequest()) {
                    bob.write(bob.transport.makeResponse(got, 200, "OK"));
                    missing.remove(got.messageId());
                }
            }
            gate.letThroughAllBut(0);
            MsrpChunk last = bob.read();
            assertThat(new String(last.data(), StandardCharsets.UTF_8)).isEqualTo("cut short");
        }
    }

    /** A TCP socket whose writes the test may hold back, then let through all at once. */
    private static final class GatedSocket extends Socket {
        private final ReentrantLock lock = new ReentrantLock();
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private boolean holding;
        private OutputStream out;

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream raw = super.getOutputStream();
            lock.lock();
            try {
                out = raw;
            } finally {
                lock.unlock();
            }
            return new FilterOutputStream(raw) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    lock.lock();
                    try {
                        if (holding) {
                            held.write(b, off, len);
                        } else {
                            raw.write(b, off, len);
                        }
                    } finally {
                        lock.unlock();
                    }
                }
            };
        }

        /** Writes are held back from now on. */
        void hold() {
            lock.lock();
            try {
                holding = true;
            } finally {
                lock.unlock();
            }
        }

        /** Writes what was held back but its last {@code keep} bytes, in one write. */
        void letThroughAllBut(int keep) throws IOException {
            lock.lock();
            try {
                byte[] b = held.toByteArray();
                out.write(b, 0, b.length - keep);
                held.reset();
                held.write(b, b.length - keep, keep);
            } finally {
                lock.unlock();
            }
        }
    }
}
