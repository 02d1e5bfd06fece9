package org.msrp4j.screen;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Byte arrays on their way from one thread to another, in order, holding at most {@code capacity}
 * bytes: {@link #put} waits for room (one array larger than the capacity is let in alone, so
 * nothing waits forever for room that cannot come). {@link #finish} lets what is queued be taken
 * and then ends {@link #take}; {@link #close} drops it and wakes everyone. Thread-safe.
 */
final class ByteQueue {

    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition items = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long bytes;
    private boolean finished;
    private boolean closed;

    ByteQueue(long capacity) {
        this.capacity = capacity;
    }

    /**
     * Queues {@code data}, waiting while it would not fit, for at most {@code timeoutNanos}.
     *
     * @return false if the queue is closed or finished (the data is dropped)
     * @throws QueueStalledException if no room came within the time
     * @throws InterruptedException if interrupted while waiting
     */
    boolean put(byte[] data, long timeoutNanos) throws InterruptedException, QueueStalledException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (!closed && !finished && bytes > 0 && bytes + data.length > capacity) {
                if (left <= 0) {
                    throw new QueueStalledException(bytes);
                }
                left = room.awaitNanos(left);
            }
            if (closed || finished) {
                return false;
            }
            queue.add(data);
            bytes += data.length;
            items.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next array, waiting for one; null once the queue is finished and empty, or closed.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    byte[] take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !finished && !closed) {
                items.await();
            }
            if (closed) {
                return null;
            }
            byte[] data = queue.poll();
            if (data != null) {
                bytes -= data.length;
                room.signalAll();
            }
            return data;
        } finally {
            lock.unlock();
        }
    }

    /** No more arrays come: {@link #take} returns what is queued, then null. */
    void finish() {
        lock.lock();
        try {
            finished = true;
            items.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and wakes every waiting thread; later puts drop their data. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            bytes = 0;
            items.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The bytes queued now. */
    long queuedBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** No room came in time: the taking side took nothing for that long. */
    static final class QueueStalledException extends Exception {
        QueueStalledException(long queued) {
            super(queued + " bytes wait and the TCP side took none of them in time");
        }
    }
}
