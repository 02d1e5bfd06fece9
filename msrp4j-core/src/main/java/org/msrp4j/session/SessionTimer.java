package org.msrp4j.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.KeepAliveHeader;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * The timer thread of an {@link MsrpSession}: response timeouts, overdue success REPORTs of files,
 * keep-alive, and a write the peer takes nothing of for the response timeout, which ends the
 * session. It sleeps until the next deadline; whoever moves one signals {@link SessionCore#timerWork}.
 */
final class SessionTimer {

    private final SessionCore core;

    SessionTimer(SessionCore core) {
        this.core = core;
    }

    /** The timer thread's loop, until the session ends. */
    void timerLoop() {
        while (true) {
            long stalled = TransportInternals.writeStalledNanos(core.transport);
            if (core.transactions.writeStalledTooLong(stalled)) {
                core.end(new MsrpSessionException("the peer has read nothing for "
                        + TimeUnit.NANOSECONDS.toMillis(stalled) + " ms while this side had data to send"));
                return;
            }
            List<Map.Entry<String, Transactions.Pending>> expired;
            List<FileTransfer> unreported;
            core.lock.lock();
            try {
                if (core.state == SessionCore.State.CLOSED) {
                    return;
                }
                long now = System.nanoTime();
                expired = core.transactions.expire(now);
                for (Map.Entry<String, Transactions.Pending> e : expired) {
                    if (e.getValue().file() != null) {
                        core.fileSender.slotFreed(e.getValue().file(), e.getValue().bytes());
                    }
                }
                unreported = core.fileSender.reportsOverdue(now);
                if (expired.isEmpty() && unreported.isEmpty()) {
                    long wake = Math.min(core.transactions.untilNextCheck(now, stalled),
                            core.fileSender.untilReportsDue(now));
                    if (core.state == SessionCore.State.OPEN) {
                        long due = core.transactions.keepAliveDue(now, core.lastTraffic);
                        if (due == 0) {
                            core.queue.addMessage(core.transport.newChunk().header(new KeepAliveHeader(true)).build(),
                                    this::keepAliveAnswered);
                            core.writerWork.signal();
                            continue;
                        }
                        wake = Math.min(wake, due);
                    }
                    core.timerWork.awaitNanos(wake);
                    continue;
                }
                core.callbacksRunning++;
            } catch (InterruptedException e) {
                return;
            } finally {
                core.lock.unlock();
            }
            try {
                for (Map.Entry<String, Transactions.Pending> e : expired) {
                    timedOut(e.getKey(), e.getValue());
                }
                for (FileTransfer f : unreported) {
                    core.fileSender.reportsStopped(f);
                }
            } finally {
                core.callbackDone();
            }
        }
    }

    /** Re-arms keep-alive: the timer may sleep until the answered one's deadline otherwise. */
    private void keepAliveAnswered(MsrpChunk response) {
        core.lock.lock();
        try {
            core.transactions.keepAliveAnswered();
            core.timerWork.signal();
        } finally {
            core.lock.unlock();
        }
    }

    private void timedOut(String transactionId, Transactions.Pending p) {
        if (p.keepAlive()) {
            core.end(new MsrpSessionException("keep-alive: the peer did not answer within "
                    + core.options.responseTimeout().toMillis() + " ms"));
            return;
        }
        MsrpChunk response = Transactions.localResponse(transactionId, p.failureReport(), "no response within "
                + core.options.responseTimeout().toMillis() + " ms");
        if (p.file() != null) {
            core.fileSender.answered(p.file(), p.bytes(), response);
        } else if (p.callback() != null) {
            SessionCore.answer(p.callback(), response);
        }
    }
}
