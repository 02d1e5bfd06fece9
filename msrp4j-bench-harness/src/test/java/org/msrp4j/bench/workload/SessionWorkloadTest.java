package org.msrp4j.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.tls.pkix.PkixCredentials;

/** The shared rounds on loopback: what they check, not how fast they go. */
class SessionWorkloadTest {

    private static final byte[] DATA = data(300_000);

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        new SplittableRandom(5).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static SessionLink plainSessions() throws Exception {
        return SessionLink.direct(false, null, SessionSettings.DEFAULT, SessionSettings.DEFAULT);
    }

    private static OutgoingFile file() {
        return new OutgoingFile(new ByteArrayInputStream(DATA), DATA.length, "application/octet-stream", 0, null);
    }

    @Test
    void aFileArrivesWithItsDigestOverTcpAndTls() throws Exception {
        for (boolean tls : new boolean[] {false, true}) {
            try (RawLink raw = RawLink.connect(tls, PkixCredentials.selfSigned("127.0.0.1"), false);
                    SessionLink sessions = SessionLink.direct(tls, PkixCredentials.selfSigned("127.0.0.1"),
                            SessionSettings.DEFAULT, SessionSettings.DEFAULT)) {
                Sample r = SessionWorkload.rawCopy(raw, Channels.newChannel(new ByteArrayInputStream(DATA)),
                        DATA.length, sha256(DATA));
                Sample s = SessionWorkload.sessionCopy(sessions, file(), sha256(DATA));
                assertThat(r.seconds()).isPositive();
                assertThat(s.seconds()).isPositive();
                assertThat(raw.tlsInfo().isEmpty()).isEqualTo(!tls);
            }
        }
    }

    @Test
    void aDigestThatDiffersFailsTheRound() throws Exception {
        byte[] wrong = sha256(new byte[] {1});
        try (RawLink raw = RawLink.connect(false, null, false);
                SessionLink sessions = plainSessions()) {
            assertThatThrownBy(() -> SessionWorkload.rawCopy(raw,
                    Channels.newChannel(new ByteArrayInputStream(DATA)), DATA.length, wrong))
                    .hasMessageContaining("raw transfer: SHA-256 differs");
            assertThatThrownBy(() -> SessionWorkload.sessionCopy(sessions, file(), wrong))
                    .hasMessageContaining("msrp transfer: SHA-256 differs");
        }
    }

    @Test
    void roundTripsRecordEachLatency() throws Exception {
        try (RawLink raw = RawLink.connect(false, null, false);
                SessionLink sessions = plainSessions()) {
            long[] latencies = SessionWorkload.rawRoundTrips(raw, 50, 120, 60, true).latencies();
            assertThat(latencies).hasSize(50);
            assertThat(Arrays.stream(latencies).min().orElseThrow()).isPositive();
            assertThat(SessionWorkload.rawRoundTripsHandOff(raw, 50, 120, 60).latencies()).hasSize(50);
            assertThat(SessionWorkload.sessionRoundTrips(sessions, 50, false,
                    s -> s.transport().newChunk().data(new byte[100]).build()).latencies()).hasSize(50);
            SessionWorkload.Batch batch = SessionWorkload.Batch.of(sessions.sender(),
                    s -> s.transport().newChunk().data(new byte[100]).build());
            assertThat(batch.bytes()).hasSize(batch.chunks() * batch.chunkSize());
            assertThat(SessionWorkload.rawStream(raw, 500, batch).seconds()).isPositive();
            assertThat(SessionWorkload.sessionPipelined(sessions, 500, 16,
                    s -> s.transport().newChunk().data(new byte[100]).build()).seconds()).isPositive();
        }
    }
}
