package org.msrp4j.screen.examples;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.msrp4j.screen.EndReason;
import org.msrp4j.screen.RfbRole;
import org.msrp4j.screen.ScreenListener;
import org.msrp4j.screen.ScreenSettings;
import org.msrp4j.screen.ScreenSharingStream;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;

/** The README's sharing side: offers the screen of a local VNC server (sipsimple's mode='server'). */
final class ShareScreen {

    private ShareScreen() {
    }

    static EndReason run(Signalling sip, InetSocketAddress vncServer) throws Exception {
        CompletableFuture<EndReason> ended = new CompletableFuture<>();
        ScreenSharingStream share = new ScreenSharingStream(Role.OFFERER, RfbRole.SERVER,
                ScreenSettings.builder().vncServer(vncServer).build(), new ScreenListener() {
                    @Override
                    public void didConnect(InetSocketAddress vnc) {
                        System.out.println("sharing the screen of " + vnc);
                    }

                    @Override
                    public void didFail(Exception reason) {
                        System.out.println("screen sharing failed: " + reason.getMessage());
                    }

                    @Override
                    public void didEnd(EndReason reason) {
                        ended.complete(reason);
                    }
                });
        MsrpMedia offer = share.initialize();              // m=application ... a=rfbsetup:passive
        String answer = sip.invite(offer.encode());
        share.start(MsrpMedia.parse(answer));              // connects and binds, then reaches the VNC server
        return ended.get();                                // until either side closes, or share.end()
    }
}
