package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.session.AssemblyChunks.send;
import static org.msrp4j.session.AssemblyChunks.slice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.MsrpException;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.internal.ChunkInternals;

@Timeout(120)
class MessageAssemblerTest {

    private static final long U = ByteRange.UNKNOWN;

    @TempDir
    Path dir;

    @Test
    void inOrderReverseAndRandomOrderGiveTheSameBytes() throws Exception {
        byte[] content = AssemblyChunks.random(10_000, 7);
        for (String order : List.of("in", "reverse", "random")) {
            MessageAssembler assembler = MessageAssembler.inMemory(20_000);
            List<MsrpChunk> chunks = AssemblyChunks.cut("order-" + order, content, 333);
            if (order.equals("reverse")) {
                Collections.reverse(chunks);
            } else if (order.equals("random")) {
                Collections.shuffle(chunks, new Random(7));
            }
            IncomingMessage m = null;
            for (int i = 0; i < chunks.size(); i++) {
                m = assembler.accept(chunks.get(i));
                assertThat(m.isComplete()).as(order + " chunk " + i).isEqualTo(i == chunks.size() - 1);
            }
            assertThat(m.bytes()).as(order).isEqualTo(content);
            assertThat(m.isDone()).isTrue();
            assertThat(assembler.openMessages()).isZero();
            assertThat(assembler.get(m.messageId())).isEmpty();
        }
    }

    @Test
    void duplicatesAndOverlapsCountOnce() throws Exception {
        byte[] content = AssemblyChunks.random(100, 8);
        MessageAssembler assembler = MessageAssembler.inMemory(100);
        assembler.accept(slice("dup1", content, 1, 40));
        assembler.accept(slice("dup1", content, 1, 40));
        IncomingMessage m = assembler.accept(slice("dup1", content, 30, 60));
        assertThat(m.bytesReceived()).isEqualTo(60);
        assertThat(m.received()).containsExactly(new ByteRange(1, 60, 100));
        assembler.accept(slice("dup1", content, 20, 25));
        assembler.accept(slice("dup1", content, 50, 100));
        assertThat(m.isComplete()).isTrue();
        assertThat(m.bytesReceived()).isEqualTo(100);
        assertThat(m.bytes()).isEqualTo(content);
    }

    @Test
    void segmentsOfChunksAreAssembledLikeChunks() throws Exception {
        byte[] content = AssemblyChunks.random(200, 9);
        MessageAssembler assembler = MessageAssembler.inMemory(1000);
        // wire chunk 1: 1-100/200 '+', cut into two segments by a transport
        assembler.accept(segment("seg1", content, 1, 60, 200, Continuation.MORE, 1, true));
        IncomingMessage m = assembler.accept(segment("seg1", content, 61, 100, 200, Continuation.MORE, 2, false));
        assertThat(m.received()).containsExactly(new ByteRange(1, 100, 200));
        // wire chunk 2: 101-*/* '$', cut into three segments; the last one has the '$'
        assembler.accept(segment("seg1", content, 101, 130, U, Continuation.MORE, 1, true));
        assembler.accept(segment("seg1", content, 131, 180, U, Continuation.MORE, 2, true));
        assertThat(m.isComplete()).isFalse();
        assembler.accept(segment("seg1", content, 181, 200, U, Continuation.END, 3, false));
        assertThat(m.isComplete()).isTrue();
        assertThat(m.bytes()).isEqualTo(content);
    }

    private static MsrpChunk segment(String id, byte[] content, int start, int end, long total, Continuation flag,
            int number, boolean more) {
        return ChunkInternals.markSegment(
                send(id, new ByteRange(start, end, total), Arrays.copyOfRange(content, start - 1, end), flag),
                number, more);
    }

    @Test
    void aChunkWithoutByteRangeIsTheWholeMessageWhenItEndsIt() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(100);
        byte[] hello = "hello".getBytes();
        IncomingMessage m = assembler.accept(send("whole1", null, hello, Continuation.END));
        assertThat(m.isComplete()).isTrue();
        assertThat(m.total()).isEqualTo(5);
        assertThat(m.bytes()).isEqualTo(hello);

        IncomingMessage more = assembler.accept(send("whole2", null, hello, Continuation.MORE));
        assertThat(more.total()).isEqualTo(U);
        assertThat(more.missing()).containsExactly(new ByteRange(6, U, U));
    }

    @Test
    void aChunkWithoutMessageIdIsInvalid() {
        MessageAssembler assembler = MessageAssembler.inMemory(100);
        MsrpChunk chunk = MsrpChunk.request("tid00001", "SEND").addHeader(new ContentTypeHeader("text/plain"))
                .setData("hi".getBytes());
        assertThatThrownBy(() -> assembler.accept(chunk)).isInstanceOfSatisfying(InvalidChunkException.class, e -> {
            assertThat(e.messageId()).isNull();
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e).hasMessageContaining("no Message-ID");
        });
        assertThat(assembler.openMessages()).isZero();
    }

    @Test
    void onlySendRequestsAreAccepted() {
        MessageAssembler assembler = MessageAssembler.inMemory(100);
        assertThatThrownBy(() -> assembler.accept(MsrpChunk.response("tid00001", 200, "OK")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> assembler.accept(MsrpChunk.request("tid00002", "REPORT")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataNotFillingTheByteRangeIsInvalidAndChangesNothing() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(100);
        IncomingMessage m = assembler.accept(send("len1", new ByteRange(1, 10, 100), new byte[10], Continuation.MORE));
        assertThatThrownBy(() -> assembler.accept(send("len1", new ByteRange(11, 20, 100), new byte[9],
                Continuation.MORE))).isInstanceOfSatisfying(InvalidChunkException.class, e -> {
                    assertThat(e.messageId()).isEqualTo("len1");
                    assertThat(e).hasMessageContaining("spans 10 bytes but the chunk carries 9");
                });
        assertThatThrownBy(() -> assembler.accept(send("len1", new ByteRange(11, 20, 100), new byte[11],
                Continuation.MORE))).isInstanceOf(InvalidChunkException.class);
        assertThat(m.bytesReceived()).isEqualTo(10);
        assertThat(assembler.get("len1")).containsSame(m);

        // a first chunk that is invalid opens no message
        assertThatThrownBy(() -> assembler.accept(send("len2", new ByteRange(1, 10, 100), new byte[3],
                Continuation.MORE))).isInstanceOf(InvalidChunkException.class);
        assertThat(assembler.get("len2")).isEmpty();
        assertThat(assembler.openMessages()).isEqualTo(1);
    }

    @Test
    void bytesBeyondTheTotalOrContradictingSizesAreInvalid() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(1000);
        assembler.accept(send("size1", new ByteRange(1, 10, 100), new byte[10], Continuation.MORE));
        // beyond the known total (end unknown, so the data decides)
        assertThatThrownBy(() -> assembler.accept(send("size1", new ByteRange(95, U, U), new byte[10],
                Continuation.MORE))).isInstanceOf(InvalidChunkException.class).hasMessageContaining("beyond");
        // another total
        assertThatThrownBy(() -> assembler.accept(send("size1", new ByteRange(11, 20, 200), new byte[10],
                Continuation.MORE))).isInstanceOf(InvalidChunkException.class).hasMessageContaining("contradicts");
        // a '$' chunk that does not end at the total
        assertThatThrownBy(() -> assembler.accept(send("size1", new ByteRange(11, 20, U), new byte[10],
                Continuation.END))).isInstanceOf(InvalidChunkException.class).hasMessageContaining("last chunk");

        // a total smaller than bytes already received
        assembler.accept(send("size2", new ByteRange(41, 50, U), new byte[10], Continuation.MORE));
        assertThatThrownBy(() -> assembler.accept(send("size2", new ByteRange(1, 10, 30), new byte[10],
                Continuation.MORE))).isInstanceOf(InvalidChunkException.class).hasMessageContaining("byte 50");
        assertThatThrownBy(() -> assembler.accept(send("size2", new ByteRange(21, 30, U), new byte[10],
                Continuation.END))).isInstanceOf(InvalidChunkException.class);
        assertThat(assembler.get("size2").orElseThrow().total()).isEqualTo(U);
    }

    @Test
    void theMemoryBoundRefusesAnnouncedAndGrowingMessages() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(100);
        assertThatThrownBy(() -> assembler.accept(send("big1", new ByteRange(1, 10, 1000), new byte[10],
                Continuation.MORE))).isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
                    assertThat(e.messageId()).isEqualTo("big1");
                    assertThat(e.limit()).isEqualTo(100);
                    assertThat(e.size()).isEqualTo(1000);
                    assertThat(e.statusCode()).isEqualTo(413);
                });
        assertThat(assembler.openMessages()).isZero();
        // later chunks of the refused message are refused too
        assertThatThrownBy(() -> assembler.accept(send("big1", new ByteRange(11, 20, 1000), new byte[10],
                Continuation.MORE))).isInstanceOf(MessageRefusedException.class).hasMessageContaining("too large");

        // total unknown: refused at the chunk that crosses the limit
        IncomingMessage m = assembler.accept(send("big2", new ByteRange(1, 60, U), new byte[60], Continuation.MORE));
        assertThatThrownBy(() -> assembler.accept(send("big2", new ByteRange(61, 120, U), new byte[60],
                Continuation.MORE))).isInstanceOfSatisfying(MessageTooLargeException.class,
                        e -> assertThat(e.size()).isEqualTo(120));
        assertThat(m.isDone()).isTrue();
        assertThat(m.bytes()).isEmpty();
        assertThat(assembler.openMessages()).isZero();

        // exactly the limit is fine
        IncomingMessage fits = assembler.accept(send("big3", new ByteRange(1, 100, 100), new byte[100],
                Continuation.END));
        assertThat(fits.isComplete()).isTrue();
    }

    @Test
    void theNumberOfOpenMessagesIsBounded() throws Exception {
        MessageAssembler assembler = new MessageAssembler(c -> MessageSink.memory(100), 2);
        assembler.accept(send("many1", new ByteRange(1, 1, 2), new byte[1], Continuation.MORE));
        assembler.accept(send("many2", new ByteRange(1, 1, 2), new byte[1], Continuation.MORE));
        assertThatThrownBy(() -> assembler.accept(send("many3", new ByteRange(1, 1, 2), new byte[1],
                Continuation.MORE))).isInstanceOfSatisfying(TooManyMessagesException.class, e -> {
                    assertThat(e.limit()).isEqualTo(2);
                    assertThat(e.messageId()).isEqualTo("many3");
                });
        assertThat(assembler.openMessages()).isEqualTo(2);
        // completing one makes room; the refused one stays refused
        assembler.accept(send("many1", new ByteRange(2, 2, 2), new byte[1], Continuation.END));
        assertThat(assembler.openMessages()).isEqualTo(1);
        assertThatThrownBy(() -> assembler.accept(send("many3", new ByteRange(2, 2, 2), new byte[1],
                Continuation.END))).isInstanceOf(MessageRefusedException.class);
        assembler.accept(send("many4", new ByteRange(1, 1, 2), new byte[1], Continuation.MORE));
        assertThat(assembler.openMessages()).isEqualTo(2);
        assertThat(assembler.messages()).extracting(IncomingMessage::messageId)
                .containsExactlyInAnyOrder("many2", "many4");
    }

    @Test
    void threadsMayFeedOneAssemblerConcurrently() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(100_000);
        List<byte[]> contents = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<IncomingMessage> results = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            byte[] content = AssemblyChunks.random(50_000, 100 + t);
            contents.add(content);
            List<MsrpChunk> chunks = AssemblyChunks.cut("thread" + t, content, 500);
            Collections.shuffle(chunks, new Random(t));
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    IncomingMessage m = null;
                    for (MsrpChunk c : chunks) {
                        m = assembler.accept(c);
                        m.missing();
                    }
                    results.add(m);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(results).hasSize(4).allSatisfy(m -> {
            assertThat(m.isComplete()).isTrue();
            int t = Integer.parseInt(m.messageId().substring("thread".length()));
            assertThat(m.bytes()).isEqualTo(contents.get(t));
        });
        assertThat(assembler.openMessages()).isZero();
    }

    @Test
    void completedMessagesAreForgotten() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(100);
        for (int i = 0; i < 1000; i++) {
            byte[] content = AssemblyChunks.random(50, i);
            IncomingMessage m = null;
            for (MsrpChunk c : AssemblyChunks.cut("done" + i, content, 20)) {
                m = assembler.accept(c);
            }
            assertThat(m.isComplete()).isTrue();
        }
        assertThat(assembler.openMessages()).isZero();
    }

    @Test
    void filesAreNamedSafelyFromTheMessageId(@TempDir Path out) throws Exception {
        assertThat(MessageAssembler.fileName("abc-1.2")).isEqualTo("msg-abc-1.2");
        assertThat(MessageAssembler.fileName("AbC+%=")).isEqualTo("msg-_ab_c%2B%25%3D");
        assertThat(MessageAssembler.fileName("../..")).isEqualTo("msg-..%2F..");
        assertThat(MessageAssembler.fileName("x".repeat(500))).hasSizeLessThanOrEqualTo(160)
                .isNotEqualTo(MessageAssembler.fileName("x".repeat(501)));

        MessageAssembler assembler = MessageAssembler.toDirectory(out);
        byte[] content = AssemblyChunks.random(3000, 10);
        IncomingMessage m = null;
        for (MsrpChunk c : AssemblyChunks.cut("FiLe+1", content, 1000)) {
            m = assembler.accept(c);
        }
        assertThat(m.isComplete()).isTrue();
        Path file = ((FileSink) m.sink()).path();
        assertThat(file).isEqualTo(out.resolve("msg-_fi_le%2B1"));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThatThrownBy(m::bytes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStrayChunkAfterCompletionDoesNotClobberTheFile() throws Exception {
        MessageAssembler assembler = MessageAssembler.toDirectory(dir);
        byte[] content = AssemblyChunks.random(100, 14);
        assembler.accept(slice("stray1", content, 1, 50));
        IncomingMessage m = assembler.accept(slice("stray1", content, 51, 100));
        assertThat(m.isDone()).isTrue();
        assertThatThrownBy(() -> assembler.accept(slice("stray1", content, 1, 50)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(dir.resolve("msg-stray1"))).isEqualTo(content);
        assertThat(assembler.openMessages()).isZero();
    }

    @Test
    void aMemorySinkDoesNotAllocateTheAnnouncedSize() throws Exception {
        MessageAssembler assembler = new MessageAssembler(c -> MessageSink.memory(Integer.MAX_VALUE - 16));
        long before = usedHeapAfterGc();
        IncomingMessage m = assembler.accept(send("sparse1", new ByteRange(1, 10, Integer.MAX_VALUE - 16),
                new byte[10], Continuation.MORE));
        assertThat(usedHeapAfterGc() - before).isLessThan(64L << 20);
        assertThat(m.bytes()).hasSize(10);
    }

    @Test
    void anEmptyMessageMakesAnEmptyFile() throws Exception {
        MessageAssembler assembler = MessageAssembler.toDirectory(dir);
        IncomingMessage m = assembler.accept(send("empty2", new ByteRange(1, 0, 0), new byte[0], Continuation.END));
        assertThat(m.isComplete()).isTrue();
        assertThat(Files.size(dir.resolve("msg-empty2"))).isZero();
    }

    @Test
    void discardDeletesThePartialFileAndRefusesLaterChunks() throws Exception {
        MessageAssembler assembler = MessageAssembler.toDirectory(dir);
        byte[] content = AssemblyChunks.random(100, 11);
        assembler.accept(slice("gone1", content, 51, 100));
        Path file = dir.resolve("msg-gone1");
        assertThat(file).exists();
        assertThat(assembler.discard("gone1")).isTrue();
        assertThat(file).doesNotExist();
        assertThat(assembler.discard("gone1")).isFalse();
        assertThat(assembler.openMessages()).isZero();
        assertThatThrownBy(() -> assembler.accept(slice("gone1", content, 1, 50)))
                .isInstanceOf(MessageRefusedException.class).hasMessageContaining("discarded");
        assertThat(file).doesNotExist();
    }

    @Test
    void idleMessagesCanBeDiscarded() throws Exception {
        MessageAssembler assembler = MessageAssembler.inMemory(100);
        assembler.accept(send("idle1", new ByteRange(1, 1, 2), new byte[1], Continuation.MORE));
        assertThat(assembler.discardIdle(Duration.ofHours(1))).isZero();
        assertThat(assembler.discardIdle(Duration.ZERO)).isEqualTo(1);
        assertThat(assembler.openMessages()).isZero();
    }

    @Test
    void closeKeepsPartialFilesAndRefusesFurtherChunks() throws Exception {
        MessageAssembler assembler = MessageAssembler.toDirectory(dir);
        byte[] content = AssemblyChunks.random(100, 12);
        IncomingMessage m = assembler.accept(slice("part1", content, 1, 40));
        assembler.close();
        assertThat(m.isDone()).isTrue();
        assertThat(m.isComplete()).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("msg-part1"))).isEqualTo(Arrays.copyOf(content, 40));
        assertThat(assembler.openMessages()).isZero();
        assertThatThrownBy(() -> assembler.accept(slice("part1", content, 41, 100)))
                .isInstanceOf(MsrpException.class).hasMessageContaining("closed");
        assembler.close();
    }

    @Test
    void aFailingSinkDiscardsTheMessage() throws Exception {
        MessageAssembler assembler = MessageAssembler.toDirectory(dir.resolve("missing-dir"));
        byte[] content = AssemblyChunks.random(100, 13);
        assertThatThrownBy(() -> assembler.accept(slice("fail1", content, 1, 50)))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(assembler.openMessages()).isZero();
        assertThatThrownBy(() -> assembler.accept(slice("fail1", content, 51, 100)))
                .isInstanceOf(MessageRefusedException.class).hasMessageContaining("sink failed");

        MessageAssembler unchecked = new MessageAssembler(c -> {
            throw new UncheckedIOException(new IOException("no room"));
        });
        assertThatThrownBy(() -> unchecked.accept(slice("fail2", content, 1, 50)))
                .isExactlyInstanceOf(IOException.class).hasMessage("no room");
    }

    @Test
    void aFileSinkIsWrittenWhereverChunksLand() throws Exception {
        Path file = dir.resolve("direct");
        Files.write(file, new byte[100]);
        try (FileSink sink = MessageSink.file(file)) {
            sink.write(10, ByteBuffer.wrap(new byte[] {3, 4}));
            sink.write(0, ByteBuffer.wrap(new byte[] {1, 2}));
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(12);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(bytes[11]).isEqualTo((byte) 4);
        assertThatThrownBy(() -> MessageSink.file(file, 5).write(4, ByteBuffer.allocate(2)))
                .isInstanceOf(MessageTooLargeException.class);
    }

    /**
     * A 64 MiB message in random chunk order goes to a file with exactly its bytes, and the heap
     * does not grow with it.
     */
    @Test
    void aLargeMessageInRandomOrderGoesToAFileInConstantMemory() throws Exception {
        int total = 64 << 20;
        Random random = new Random(64);
        List<long[]> pieces = new ArrayList<>();
        for (long s = 1; s <= total;) {
            long e = Math.min(total, s + 16_384 + random.nextInt(32_768) - 1);
            pieces.add(new long[] {s, e});
            s = e + 1;
        }
        Collections.shuffle(pieces, random);
        MessageAssembler assembler = MessageAssembler.toDirectory(dir);
        long baseline = usedHeapAfterGc();
        IncomingMessage m = null;
        for (int i = 0; i < pieces.size(); i++) {
            long[] p = pieces.get(i);
            m = assembler.accept(send("huge1", new ByteRange(p[0], p[1], total), generated(p[0], p[1]),
                    p[1] == total ? Continuation.END : Continuation.MORE));
            if (i == pieces.size() / 2) {
                assertThat(m.isComplete()).isFalse();
                assertThat(usedHeapAfterGc() - baseline).as("heap growth at half way").isLessThan(16L << 20);
            }
        }
        assertThat(m.isComplete()).isTrue();
        assertThat(assembler.openMessages()).isZero();
        assertThat(usedHeapAfterGc() - baseline).as("heap growth at the end").isLessThan(16L << 20);

        Path file = ((FileSink) m.sink()).path();
        assertThat(Files.size(file)).isEqualTo(total);
        assertThat(sha256(file)).isEqualTo(sha256OfGenerated(total));
    }

    /** Byte {@code p} (from 1) of the generated message. */
    private static byte[] generated(long start, long end) {
        byte[] b = new byte[(int) (end - start + 1)];
        for (int i = 0; i < b.length; i++) {
            long p = start + i;
            b[i] = (byte) ((p * 0x9E3779B97F4A7C15L) >>> 56);
        }
        return b;
    }

    private static byte[] sha256OfGenerated(long total) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (long s = 1; s <= total; s += 1 << 20) {
            digest.update(generated(s, Math.min(total, s + (1 << 20) - 1)));
        }
        return digest.digest();
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(file)) {
            while (ch.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return digest.digest();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
