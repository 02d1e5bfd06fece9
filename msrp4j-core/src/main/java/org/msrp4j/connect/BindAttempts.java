package org.msrp4j.connect;

import java.io.Closeable;
import java.io.InterruptedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.transport.MsrpTransport;

/**
 * The connections an {@link AcceptorDirect} is binding at once, for one {@code complete}: which are
 * pending (to close when it ends), which one won, and the refused ones (listed up to {@link
 * AcceptorDirect#MAX_LISTED}, counted all). Thread-safe: the accepting thread and one binding thread
 * per connection share it.
 */
final class BindAttempts {

    private final ServerSocket server;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<Closeable> pending = new HashSet<>();
    private final List<String> listed = new ArrayList<>();
    private int refused;
    private MsrpTransport winner;
    private boolean closed;
    private boolean accepting = true;

    /** @param server the listener, closed when a connection wins so that the accepting thread wakes */
    BindAttempts(ServerSocket server) {
        this.server = server;
    }

    /**
     * Waits until fewer than {@link AcceptorDirect#MAX_PENDING} connections are binding, a
     * connection has won, the attempts are closed, or {@code deadline} (a {@link System#nanoTime()}) passes.
     *
     * @return the winner, or null when there is none (yet)
     */
    MsrpTransport awaitPlace(long deadline) throws InterruptedIOException {
        lock.lock();
        try {
            while (winner == null && !closed && pending.size() >= AcceptorDirect.MAX_PENDING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return winner;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a connection to bind");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes no more connections (the listener closes) and waits until those binding have bound or
     * been refused, or the attempts are closed; each ends within its bind timeout.
     *
     * @return the winner, or null when none bound
     */
    MsrpTransport awaitPending() throws InterruptedIOException {
        Sockets.closeQuietly(server);
        lock.lock();
        try {
            accepting = false;
            while (winner == null && !closed && !pending.isEmpty()) {
                changed.await();
            }
            return winner;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for connections to bind");
        } finally {
            lock.unlock();
        }
    }

    /** The connection that won, or null. */
    MsrpTransport winner() {
        lock.lock();
        try {
            return winner;
        } finally {
            lock.unlock();
        }
    }

    /** Registers an accepted connection; false (and the connection closed) when the attempts are over. */
    boolean start(Socket tcp) {
        lock.lock();
        try {
            if (!closed && accepting && winner == null) {
                pending.add(tcp);
                return true;
            }
        } finally {
            lock.unlock();
        }
        Sockets.closeQuietly(tcp);
        return false;
    }

    /** Replaces a pending socket by the transport made over it; closes the transport when the attempts are over. */
    void upgrade(Socket tcp, MsrpTransport transport) {
        lock.lock();
        try {
            if (pending.remove(tcp)) {
                pending.add(transport);
                return;
            }
        } finally {
            lock.unlock();
        }
        transport.close();
    }

    /** Makes {@code transport} the winner unless another won first or the attempts are closed. */
    boolean win(MsrpTransport transport) {
        lock.lock();
        try {
            if (winner != null || closed || !pending.remove(transport)) {
                return false;
            }
            winner = transport;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Sockets.closeQuietly(server);
        return true;
    }

    /** Records a refused attempt (its binding thread closes it next), whose pending entry was {@code connection}. */
    void refuse(Closeable connection, String why) {
        lock.lock();
        try {
            pending.remove(connection);
            refused++;
            if (listed.size() < AcceptorDirect.MAX_LISTED) {
                listed.add(why);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The refused attempts for a message, e.g. {@code "refused 12: a; b; …; and 2 more"}; empty when none. */
    String refusals() {
        lock.lock();
        try {
            if (refused == 0) {
                return "";
            }
            String more = refused > listed.size() ? "; and " + (refused - listed.size()) + " more" : "";
            return "refused " + refused + ": " + String.join("; ", listed) + more;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the attempts: every connection not bound is closed, and later ones are refused. */
    void closeUnbound() {
        List<Closeable> open;
        lock.lock();
        try {
            closed = true;
            open = List.copyOf(pending);
            pending.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        open.forEach(Sockets::closeQuietly);
    }
}
