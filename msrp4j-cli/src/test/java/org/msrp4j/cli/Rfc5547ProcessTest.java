package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RFC 5547 form of {@code msrp send} and {@code msrp receive} as two processes: the offer and
 * the answer are SDP media descriptions (file-selector with hash:sha-1, file-range) that the test
 * carries from one process to the other, as a user would.
 */
class Rfc5547ProcessTest {

    private static final Pattern RELAY_LISTENING = Pattern.compile("listening on msrps://127\\.0\\.0\\.1:(\\d+);tcp");

    @TempDir
    Path dir;

    @Test
    void aPushedFileArrivesVerified() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("report.bin"), 3_000_000);
        Path out = dir.resolve("inbox");
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                file.toString())) {
            String offer = description(send);
            assertThat(offer).startsWith("m=message ").contains("\na=sendonly")
                    .containsPattern("\na=file-selector:name:\"report.bin\" type:application/octet-stream "
                            + "size:3000000 hash:sha-1:([0-9A-F]{2}:){19}[0-9A-F]{2}")
                    .contains("\na=file-range:1-3000000");
            try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                    out.toString(), "--host", "127.0.0.1", offer)) {
                String answer = description(receive);
                assertThat(answer).contains("\na=recvonly").contains("\na=x-file-offset");
                type(send, answer);
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(receive.exitCode()).as(receive.stderr()).isZero();
                assertThat(send.stdout()).contains("sent report.bin (3000000 bytes), sha-1:");
                assertThat(receive.stdout()).contains("received " + out.resolve("report.bin")
                        + " (3000000 bytes), sha-1:").contains(", sha-256:").contains(" verified");
                assertThat(receive.stderr()).containsPattern("report.bin: 100%  3.0 MB / 3.0 MB .* in \\d+:\\d\\d");
            }
        }
        assertThat(TransferProcessTest.sha256(out.resolve("report.bin"))).isEqualTo(TransferProcessTest.sha256(file));
        assertThat(partial(out)).isEmpty();
    }

    @Test
    void overTlsTheAnswersFingerprintIsPinned() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("secret.bin"), 200_000);
        Path out = dir.resolve("inbox");
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                "--tls", file.toString())) {
            String offer = description(send);
            assertThat(offer).startsWith("m=message ").contains(" TCP/TLS/MSRP ").contains("a=path:msrps://");
            try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                    out.toString(), "--host", "127.0.0.1", "--tls", offer)) {
                String answer = description(receive);
                assertThat(answer).contains("\na=fingerprint:SHA-256 ");
                type(send, answer);
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(receive.exitCode()).as(receive.stderr()).isZero();
            }
        }
        assertThat(TransferProcessTest.sha256(out.resolve("secret.bin"))).isEqualTo(TransferProcessTest.sha256(file));
    }

    @Test
    void anOfferOverMaxSizeIsRefusedBeforeAnyAnswer() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("large.bin"), 5000);
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                file.toString())) {
            CliProcess receive = CliProcess.run("receive", "--out", dir.resolve("inbox").toString(), "--max-size",
                    "1000", description(send));
            assertThat(receive.exitValue()).isEqualTo(ExitCode.REFUSED);
            assertThat(receive.stdout()).isEmpty();
            assertThat(receive.stderr()).startsWith("msrp receive: refused the file offer: too large: 5000 bytes, "
                    + "this receiver takes at most 1000 (--max-size)");
        }
    }

    @Test
    void aKilledSenderResumesWithTheAnswersFileRange() throws Exception {
        long size = 120_000_000;
        Path file = TransferProcessTest.randomFile(dir.resolve("big.bin"), size);
        Path out = dir.resolve("inbox");
        long kept;
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                "--progress=none", file.toString())) {
            String offer = description(send);
            try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                    out.toString(), "--host", "127.0.0.1", "--progress=none", offer)) {
                type(send, description(receive));
                long deadline = System.nanoTime() + CliProcess.WAIT.toNanos();
                while (partial(out).map(Rfc5547ProcessTest::size).orElse(0L) < 10_000_000
                        && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                send.kill();
                assertThat(receive.exitCode()).as(receive.stderr()).isEqualTo(ExitCode.LOST);
                assertThat(receive.stderr()).contains("run the same transfer again to resume");
            }
        }
        kept = size(partial(out).orElseThrow());
        assertThat(kept).isBetween(10_000_000L, size - 1);
        assertThat(out.resolve("big.bin")).doesNotExist();
        resumes(file, out, kept, "--host", "127.0.0.1");
    }

    /**
     * Sends {@code file} again to a receiver into {@code out} run with {@code receiveOptions}, which
     * holds {@code kept} bytes of it: the answer's file-range starts after them, the sender resumes
     * there, both end with 0 and the file arrives whole.
     */
    static void resumes(Path file, Path out, long kept, String... receiveOptions) throws Exception {
        long size = Files.size(file);
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                "--progress=none", file.toString())) {
            List<String> args = new ArrayList<>(List.of("receive", "--timeout", CliProcess.PATIENT, "--out",
                    out.toString(), "--progress=none"));
            args.addAll(List.of(receiveOptions));
            args.add(description(send));
            try (CliProcess receive = CliProcess.start(args.toArray(String[]::new))) {
                String answer = description(receive);
                assertThat(answer).contains("\na=file-range:" + (kept + 1) + "-" + size);
                type(send, answer);
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(receive.exitCode()).as(receive.stderr()).isZero();
                assertThat(send.stderr()).contains("resuming at byte " + (kept + 1));
            }
        }
        assertThat(TransferProcessTest.sha256(out.resolve(file.getFileName().toString())))
                .isEqualTo(TransferProcessTest.sha256(file));
        assertThat(partial(out)).isEmpty();
    }

    /**
     * A partial file that holds other bytes than the file's (named by its SHA-1, as the stream keeps
     * them) is resumed from, and the hashes computed over the whole then differ: the receiver fails
     * with exit 7, deletes the partial file and presents nothing, and tells the sender, which fails
     * with exit 7 too.
     */
    @Test
    void aCorruptPartialFileEndsInAHashMismatch() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("data.bin"), 1_000_000);
        Path out = Files.createDirectories(dir.resolve("inbox"));
        Path part = out.resolve("." + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(Files.readAllBytes(file))) + ".msrp4j-part");
        Files.write(part, new byte[400_000]);
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                file.toString())) {
            String offer = description(send);
            try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                    out.toString(), "--host", "127.0.0.1", offer)) {
                String answer = description(receive);
                assertThat(answer).contains("\na=file-range:400001-1000000");
                type(send, answer);
                assertThat(receive.exitCode()).as(receive.stderr()).isEqualTo(ExitCode.CHECKSUM);
                assertThat(receive.stderr()).contains("msrp receive: SHA-256 mismatch: received ");
                // the receiver answers the last chunk after its check: the sender learns the verdict
                assertThat(send.exitCode()).as(send.stderr()).isEqualTo(ExitCode.CHECKSUM);
                assertThat(send.stderr()).contains("400 mismatch sha-256=");
                assertThat(send.stderr()).contains("resuming at byte 400001");
            }
        }
        assertThat(part).doesNotExist();
        assertThat(out.resolve("data.bin")).doesNotExist();
    }

    @Test
    void anEmptyFileMovesToo() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.txt"));
        Path out = dir.resolve("inbox");
        try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                file.toString())) {
            String offer = description(send);
            try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                    out.toString(), "--host", "127.0.0.1", offer)) {
                type(send, description(receive));
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(receive.exitCode()).as(receive.stderr()).isZero();
            }
        }
        assertThat(out.resolve("empty.txt")).isEmptyFile();
    }

    /**
     * Through {@code msrp relay}: the receiver answers from behind the relay (its path starts with the
     * relay's URI), the sender connects to that path directly, in chunks of --relay-chunk-size.
     */
    @Test
    void aPushedFileArrivesThroughTheRelay() throws Exception {
        Path config = Files.writeString(dir.resolve("relay.properties"), """
                listen = msrps://127.0.0.1:0
                realm = test.example
                users.file = users.txt
                """);
        Files.writeString(dir.resolve("users.txt"), "carol:pass\n");
        Path file = TransferProcessTest.randomFile(dir.resolve("through.bin"), 100_000);
        Path out = dir.resolve("inbox");
        try (CliProcess relay = CliProcess.start("relay", "--config", config.toString())) {
            Matcher listening = RELAY_LISTENING.matcher(relay.awaitOut(l -> RELAY_LISTENING.matcher(l).matches()));
            assertThat(listening.matches()).isTrue();
            String relayHost = "127.0.0.1:" + listening.group(1);
            String fingerprint = relay.awaitOut(l -> l.startsWith("certificate fingerprint: "))
                    .substring("certificate fingerprint: ".length());
            try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                    "--tls", "--progress=none", "--trace", "--relay-chunk-size", "4096", file.toString())) {
                String offer = description(send);
                try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                        out.toString(), "--relay", "carol:pass@" + relayHost, "--fingerprint", fingerprint, offer)) {
                    String answer = description(receive);
                    assertThat(answer).contains("\na=path:msrps://" + relayHost + "/");
                    type(send, answer);
                    assertThat(send.exitCode()).as(send.stderr()).isZero();
                    assertThat(receive.exitCode()).as(receive.stderr()).isZero();
                    assertThat(send.stderr()).contains("> Byte-Range: 4097-*/100000")
                            .contains("> Byte-Range: 98305-100000/100000");
                }
            }
        }
        assertThat(TransferProcessTest.sha256(out.resolve("through.bin"))).isEqualTo(TransferProcessTest.sha256(file));
    }

    @Test
    void aPullFetchesTheFileAServerOffersByNameAndBySha1() throws Exception {
        Path served = Files.createDirectories(dir.resolve("served"));
        Path file = TransferProcessTest.randomFile(served.resolve("wanted.bin"), 500_000);
        TransferProcessTest.randomFile(served.resolve("other.bin"), 1000);
        Path out = dir.resolve("inbox");
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1", "--pull", "wanted.bin")) {
            String offer = description(receive);
            assertThat(offer).contains("\na=recvonly").contains("\na=file-selector:name:\"wanted.bin\"");
            try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                    "--serve", served.toString(), "--remote-sdp", "-")) {
                type(send, offer);
                String answer = description(send);
                assertThat(answer).contains("\na=sendonly").contains("size:500000 hash:sha-1:");
                type(receive, answer);
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(receive.exitCode()).as(receive.stderr()).isZero();
            }
        }
        assertThat(TransferProcessTest.sha256(out.resolve("wanted.bin"))).isEqualTo(TransferProcessTest.sha256(file));

        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
        Path again = dir.resolve("again");
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                again.toString(), "--host", "127.0.0.1", "--pull", sha1)) {
            String offer = description(receive);
            assertThat(offer).contains("\na=file-selector:hash:sha-1:" + HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(HexFormat.of().parseHex(sha1)));
            try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1",
                    "--serve", served.toString(), "--remote-sdp", "-")) {
                type(send, offer);
                type(receive, description(send));
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(receive.exitCode()).as(receive.stderr()).isZero();
            }
        }
        assertThat(TransferProcessTest.sha256(again.resolve("wanted.bin"))).isEqualTo(TransferProcessTest.sha256(file));
    }

    @Test
    void aPullForAFileNotServedIsRefused() throws Exception {
        Path served = Files.createDirectories(dir.resolve("served"));
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                dir.resolve("inbox").toString(), "--host", "127.0.0.1", "--pull", "missing.bin")) {
            CliProcess send = CliProcess.start("send", "--host", "127.0.0.1", "--serve", served.toString(),
                    "--remote-sdp", "-");
            type(send, description(receive));
            assertThat(send.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(send.stderr()).contains("msrp send: no file matches ");
        }
    }

    @Test
    void optionsOfTheBarePathFormAreUsageErrorsHere() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("small.bin"), 10);
        CliProcess send = CliProcess.run("send", "--port", "4000", file.toString());
        assertThat(send.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(send.stderr()).startsWith("msrp send: --port and --session-id do not apply to the RFC 5547 form");
        CliProcess receive = CliProcess.run("receive", "--out", dir.toString(), "--remote-path",
                "msrp://127.0.0.1:9/x;tcp", "--pull", "small.bin");
        assertThat(receive.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(receive.stderr()).startsWith("msrp receive: --remote-path does not apply to the RFC 5547 form");
    }

    /** The media description the process printed: its stdout lines up to the first empty one. */
    static String description(CliProcess p) throws InterruptedException {
        p.awaitOut(String::isEmpty);
        List<String> lines = new ArrayList<>();
        for (String l : p.stdout().lines().toList()) {
            if (l.isEmpty()) {
                break;
            }
            lines.add(l);
        }
        return String.join("\n", lines);
    }

    /** Types a media description and the empty line that ends it. */
    static void type(CliProcess p, String description) throws IOException {
        for (String line : description.lines().toList()) {
            p.type(line);
        }
        p.type("");
    }

    /** The stream's hidden partial file in {@code out}, if there is one. */
    static Optional<Path> partial(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".msrp4j-part")).findFirst();
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
