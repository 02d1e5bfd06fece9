package org.msrp4j.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A {@link MessageSink} that writes the message to a file with positional writes through a {@link
 * FileChannel}: memory use is constant whatever the size and order of the chunks (bytes not yet
 * received are holes in the file). Made by {@link MessageSink#file(Path)}.
 *
 * <p>The file is opened lazily, at the first write, or at {@link #close()} for an empty message. A
 * sink from {@link MessageSink#file(Path)} replaces an existing file; one from {@link
 * MessageAssembler#toDirectory} never does (opening fails with {@link
 * java.nio.file.FileAlreadyExistsException}). {@link #discard()} deletes the file if this sink
 * created or replaced it. Not thread-safe by itself: a {@link MessageAssembler} serialises the
 * calls.
 */
public final class FileSink implements MessageSink {

    private final Path path;
    private final long maxBytes;
    private final boolean replace;
    private FileChannel channel;
    private boolean opened;
    private boolean closed;

    FileSink(Path path, long maxBytes, boolean replace) {
        this.path = Objects.requireNonNull(path, "path");
        this.replace = replace;
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * The file the message is written to.
     *
     * @return the file the message is written to
     */
    public Path path() {
        return path;
    }

    /**
     * The most bytes this sink accepts ({@link Long#MAX_VALUE} for no limit).
     *
     * @return the most bytes this sink accepts ({@link Long#MAX_VALUE} for no limit)
     */
    public long maxBytes() {
        return maxBytes;
    }

    /** @throws MessageTooLargeException if {@code size} exceeds {@link #maxBytes()} */
    @Override
    public void expectSize(long size) throws IOException {
        if (size > maxBytes) {
            throw new MessageTooLargeException(null, maxBytes, size);
        }
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (closed) {
            throw new IOException("the sink for " + path + " is closed");
        }
        long end = offset + data.remaining();
        if (end > maxBytes) {
            throw new MessageTooLargeException(null, maxBytes, end);
        }
        if (!data.hasRemaining()) {
            return;
        }
        FileChannel ch = open();
        long position = offset;
        while (data.hasRemaining()) {
            position += ch.write(data, position);
        }
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            channel = replace
                    ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)
                    : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            opened = true;
        }
        return channel;
    }

    /** Closes the file, creating it first (empty) if nothing was written. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            open();
        } finally {
            closeChannel();
        }
    }

    /** Closes the file and deletes it if this sink created it. */
    @Override
    public void discard() throws IOException {
        closed = true;
        try {
            closeChannel();
        } finally {
            if (opened) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void closeChannel() throws IOException {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public String toString() {
        return "FileSink(" + path + ")";
    }
}
