package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.cli.Rfc5547ProcessTest.description;
import static org.msrp4j.cli.Rfc5547ProcessTest.partial;
import static org.msrp4j.cli.Rfc5547ProcessTest.type;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.testing.Kamailio;

/**
 * The RFC 5547 form of {@code msrp send} and {@code msrp receive} through Debian's Kamailio msrp
 * relay ({@code interop/kamailio/start.sh}: TCP 127.0.0.1:2865, user bob, password {@code
 * secret}): the receiver answers from behind Kamailio, the sender connects to its path in chunks of
 * 8 KiB (--relay-chunk-size' default, which Kamailio takes). A push, and a push resumed after both
 * processes were killed mid-transfer. Skipped, visibly, when Kamailio is not listening, unless {@code
 * MSRP4J_INTEROP=required}, which makes it fail instead. Kamailio answers each chunk at once and
 * queues it for the receiver, dropping the receiver's connection when that queue passes {@code
 * tcp_conn_wq_max} (32 KiB by default, as {@code .ci/run} leaves it): the sender paces itself by the
 * msrp4j receiver's success REPORTs, end to end, not by those answers.
 */
class Rfc5547KamailioProcessTest {

    private static final int KAMAILIO_TCP = Kamailio.TCP_PORT;
    private static final String RELAY = "msrp://bob:secret@127.0.0.1:" + KAMAILIO_TCP;
    /** The resumed transfer's receiver: another user, out of the way of Kamailio's clean-up of the killed one. */
    private static final String RELAY_AGAIN = "msrp://alice:secret@127.0.0.1:" + KAMAILIO_TCP;

    @TempDir
    Path dir;

    @BeforeAll
    static void kamailioIsUp() {
        Kamailio.requireListening("Kamailio's MSRP relay on 127.0.0.1:" + KAMAILIO_TCP
                + " (interop/kamailio/start.sh)", KAMAILIO_TCP);
    }

    @Test
    void aPushedFileArrivesVerifiedThroughKamailio() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("photo.bin"), 2_000_000);
        Path out = dir.resolve("inbox");
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                "--progress=lines", file.toString())) {
            String offer = description(send);
            try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--relay", RELAY,
                    "--out", out.toString(), offer)) {
                String answer = description(receive);
                assertThat(answer).contains("\na=path:msrp://127.0.0.1:" + KAMAILIO_TCP + "/")
                        .contains("\na=recvonly");
                type(send, answer);
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(receive.exitCode()).as(receive.stderr()).isZero();
                assertThat(send.stdout()).contains("sent photo.bin (2000000 bytes), sha-1:");
                assertThat(receive.stdout()).contains("received " + out.resolve("photo.bin") + " (2000000 bytes)");
            }
        }
        assertThat(TransferProcessTest.sha256(out.resolve("photo.bin"))).isEqualTo(TransferProcessTest.sha256(file));
        assertThat(partial(out)).isEmpty();
    }

    @Test
    void aKilledSenderResumesThroughKamailio() throws Exception {
        long size = 12_000_000;
        Path file = TransferProcessTest.randomFile(dir.resolve("big.bin"), size);
        Path out = dir.resolve("inbox");
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                "--progress=none", file.toString())) {
            String offer = description(send);
            try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--relay", RELAY,
                    "--out", out.toString(), "--progress=none", offer)) {
                type(send, description(receive));
                long deadline = System.nanoTime() + CliProcess.WAIT.toNanos();
                while (partial(out).map(Rfc5547ProcessTest::size).orElse(0L) < 2_000_000
                        && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                // Kamailio keeps the receiver's connection when the sender's goes (SIP's BYE would end the
                // session): the receiver is ended too, as its user would
                send.kill();
                receive.kill();
            }
        }
        long kept = Rfc5547ProcessTest.size(partial(out).orElseThrow());
        assertThat(kept).isBetween(1L, size - 1);
        Rfc5547ProcessTest.resumes(file, out, kept, "--relay", RELAY_AGAIN);
    }
}
