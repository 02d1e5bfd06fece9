package org.msrp4j.screen.examples;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.msrp4j.screen.EndReason;
import org.msrp4j.screen.RfbRole;
import org.msrp4j.screen.ScreenListener;
import org.msrp4j.screen.ScreenSettings;
import org.msrp4j.screen.ScreenSharingStream;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;

/** The README's viewing side: answers the offer and lets one local VNC viewer in. */
final class ViewScreen {

    private ViewScreen() {
    }

    static EndReason run(Signalling sip, Consumer<InetSocketAddress> startViewer) throws Exception {
        MsrpMedia offer = MsrpMedia.parse(sip.awaitInvite());
        CompletableFuture<EndReason> ended = new CompletableFuture<>();
        ScreenSharingStream view = new ScreenSharingStream(Role.ANSWERER, RfbRole.answering(offer),
                ScreenSettings.DEFAULT, new ScreenListener() {
                    @Override
                    public void didEnd(EndReason reason) {
                        ended.complete(reason);
                    }
                });
        sip.answer(view.initialize(offer).encode());       // a=rfbsetup:active; listens on 127.0.0.1:<free port>
        startViewer.accept(view.viewerAddress());          // e.g. vncviewer 127.0.0.1::<port>
        view.start(offer);
        return ended.get();
    }
}
