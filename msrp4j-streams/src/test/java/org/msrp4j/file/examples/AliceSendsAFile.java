package org.msrp4j.file.examples;

import java.nio.file.Path;
import org.msrp4j.file.FileInfo;
import org.msrp4j.file.FileTransferListener;
import org.msrp4j.file.FileTransferSettings;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.file.TransferProgress;
import org.msrp4j.file.TransferResult;
import org.msrp4j.sdp.MsrpMedia;

/** The README's sender: pushes a file (the seed's MSRPFileTransfer, outgoing) and waits for the outcome. */
public final class AliceSendsAFile {

    private AliceSendsAFile() {
    }

    /** Sends {@code file} to whoever answers through {@code sip}; returns the verified result. */
    static TransferResult run(Sip sip, Path file) throws Exception {
        FileTransferStream transfer = FileTransferStream.push(file, "image/jpeg", "render", null,
                FileTransferSettings.DEFAULT, new FileTransferListener() {
                    @Override
                    public void transferStarted(FileInfo info, long offset) {
                        System.out.println("sending " + info.name().orElse("?") + " from byte " + offset);
                    }

                    @Override
                    public void progress(TransferProgress p) {
                        System.out.printf("%.0f%% at %d B/s%n", p.fraction() * 100, p.bytesPerSecond());
                    }

                    @Override
                    public void failed(int code, String reason) {
                        System.out.println("failed: " + code + " " + reason);
                    }
                });
        MsrpMedia offer = transfer.initialize();            // hashes the file; sendonly + a=file-selector
        String answer = sip.invite(offer.encode());          // the INVITE and its 200 OK
        transfer.start(MsrpMedia.parse(answer));            // connects, binds, sends from the peer's range
        TransferResult sent = transfer.result().join();     // or FileTransferException with its code
        transfer.ended().join();                            // a sender ends once the transfer is settled
        return sent;
    }
}
