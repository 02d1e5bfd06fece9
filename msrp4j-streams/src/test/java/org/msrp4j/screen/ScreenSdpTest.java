package org.msrp4j.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Role;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.stream.StreamException;

/**
 * The screen sharing media descriptions: what each role offers and answers, sipsimple's {@code
 * a=rfbsetup} roles and default, and the offers and answers a stream refuses, with typed errors.
 */
class ScreenSdpTest {

    private static final InetSocketAddress NOWHERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    /** A viewer's offer as sipsimple writes it (its ScreenSharingStream in viewer mode). */
    private static String sipsimpleOffer(String rfbsetupLine) {
        return "m=application 2855 TCP/MSRP *\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "a=path:msrp://127.0.0.1:2855/f3kd93h;tcp\r\n"
                + "a=accept-types:application/x-rfb\r\n"
                + "a=setup:active\r\n"
                + rfbsetupLine;
    }

    private static ScreenSharingStream stream(Role role, RfbRole rfbRole, ScreenEvents events) {
        return new ScreenSharingStream(role, rfbRole, ScreenSettings.builder().vncServer(NOWHERE).build(), events);
    }

    @Test
    void theServerOffersPassiveRfbAndTheViewerAnswersActive() throws Exception {
        ScreenPair pair = new ScreenPair(RfbRole.SERVER, ScreenSettings.DEFAULT, ScreenSettings.DEFAULT);
        try {
            pair.offer = MsrpMedia.parse(pair.server.initialize().encode());
            String offer = pair.offer.encode();
            assertThat(offer).startsWith("m=application ").contains(" TCP/MSRP *\r\n")
                    .contains("a=accept-types:application/x-rfb\r\n").contains("a=rfbsetup:passive\r\n");
            String answer = pair.viewer.initialize(pair.offer).encode();
            assertThat(answer).startsWith("m=application ").contains("a=accept-types:application/x-rfb\r\n")
                    .contains("a=rfbsetup:active\r\n");
            assertThat(pair.viewer.viewerAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(pair.viewer.viewerAddress().getPort()).isPositive();
        } finally {
            pair.close();
        }
    }

    @Test
    void sipsimplesRolesAndDefault() throws Exception {
        assertThat(RfbRole.answering(MsrpMedia.parse(sipsimpleOffer("a=rfbsetup:active\r\n"))))
                .isEqualTo(RfbRole.SERVER);
        assertThat(RfbRole.answering(MsrpMedia.parse(sipsimpleOffer("a=rfbsetup:passive\r\n"))))
                .isEqualTo(RfbRole.VIEWER);
        assertThat(RfbRole.answering(MsrpMedia.parse(sipsimpleOffer("")))).as("no a=rfbsetup: sipsimple's active")
                .isEqualTo(RfbRole.SERVER);
        assertThatThrownBy(() -> RfbRole.answering(MsrpMedia.parse(sipsimpleOffer("a=rfbsetup:both\r\n"))))
                .isInstanceOf(ScreenException.class).hasMessageContaining("active or passive");
    }

    @Test
    void aServerAnswersSipsimplesViewer() throws Exception {
        ScreenEvents events = new ScreenEvents();
        ScreenSharingStream server = stream(Role.ANSWERER, RfbRole.SERVER, events);
        try {
            MsrpMedia answer = server.initialize(MsrpMedia.parse(sipsimpleOffer("")));
            assertThat(answer.attribute("rfbsetup")).hasValue("passive");
            assertThat(answer.setup()).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("PASSIVE"));
            assertThat(server.viewerAddress()).as("a server has no viewer port").isNull();
        } finally {
            server.close();
        }
    }

    @Test
    void anOfferForTheSameRoleIsRefused() throws Exception {
        ScreenEvents events = new ScreenEvents();
        ScreenSharingStream viewer = stream(Role.ANSWERER, RfbRole.VIEWER, events);
        assertThatThrownBy(() -> viewer.initialize(MsrpMedia.parse(sipsimpleOffer(""))))
                .isInstanceOf(ScreenException.class).hasMessageContaining("the peer is a viewer")
                .hasMessageContaining("a=rfbsetup:active by default");
        assertThat(events.awaitFailure()).isInstanceOf(ScreenException.class);
        assertThat(events.next(ScreenEvents.Ended.class).reason()).isEqualTo(EndReason.FAILED);
    }

    @Test
    void offersThatAreNotScreenSharingAreRefused() throws Exception {
        String chat = sipsimpleOffer("a=rfbsetup:active\r\n").replace("m=application", "m=message");
        assertThatThrownBy(() -> stream(Role.ANSWERER, RfbRole.SERVER, new ScreenEvents())
                .initialize(MsrpMedia.parse(chat)))
                .isInstanceOf(ScreenException.class).hasMessageContaining("m=application, not m=message");
        String text = sipsimpleOffer("").replace("application/x-rfb", "text/plain");
        assertThatThrownBy(() -> stream(Role.ANSWERER, RfbRole.SERVER, new ScreenEvents())
                .initialize(MsrpMedia.parse(text)))
                .isInstanceOf(StreamException.class).hasCauseInstanceOf(SdpException.class)
                .satisfies(e -> assertThat(((SdpException) e.getCause()).reason())
                        .isEqualTo(SdpException.Reason.NO_COMMON_TYPE));
    }

    @Test
    void anAnswerForTheSameRoleFailsStart() throws Exception {
        ScreenEvents events = new ScreenEvents();
        ScreenSharingStream server = stream(Role.OFFERER, RfbRole.SERVER, events);
        MsrpMedia offer = server.initialize();
        events.next(ScreenEvents.Initialized.class);
        MsrpMedia answer = MsrpMedia.parse(offer.encode().replace("a=setup:active", "a=setup:passive"));
        assertThatThrownBy(() -> server.start(answer)).isInstanceOf(ScreenException.class)
                .hasMessageContaining("the peer is a server");
        assertThat(events.awaitFailure()).isInstanceOf(ScreenException.class);
        assertThat(events.next(ScreenEvents.Ended.class).reason()).isEqualTo(EndReason.FAILED);
    }

    @Test
    void theLifeCycleIsEnforced() throws Exception {
        ScreenEvents events = new ScreenEvents();
        ScreenSharingStream server = stream(Role.OFFERER, RfbRole.SERVER, events);
        MsrpMedia offer = MsrpMedia.parse(sipsimpleOffer(""));
        assertThatThrownBy(() -> server.start(offer)).isInstanceOf(StreamException.class)
                .hasMessageContaining("not allowed now");
        assertThatThrownBy(() -> server.initialize(offer)).isInstanceOf(ScreenException.class)
                .hasMessageContaining("initialize()");
        server.initialize();
        assertThatThrownBy(server::initialize).isInstanceOf(StreamException.class).hasMessageContaining("INITIALIZED");
        server.close();
        assertThat(events.awaitEnd()).isEqualTo(EndReason.LOCAL);
        assertThat(server.end()).isDone();
    }
}
