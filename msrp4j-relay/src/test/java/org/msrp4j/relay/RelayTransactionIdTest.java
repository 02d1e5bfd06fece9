package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.ByteRangeHeader;

/**
 * The relay picks the transaction id of every piece it forwards, and a body must never hold that
 * piece's end-line (RFC 4975 §7.1). A sender who watches the ids of its own forwarded pieces (by
 * sending to a second connection of its own) must not be able to predict the next one and end the
 * piece it sends to someone else early, so that the rest of its body reaches them as a forged frame.
 */
@Timeout(60)
class RelayTransactionIdTest {

    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay(b -> { });
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    /** {@code id} plus one, read as a number in {@link #ALPHABET}'s digits. */
    private static String successor(String id) {
        char[] c = id.toCharArray();
        for (int i = c.length - 1; i >= 0; i--) {
            int d = ALPHABET.indexOf(c[i]);
            if (d < 0) {
                return id + "0";
            }
            if (d + 1 < ALPHABET.length()) {
                c[i] = ALPHABET.charAt(d + 1);
                return new String(c);
            }
            c[i] = ALPHABET.charAt(0);
        }
        return "1" + new String(c);
    }

    @Test
    void aSenderCannotPredictTheIdOfItsNextForwardedPiece() throws IOException {
        try (HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client carol = Client.connect(relay.listenerUri(false)).authOk("carol");
                Client carolToo = Client.connect(relay.listenerUri(false)).authOk("carol")) {
            Client bob = honest.receiver();
            MsrpChunk probe = send(toPath(carol, carolToo.fullPath()), List.of(carol.localUri), "probe");
            carol.write(probe);
            MsrpChunk seen = carolToo.read();
            carolToo.write(carolToo.transport.makeResponse(seen, 200, "OK"));
            assertThat(carol.read().code()).isEqualTo(200);

            // end-lines for the next ids a counter would give, each followed by a forged frame for bob
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String next = seen.transactionId();
            for (int i = 0; i < 64; i++) {
                next = successor(next);
                body.writeBytes(("x\r\n-------" + next + "$\r\nMSRP forged SEND\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            byte[] bytes = body.toByteArray();
            MsrpChunk attack = send(toPath(carol, bob.fullPath()), List.of(carol.localUri), "");
            attack.addHeader(new ByteRangeHeader(new ByteRange(1, bytes.length, bytes.length)));
            attack.setData(bytes);
            carol.write(attack);

            MsrpChunk got = bob.read();
            assertThat(got.transactionId()).isNotEqualTo(seen.transactionId());
            assertThat(got.data().length).as("bob gets the body whole, as one chunk").isEqualTo(bytes.length);
            assertThat(Arrays.equals(got.data(), bytes)).as("bob's body is the one carol sent").isTrue();
            bob.write(bob.transport.makeResponse(got, 200, "OK"));
            assertThat(carol.read().code()).isEqualTo(200);
            honest.assertServed();
        }
    }
}
