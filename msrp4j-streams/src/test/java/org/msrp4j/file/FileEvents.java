package org.msrp4j.file;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.msrp4j.sdp.MsrpMedia;

/** Records a file transfer stream's events in order; an optional hook sees each progress call. */
final class FileEvents implements FileTransferListener {

    record Started(FileInfo info, long offset) {
    }

    record Completed(TransferResult result) {
    }

    record Failed(int code, String reason) {
    }

    record Cancelled(boolean byPeer) {
    }

    record DidFail(Exception reason) {
    }

    static final Object DID_INITIALIZE = "didInitialize";
    static final Object DID_START = "didStart";
    static final Object WILL_END = "willEnd";
    static final Object DID_END = "didEnd";

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<Object> all = new CopyOnWriteArrayList<>();
    private final List<TransferProgress> progress = new CopyOnWriteArrayList<>();
    volatile Consumer<TransferProgress> onProgress = p -> { };

    private void add(Object e) {
        all.add(e);
        queue.add(e);
    }

    @Override
    public void didInitialize(MsrpMedia localMedia) {
        add(DID_INITIALIZE);
    }

    @Override
    public void didStart() {
        add(DID_START);
    }

    @Override
    public void willEnd() {
        add(WILL_END);
    }

    @Override
    public void didEnd() {
        add(DID_END);
    }

    @Override
    public void didFail(Exception reason) {
        add(new DidFail(reason));
    }

    @Override
    public void transferStarted(FileInfo info, long offset) {
        add(new Started(info, offset));
    }

    @Override
    public void progress(TransferProgress p) {
        progress.add(p);
        onProgress.accept(p);
    }

    @Override
    public void completed(TransferResult result) {
        add(new Completed(result));
    }

    @Override
    public void failed(int code, String reason) {
        add(new Failed(code, reason));
    }

    @Override
    public void cancelled(boolean byPeer) {
        add(new Cancelled(byPeer));
    }

    /** The next event of {@code type}, skipping others; fails after {@code wait}. */
    <T> T await(Class<T> type, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Object e = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + wait + "; events: " + all);
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    /** Every event so far, in order (progress calls left out). */
    List<Object> all() {
        return new ArrayList<>(all);
    }

    /** The progress calls so far. */
    List<TransferProgress> progress() {
        return new ArrayList<>(progress);
    }
}
