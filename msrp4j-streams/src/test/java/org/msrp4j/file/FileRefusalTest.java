package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.msrp4j.file.FileTransferTest.assertCancelled;
import static org.msrp4j.file.FileTransferTest.assertVisibleFiles;
import static org.msrp4j.file.FileTransferTest.randomFile;
import static org.msrp4j.file.FileTransferTest.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.sdp.Direction;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.StreamException;
import org.msrp4j.stream.StreamState;
import org.msrp4j.transport.MsrpTransport;

/** A receiver that refuses (413), and a receiver whose disk fills up. */
class FileRefusalTest {

    @TempDir
    Path tmp;

    @Test
    void aReceiverThatRefusesEveryChunkCancelsTheSender() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "unwanted.bin", 100_000, 8);
        FileEvents aliceEvents = new FileEvents();
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), aliceEvents);
        MsrpMedia offer = MsrpMedia.parse(alice.initialize().encode());
        AcceptorDirect acceptor = new AcceptorDirect();
        MsrpMedia answer = OfferAnswer.answer(offer, acceptor.prepare(null), MediaSettings.builder()
                .direction(Direction.RECVONLY).build());
        CompletableFuture<MsrpSession> refuser = CompletableFuture.supplyAsync(() -> {
            try {
                MsrpTransport t = acceptor.complete(offer.path());
                return MsrpSession.start(t, SessionSettings.DEFAULT, new IncomingHandler() {
                    private MsrpSession session;

                    @Override
                    public void onStart(MsrpSession s) {
                        session = s;
                    }

                    @Override
                    public void onChunk(MsrpChunk chunk) {
                        if (chunk.messageId() != null) {
                            session.refuseMessage(chunk.messageId());
                        }
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        alice.start(MsrpMedia.parse(answer.encode()));
        try {
            assertCancelled(alice.result(), FileTransferException.REFUSED);
            assertThat(aliceEvents.await(FileEvents.Cancelled.class, FilePair.WAIT).byPeer()).isTrue();
            alice.ended().get(60, TimeUnit.SECONDS);
            assertThat(aliceEvents.all()).doesNotHaveAnyElementsOfTypes(FileEvents.Completed.class,
                    FileEvents.DidFail.class).containsSubsequence(FileEvents.DID_INITIALIZE, FileEvents.DID_START,
                    new FileEvents.Cancelled(true), FileEvents.WILL_END, FileEvents.DID_END)
                    .endsWith(FileEvents.WILL_END, FileEvents.DID_END);
        } finally {
            refuser.get(60, TimeUnit.SECONDS).close();
            acceptor.cleanup();
        }
    }

    @Test
    void aDiskThatFillsUpEndsWithAClearErrorAndNoFile() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting a 1 MiB tmpfs needs root; run the tests as root to check a full disk");
        Path small = Files.createDirectories(tmp.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .inheritIO().start();
        assumeTrue(mount.waitFor() == 0, "mount -t tmpfs failed (no privilege in this container?)");
        try {
            Path file = randomFile(tmp.resolve("out"), "too big.iso", 3 * 1024 * 1024, 9);
            FileEvents aliceEvents = new FileEvents();
            FileEvents bobEvents = new FileEvents();
            try (FilePair p = new FilePair(FileTransferStream.push(file, settings(tmp.resolve("x"), false),
                    aliceEvents), aliceEvents, FileTransferStream.answerer(null, settings(small, false), bobEvents),
                    bobEvents).start()) {
                FileEvents.Failed failed = bobEvents.await(FileEvents.Failed.class, FilePair.WAIT);
                assertThat(failed.code()).isEqualTo(FileTransferException.LOCAL_IO);
                assertThat(failed.reason()).contains("cannot store the file").containsIgnoringCase("space");
                assertCancelled(p.offerer.result(), FileTransferException.REFUSED);
                p.answerer.ended().get(60, TimeUnit.SECONDS);
                assertVisibleFiles(small);
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void anOfferWithoutDirectionIsRefusedAsSipsimpleDoes() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "a.bin", 10, 10);
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), new FileEvents());
        MsrpMedia offer = alice.initialize().toBuilder().direction(null).build();
        FileTransferStream bob = FileTransferStream.answerer(null, settings(tmp.resolve("in"), false),
                new FileEvents());
        assertThatThrownBy(() -> bob.initialize(offer)).isInstanceOf(StreamException.class)
                .hasMessageContaining("sendonly or recvonly");
        alice.close();
        assertThat(bob.ended()).isCompleted();
        assertThat(List.of(alice.state(), bob.state())).allMatch(s -> s == StreamState.ENDED);
    }
}
