package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.Direction;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.sdp.SdpAttribute;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/**
 * {@code msrp receive} and {@code msrp listen} facing a hostile peer, played by this JVM with the
 * library: data outside the offer, names that would mislead or fail, sizes past the cap, escape
 * sequences meant for the terminal. Each refusal is answered, and nothing a peer sends reaches the
 * terminal raw.
 */
class HostilePeerProcessTest {

    private static final String ESC = "\u001b";

    @TempDir
    Path dir;

    @Test
    void bytesPastTheOfferedSizeAreRefusedWith413AndNeverStored() throws Exception {
        Path out = dir.resolve("inbox");
        byte[] hundred = Arrays.copyOf("hello".getBytes(StandardCharsets.US_ASCII), 100);
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1");
                Peer peer = Peer.connect(receive.path())) {
            assertThat(peer.offer("x.txt", 5, sha256("hello"))).isEqualTo("have 0");
            peer.expect413(peer.transport.newChunk().messageId("hostile1").contentType("application/octet-stream")
                    .data(hundred).start(1).end(100).total(100).build());
            assertThat(receive.exitCode()).isEqualTo(ExitCode.CHECKSUM);
            assertThat(receive.stderr()).contains("the chunks say the file has 100 bytes, the selector 5");
            assertThat(receive.stdout()).doesNotContain("verified");
        }
        assertThat(out.resolve("x.txt")).doesNotExist();
        assertNothingStored(FileTransferStream.partialFile(out, Peer.SHA_1));
    }

    @Test
    void aChunkRunningPastTheOfferedSizeIsRefusedWhole() throws Exception {
        Path out = dir.resolve("inbox");
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1");
                Peer peer = Peer.connect(receive.path())) {
            assertThat(peer.offer("x.txt", 5, sha256("hello"))).isEqualTo("have 0");
            peer.expect413(peer.transport.newChunk().messageId("hostile1")
                    .data("hello, and more".getBytes(StandardCharsets.US_ASCII)).start(1).end(ByteRange.UNKNOWN)
                    .total(ByteRange.UNKNOWN).build());
            assertThat(receive.exitCode()).isEqualTo(ExitCode.CHECKSUM);
            assertThat(receive.stderr()).contains("bytes up to 15 arrived for a file of 5");
        }
        assertThat(out.resolve("x.txt")).doesNotExist();
        assertNothingStored(FileTransferStream.partialFile(out, Peer.SHA_1));
    }

    @Test
    void aNameWithABidiOverrideIsRefusedAnsweredAndShownEscaped() throws Exception {
        String answer = refusedOffer("invoice\u202Efdp.exe");
        assertThat(answer).startsWith("refused file name with the control or format character U+202E");
    }

    @Test
    void aNameWithAnEscapeSequenceIsRefusedAndNeverPrintedRaw() throws Exception {
        String answer = refusedOffer(ESC + "]0;owned" + "\u0007" + ESC + "[2J.txt");
        assertThat(answer).startsWith("refused file name with the control or format character U+001B");
    }

    @Test
    void anOverLongNameIsRefusedAndAnswered() throws Exception {
        String answer = refusedOffer("n".repeat(300));
        assertThat(answer).isEqualTo("refused file name of 300 bytes (at most " + PeerText.MAX_FILE_NAME_BYTES + ")");
    }

    @Test
    void pathsAndDotsAreRefusedAndAnswered() throws Exception {
        assertThat(refusedOffer("..")).isEqualTo("refused unusable file name \"..\"");
        assertThat(refusedOffer("../escape.txt")).startsWith("refused file name with a path separator");
    }

    @Test
    void anOfferOverTheSizeCapIsRefusedAndAnswered() throws Exception {
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                dir.toString(), "--host", "127.0.0.1",
                "--max-size", "1K");
                Peer peer = Peer.connect(receive.path())) {
            assertThat(peer.offer("big.bin", 1001, sha256("x")))
                    .isEqualTo("refused too large: 1001 bytes, this receiver takes at most 1000 (--max-size)");
            assertThat(receive.exitCode()).isEqualTo(ExitCode.REFUSED);
        }
        assertThat(FileTransferStream.partialFile(dir, Peer.SHA_1)).doesNotExist();
    }

    @Test
    void chatTextCannotDriveTheTerminalNorForgeALine() throws Exception {
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1");
                Peer peer = Peer.connect(listen.path())) {
            String text = ESC + "[31mred" + ESC + "[0m\n[msrp://127.0.0.1:1/forged;tcp x] forged \u202Eline\u009b";
            MsrpChunk response = peer.session.deliverChunk(peer.transport.newChunk().contentType("text/plain")
                    .data(text.getBytes(StandardCharsets.UTF_8)).build());
            assertThat(response.code()).isEqualTo(200);
            String shown = listen.awaitOut(l -> l.contains("red"));
            assertThat(shown).endsWith("] \\u001B[31mred\\u001B[0m\\n[msrp://127.0.0.1:1/forged;tcp x] forged "
                    + "\\u202Eline\\u009B");
            peer.close();
            assertThat(listen.exitCode()).isZero();
            assertThat(listen.stdout() + listen.stderr()).doesNotContain(ESC).doesNotContain("\u202E")
                    .doesNotContain("\u009b");
            assertThat(listen.stdout().lines()).noneMatch(l -> l.startsWith("[msrp://127.0.0.1:1/forged"));
        }
    }

    /** The same inside CPIM, which the listener unwraps (it names message/cpim in its accept-types). */
    @Test
    void chatTextInCpimCannotDriveTheTerminalEither() throws Exception {
        try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--host", "127.0.0.1");
                Peer peer = Peer.connect(listen.path())) {
            byte[] cpim = CpimMessage.builder().from(CpimAddress.of("Mallory", "sip:mallory@example.org"))
                    .to(CpimAddress.of("sip:bob@example.org")).contentType("text/plain; charset=utf-8")
                    .body((ESC + "]0;owned" + ESC + "\\wrapped\u202E").getBytes(StandardCharsets.UTF_8)).build()
                    .encode();
            MsrpChunk response = peer.session.deliverChunk(peer.transport.newChunk().contentType("message/cpim")
                    .data(cpim).build());
            assertThat(response.code()).isEqualTo(200);
            assertThat(listen.awaitOut(l -> l.contains("owned"))).endsWith("] \\u001B]0;owned\\u001B\\wrapped\\u202E");
            peer.close();
            assertThat(listen.exitCode()).isZero();
            assertThat(listen.stdout() + listen.stderr()).doesNotContain(ESC).doesNotContain("\u202E");
        }
    }

    @Test
    void aReceiverCannotPushDataOntoTheSender() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("mine.bin"), 1000);
        AcceptorDirect acceptor = new AcceptorDirect(ConnectSettings.builder().build());
        try {
            String path = acceptor.prepare(MsrpUri.builder().host("127.0.0.1").port(0).build()).get(0).toString();
            try (CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--progress=none",
                    file.toString(), "--to", path);
                    Peer receiver = new Peer(acceptor.completeWithFirstPeer())) {
                MsrpMedia offer = receiver.answerOffer();
                assertThat(offer.fileSelector().orElseThrow().size()).hasValue(1000);
                receiver.expect413(receiver.transport.newChunk().contentType("application/octet-stream")
                        .data("unasked".getBytes(StandardCharsets.UTF_8)).build());
                assertThat(send.exitCode()).as(send.stderr()).isZero();
            }
        } finally {
            acceptor.cleanup();
        }
    }

    /** Offers a 10-byte file named {@code name} to a new {@code msrp receive}; its answer, checked to be a refusal. */
    private String refusedOffer(String name) throws Exception {
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                dir.toString(), "--host", "127.0.0.1");
                Peer peer = Peer.connect(receive.path())) {
            String answer = peer.offer(name, 10, sha256("0123456789"));
            assertThat(receive.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(receive.stderr()).contains("msrp receive: refused the file offer: ")
                    .doesNotContain(ESC).doesNotContain("\u202E").doesNotContain("\u0007");
            try (var files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
            return answer;
        }
    }

    /** The receiver's partial file holds no byte (it keeps none, or an empty one). */
    private static void assertNothingStored(Path partial) throws IOException {
        if (Files.exists(partial)) {
            assertThat(partial).isEmptyFile();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The hostile side: connects to a path and speaks the transfer protocol, or chats, by hand. */
    private static final class Peer implements AutoCloseable {
        final MsrpTransport transport;
        final MsrpSession session;

        Peer(MsrpTransport transport) {
            this.transport = transport;
            this.session = MsrpSession.startQueued(transport, SessionSettings.DEFAULT);
        }

        static Peer connect(String path) throws IOException {
            ConnectorDirect connector = new ConnectorDirect(ConnectSettings.builder().build());
            try {
                connector.prepare(MsrpUri.builder().host("127.0.0.1").port(0).build());
                return new Peer(connector.complete(List.of(MsrpUri.parse(path))));
            } finally {
                connector.cleanup();
            }
        }

        /** A SHA-1 for offers whose bytes never all arrive: the receiver needs one to name its partial file. */
        static final FileHash SHA_1 = FileHash.of(FileHash.SHA_1, new byte[20]);

        /**
         * Offers a file in-band as {@code msrp send} does; {@code have N} when the receiver answered
         * (it holds N bytes), {@code refused REASON} when it refused the offer (413).
         */
        String offer(String name, long size, String sha256) throws Exception {
            FileSelector selector = FileSelector.builder().name(name).type("application/octet-stream").size(size)
                    .hash(SHA_1).build();
            MediaSettings media = MediaSettings.builder().acceptTypes(List.of("*")).direction(Direction.SENDONLY)
                    .addAttribute(new SdpAttribute("file-selector", selector.encode()))
                    .addAttribute(new SdpAttribute(FileTransferStream.SHA_256_ATTRIBUTE,
                            HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(sha256))))
                    .build();
            try {
                session.deliverChunk(sdp(OfferAnswer.offer(transport.fullLocalPath(), media)));
            } catch (MsrpTransactionException e) {
                assertThat(e.code()).isEqualTo(413);
                return "refused " + e.comment();
            }
            MsrpMedia answer = nextDescription();
            return "have " + answer.fileRange().map(r -> r.start() - 1).orElse(0L);
        }

        /** Plays the receiver: takes the sender's offer and answers it (from byte 1); returns the offer. */
        MsrpMedia answerOffer() throws Exception {
            MsrpMedia offer = nextDescription();
            MediaSettings media = MediaSettings.builder().acceptTypes(List.of("*")).direction(Direction.RECVONLY)
                    .addAttribute(new SdpAttribute("file-selector", offer.fileSelector().orElseThrow().encode()))
                    .build();
            assertThat(session.deliverChunk(sdp(OfferAnswer.answer(offer, transport.fullLocalPath(), media))).code())
                    .isEqualTo(200);
            return offer;
        }

        private MsrpChunk sdp(MsrpMedia media) {
            return transport.newChunk().contentType("application/sdp")
                    .data(media.encode().getBytes(StandardCharsets.UTF_8)).build();
        }

        /** The next media description the other side sent in-band. */
        private MsrpMedia nextDescription() throws Exception {
            while (true) {
                MsrpChunk chunk = session.receiveChunk(CliProcess.WAIT);
                if ("SEND".equals(chunk.method()) && "application/sdp".equals(chunk.contentType())) {
                    return MsrpMedia.parse(new String(chunk.data(), StandardCharsets.UTF_8));
                }
            }
        }

        /** Sends a chunk that must be answered 413. */
        void expect413(MsrpChunk chunk) {
            assertThatThrownBy(() -> session.deliverChunk(chunk)).isInstanceOfSatisfying(MsrpTransactionException.class,
                    e -> assertThat(e.code()).isEqualTo(413));
        }

        @Override
        public void close() {
            session.shutdown(true);
        }
    }
}
