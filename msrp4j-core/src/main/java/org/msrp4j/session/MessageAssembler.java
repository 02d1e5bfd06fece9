package org.msrp4j.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.msrp4j.MsrpException;
import org.msrp4j.protocol.MsrpChunk;

/**
 * Puts incoming messages back together from their SEND chunks, keyed by Message-ID: chunks (or the
 * segments a transport cuts them into) may come in any order, repeat or overlap. Each message's
 * bytes go to a {@link MessageSink} made for it by a factory: in memory ({@link #inMemory}), to
 * files ({@link #toDirectory}), or anywhere ({@link #MessageAssembler(Function, int)}).
 *
 * <p>{@link #accept} returns the chunk's {@link IncomingMessage}. When a message becomes complete
 * or aborted ({@code #}) its sink is closed and the assembler forgets it, so a long session holds
 * only the messages in progress. At most {@link #maxOpenMessages()} are in progress at once.
 *
 * <p>Errors, all {@link IOException}s, leave the assembler usable:
 * <ul>
 *   <li>{@link InvalidChunkException} (answer 400): no Message-ID, data not filling the Byte-Range,
 *       bytes beyond the message's size, or sizes that contradict each other. The chunk is ignored.
 *   <li>{@link MessageRefusedException} (answer 413): the message is refused. Subclasses say why:
 *       {@link MessageTooLargeException} from the sink, {@link TooManyMessagesException} when the
 *       limit of open messages is reached (the new message is refused; none is evicted). It is also
 *       thrown for later chunks of a message refused before, discarded by the application, or whose
 *       sink failed: its content is discarded and the assembler remembers the last {@value
 *       #REMEMBERED_REFUSALS} such Message-IDs.
 *   <li>Other {@link IOException}s: the sink failed (e.g. disk full); the message is discarded.
 * </ul>
 *
 * <p>A chunk arriving after its message is done starts a new message (RFC 4975 senders do not
 * resend chunks that were answered); {@link #discardIdle} clears such leftovers.
 *
 * <p>Thread-safe: one lock guards the assembler and its messages, sink I/O included. Chunks
 * normally come from a session's readers, one call at a time; other threads may inspect or
 * discard messages meanwhile.
 */
public final class MessageAssembler implements Closeable {

    /** The limit of messages in progress used when none is given. */
    public static final int DEFAULT_MAX_OPEN_MESSAGES = 64;

    /** How many refused Message-IDs are remembered. */
    public static final int REMEMBERED_REFUSALS = 256;

    private static final int MAX_FILE_NAME = 160;

    private final Function<? super MsrpChunk, ? extends MessageSink> sinks;
    private final int maxOpen;
    private final ReentrantLock lock = new ReentrantLock();
    private final HashMap<String, IncomingMessage> open = new HashMap<>();
    private final LinkedHashMap<String, String> refused = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_REFUSALS;
        }
    };
    private boolean closed;

    /**
     * An assembler with {@link #DEFAULT_MAX_OPEN_MESSAGES}.
     *
     * @param sinkFactory makes the sink of a new message from its first chunk to arrive (not
     *     necessarily the message's first); it may throw {@link UncheckedIOException}, which {@link
     *     #accept} unwraps
     */
    public MessageAssembler(Function<? super MsrpChunk, ? extends MessageSink> sinkFactory) {
        this(sinkFactory, DEFAULT_MAX_OPEN_MESSAGES);
    }

    /**
     * An assembler keeping at most {@code maxOpenMessages} messages in progress.
     *
     * @param sinkFactory as for {@link #MessageAssembler(Function)}
     * @param maxOpenMessages the max open messages
     * @throws IllegalArgumentException if {@code maxOpenMessages} is below 1
     */
    public MessageAssembler(Function<? super MsrpChunk, ? extends MessageSink> sinkFactory, int maxOpenMessages) {
        this.sinks = Objects.requireNonNull(sinkFactory, "sinkFactory");
        if (maxOpenMessages < 1) {
            throw new IllegalArgumentException("maxOpenMessages must be >= 1: " + maxOpenMessages);
        }
        this.maxOpen = maxOpenMessages;
    }

    /**
     * An assembler holding each message in a {@link MemorySink} of at most {@code maxBytesPerMessage}.
     *
     * @param maxBytesPerMessage the max bytes per message
     * @return an assembler holding each message in a {@link MemorySink} of at most {@code maxBytesPerMessage}
     */
    public static MessageAssembler inMemory(int maxBytesPerMessage) {
        if (maxBytesPerMessage < 0) {
            throw new IllegalArgumentException("maxBytesPerMessage must be >= 0: " + maxBytesPerMessage);
        }
        return new MessageAssembler(chunk -> MessageSink.memory(maxBytesPerMessage));
    }

    /**
     * An assembler writing each message to a file in {@code dir} (which must exist), named by
     * {@link #fileName(String)}, without a size limit. Give each session a directory of its own:
     * Message-IDs are unique only per sender. An existing file is never overwritten: its message's
     * sink fails ({@link java.nio.file.FileAlreadyExistsException}) and the message is refused, so a
     * stray chunk of a message that is done cannot clobber its file.
     *
     * @param dir the dir
     * @return an assembler writing each message to a file in {@code dir} (which must exist), named by {@link
     *     #fileName(String)}, without a size limit
     */
    public static MessageAssembler toDirectory(Path dir) {
        return toDirectory(dir, Long.MAX_VALUE);
    }

    /**
     * As {@link #toDirectory(Path)}, refusing messages of more than {@code maxBytesPerMessage}.
     *
     * @param dir the dir
     * @param maxBytesPerMessage the max bytes per message
     * @return an assembler writing each message to a file in {@code dir}
     */
    public static MessageAssembler toDirectory(Path dir, long maxBytesPerMessage) {
        Objects.requireNonNull(dir, "dir");
        if (maxBytesPerMessage < 0) {
            throw new IllegalArgumentException("maxBytesPerMessage must be >= 0: " + maxBytesPerMessage);
        }
        return new MessageAssembler(chunk -> new FileSink(dir.resolve(fileName(chunk.messageId())),
                maxBytesPerMessage, false));
    }

    /**
     * A file name for a Message-ID that is safe on any file system and distinct for distinct ids:
     * {@code msg-} followed by the id, where {@code a-z 0-9 . -} stay, an upper-case letter becomes
     * {@code _} and the letter in lower case (so case-insensitive file systems keep ids apart), and
     * any other byte of its UTF-8 form becomes {@code %XX}. A name longer than 160
     * characters is cut and ended with a hash of the id.
     *
     * @param messageId the Message-ID
     * @return a file name for a Message-ID that is safe on any file system and distinct for distinct ids: {@code msg-}
     *     followed by the id, where {@code a-z 0-9 . -} stay, an upper-case letter becomes {@code _} and the letter in
     *     lower case (so case-insensitive file systems keep ids apart), and any other byte of its UTF-8 form becomes
     *     {@code %XX}
     */
    public static String fileName(String messageId) {
        StringBuilder b = new StringBuilder("msg-");
        for (byte x : messageId.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
                b.append((char) c);
            } else if (c >= 'A' && c <= 'Z') {
                b.append('_').append((char) (c + ('a' - 'A')));
            } else {
                b.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        if (b.length() > MAX_FILE_NAME) {
            b.setLength(MAX_FILE_NAME - 17);
            b.append('-').append(HexFormat.of().formatHex(sha256(messageId), 0, 8));
        }
        return b.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * Adds a SEND chunk (or segment) to its message: writes its data at Byte-Range start - 1 and
     * records its range. A chunk without Byte-Range is read as {@code 1-*}{@code /*}: with {@code $}
     * it is the whole message, {@code 1-n/n}. When the message becomes complete or aborted, its sink
     * is closed and the assembler forgets it.
     *
     * @param chunk the chunk
     * @return the chunk's message, possibly done already
     * @throws InvalidChunkException if the chunk has no Message-ID or contradicts its message (400)
     * @throws MessageRefusedException if the message is refused, now or before (413)
     * @throws MsrpException if the assembler is closed
     * @throws IOException if the sink failed; the message is then discarded
     * @throws IllegalArgumentException if the chunk is not a SEND request
     */
    public IncomingMessage accept(MsrpChunk chunk) throws IOException {
        if (!chunk.isRequest() || !"SEND".equals(chunk.method())) {
            throw new IllegalArgumentException("only SEND requests carry messages: " + chunk);
        }
        String id = chunk.messageId();
        if (id == null) {
            throw new InvalidChunkException(null, "the chunk has no Message-ID: " + chunk);
        }
        lock.lock();
        try {
            if (closed) {
                throw new MsrpException("the message assembler is closed");
            }
            IncomingMessage message = open.get(id);
            boolean fresh = message == null;
            if (fresh) {
                String why = refused.get(id);
                if (why != null) {
                    throw new MessageRefusedException(id, "message " + id + " was refused: " + why);
                }
                if (open.size() >= maxOpen) {
                    refused.put(id, "too many messages were open");
                    throw new TooManyMessagesException(id, maxOpen);
                }
                message = new IncomingMessage(id, newSink(chunk), lock);
            }
            try {
                message.add(chunk);
            } catch (InvalidChunkException e) {
                if (fresh) {
                    discardQuietly(message, e);
                }
                throw e;
            } catch (MessageTooLargeException e) {
                drop(message, "it is too large", e);
                throw new MessageTooLargeException(id, e.limit(), e.size());
            } catch (IOException | RuntimeException e) {
                drop(message, "its sink failed: " + e, e);
                throw e;
            }
            if (message.isFinished()) {
                open.remove(id);
                message.finish();
            } else if (fresh) {
                open.put(id, message);
            }
            return message;
        } finally {
            lock.unlock();
        }
    }

    private MessageSink newSink(MsrpChunk chunk) throws IOException {
        MessageSink sink;
        try {
            sink = sinks.apply(chunk);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return Objects.requireNonNull(sink, "the sink factory returned null");
    }

    /** Forgets and discards a message, refusing its later chunks. */
    private void drop(IncomingMessage message, String why, Exception cause) {
        open.remove(message.messageId());
        refused.put(message.messageId(), why);
        discardQuietly(message, cause);
    }

    private static void discardQuietly(IncomingMessage message, Exception primary) {
        try {
            message.discard();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * The message in progress with this Message-ID, if any (done messages are not held).
     *
     * @param messageId the Message-ID
     * @return the message in progress with this Message-ID, if any (done messages are not held)
     */
    public Optional<IncomingMessage> get(String messageId) {
        lock.lock();
        try {
            return Optional.ofNullable(open.get(messageId));
        } finally {
            lock.unlock();
        }
    }

    /**
     * A snapshot of the messages in progress.
     *
     * @return a snapshot of the messages in progress
     */
    public List<IncomingMessage> messages() {
        lock.lock();
        try {
            return List.copyOf(open.values());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of messages in progress.
     *
     * @return the number of messages in progress
     */
    public int openMessages() {
        lock.lock();
        try {
            return open.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The most messages in progress at once.
     *
     * @return the most messages in progress at once
     */
    public int maxOpenMessages() {
        return maxOpen;
    }

    /**
     * Discards a message in progress: its sink's content is dropped (a {@link FileSink} deletes
     * its partial file) and its later chunks are refused with {@link MessageRefusedException}.
     *
     * @param messageId the Message-ID
     * @return whether a message with that id was in progress
     * @throws IOException if the sink failed to discard (the message is forgotten anyway)
     */
    public boolean discard(String messageId) throws IOException {
        lock.lock();
        try {
            IncomingMessage message = open.remove(messageId);
            if (message == null) {
                return false;
            }
            refused.put(messageId, "it was discarded");
            message.discard();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Discards, as {@link #discard(String)} does, every message in progress that has had no chunk
     * for {@code maxIdle} or longer.
     *
     * @param maxIdle the max idle
     * @return how many were discarded
     * @throws IOException if a sink failed to discard (the first failure; the others are suppressed)
     */
    public int discardIdle(Duration maxIdle) throws IOException {
        long now = System.nanoTime();
        long limit = maxIdle.toNanos();
        lock.lock();
        try {
            IOException failure = null;
            int count = 0;
            for (Iterator<IncomingMessage> it = open.values().iterator(); it.hasNext();) {
                IncomingMessage message = it.next();
                if (now - message.lastActivity() >= limit) {
                    it.remove();
                    count++;
                    refused.put(message.messageId(), "it was idle too long");
                    failure = attempt(message::discard, failure);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the sinks of all messages in progress, keeping what they received (a partial file
     * stays; call {@link #discard} first to drop it), and refuses further chunks. Idempotent.
     *
     * @throws IOException if a sink failed to close (the first failure; the others are suppressed)
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            IOException failure = null;
            for (IncomingMessage message : new ArrayList<>(open.values())) {
                failure = attempt(message::finish, failure);
            }
            open.clear();
            refused.clear();
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static IOException attempt(IoAction action, IOException failure) {
        try {
            action.run();
        } catch (IOException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    @Override
    public String toString() {
        return "MessageAssembler(" + openMessages() + " of at most " + maxOpen + " messages open)";
    }
}
