package org.msrp4j.file.examples;

import java.nio.file.Path;
import org.msrp4j.file.FileProvider;
import org.msrp4j.file.FileTransferListener;
import org.msrp4j.file.FileTransferSettings;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.file.TransferResult;
import org.msrp4j.sdp.MsrpMedia;

/** The README's receiver: answers a file offer, storing pushed files in a directory and serving pulls from it. */
public final class BobReceivesFiles {

    private BobReceivesFiles() {
    }

    /** Answers one offer from {@code sip}; received files go to {@code downloads}. */
    static TransferResult run(Sip sip, Path downloads) throws Exception {
        FileTransferSettings settings = FileTransferSettings.builder().downloadDirectory(downloads).build();
        FileTransferStream transfer = FileTransferStream.answerer(FileProvider.directory(downloads), settings,
                new FileTransferListener() {
                    @Override
                    public void completed(TransferResult r) {
                        System.out.println("got " + r.path() + ", " + r.size() + " bytes, " + r.sha1());
                    }
                });
        MsrpMedia offer = MsrpMedia.parse(sip.incomingOffer());
        sip.ok(transfer.initialize(offer).encode());         // recvonly (a push) or sendonly (a pull)
        transfer.start(offer);                               // waits for the offerer to connect
        return transfer.result().join();                     // verified, then moved into place
    }
}
