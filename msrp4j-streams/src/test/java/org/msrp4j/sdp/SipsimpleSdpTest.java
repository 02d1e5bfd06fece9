package org.msrp4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpUri;

/**
 * Bodies in the shape AG Projects' sipsimple writes them (chat, file transfer with its
 * {@code a=x-file-offset}, screen sharing with {@code m=application} and {@code a=rfbsetup}), written for
 * this test from that implementation's documented behaviour, answered and decided on.
 */
class SipsimpleSdpTest {

    private static final List<MsrpUri> LOCAL = List.of(MsrpUri.parse("msrps://192.0.2.20:2855/local;tcp"));

    private static final String CHAT = "v=0\r\n"
            + "o=- 3792478919 3792478919 IN IP4 192.0.2.10\r\n"
            + "s=SIPSIMPLE\r\n"
            + "c=IN IP4 192.0.2.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 50000 RTP/AVP 0 101\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "m=message 2855 TCP/TLS/MSRP *\r\n"
            + "a=path:msrps://192.0.2.10:2855/bd65c5da2e4a31f2a1ad;tcp\r\n"
            + "a=accept-types:message/cpim text/* image/* application/im-iscomposing+xml\r\n"
            + "a=accept-wrapped-types:*\r\n"
            + "a=setup:active\r\n"
            + "a=chatroom:nickname private-messages com.ag-projects.screen-sharing\r\n";

    @Test
    void chatOfferIsAnsweredPassiveWithCpimAndPrivateMessages() throws SdpException {
        SessionDescription offer = SessionDescription.parse(CHAT);
        assertThat(offer.encode()).isEqualTo(CHAT);
        MsrpMedia remote = offer.msrpMedia("message");
        MediaSettings chat = MediaSettings.builder()
                .acceptTypes(List.of("message/cpim", "text/plain", "application/im-iscomposing+xml"))
                .acceptWrappedTypes(List.of("text/plain", "message/imdn+xml"))
                .build();
        MsrpMedia answer = OfferAnswer.answer(remote, LOCAL, chat);
        Negotiation n = OfferAnswer.negotiate(answer, remote, Role.ANSWERER);
        assertThat(n.localActive()).isFalse();
        assertThat(n.remoteAccepts("message/cpim")).isTrue();
        assertThat(n.remoteAccepts("text/plain")).as("text/*").isTrue();
        assertThat(n.remoteAcceptsWrapped("text/html")).isTrue();
        assertThat(n.remote().chatroomSupports("private-messages")).isTrue();
        assertThat(n.fingerprintsToPin()).isEmpty();
        assertThat(answer.encode()).isEqualTo("m=message 2855 TCP/TLS/MSRP *\r\n"
                + "c=IN IP4 192.0.2.20\r\n"
                + "a=accept-types:message/cpim text/plain application/im-iscomposing+xml\r\n"
                + "a=accept-wrapped-types:text/plain message/imdn+xml\r\n"
                + "a=path:msrps://192.0.2.20:2855/local;tcp\r\n"
                + "a=setup:passive\r\n");
        SessionDescription body = offer.toBuilder().origin(Origin.of("192.0.2.20")).setMedia(1, answer).build();
        assertThat(body.media().get(0)).as("the audio stream untouched").isEqualTo(offer.media().get(0));
    }

    @Test
    void fileTransferOfferWithFileOffset() throws SdpException {
        MsrpMedia remote = MsrpMedia.parse("m=message 2855 TCP/TLS/MSRP *\r\n"
                + "c=IN IP4 192.0.2.10\r\n"
                + "a=path:msrps://192.0.2.10:2855/7b0a4e3f;tcp\r\n"
                + "a=sendonly\r\n"
                + "a=accept-types:*\r\n"
                + "a=setup:active\r\n"
                + "a=file-selector:name:\"holiday photo.jpg\" type:image/jpeg size:123456 "
                + "hash:sha-1:1B:89:6C:25:91:1E:25:EB:3B:79:3C:FC:6E:8D:B6:5C:84:C7:8B:EF\r\n"
                + "a=x-file-offset\r\n");
        FileSelector fs = remote.fileSelector().orElseThrow();
        assertThat(fs.name()).contains("holiday photo.jpg");
        assertThat(fs.hash("sha-1").orElseThrow().digest())
                .isEqualTo(HexFormat.of().parseHex("1B896C25911E25EB3B793CFC6E8DB65C84C78BEF"));
        assertThat(remote.hasAttribute("x-file-offset")).isTrue();
        MsrpMedia answer = OfferAnswer.answer(remote, LOCAL, MediaSettings.builder()
                .addAttribute(SdpAttribute.flag("x-file-offset")).build()).toBuilder()
                .fileSelector(fs).build();
        assertThat(answer.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(answer.encode()).contains("a=recvonly\r\n", "a=x-file-offset\r\n",
                "a=file-selector:name:\"holiday photo.jpg\" type:image/jpeg size:123456 hash:sha-1:1B:89:");
        Negotiation n = OfferAnswer.negotiate(answer, remote, Role.ANSWERER);
        assertThat(n.canReceive()).isTrue();
        assertThat(n.canSend()).isFalse();
    }

    @Test
    void screenSharingOffer() throws SdpException {
        MsrpMedia remote = MsrpMedia.parse("m=application 2855 TCP/TLS/MSRP *\r\n"
                + "a=path:msrps://192.0.2.10:2855/5f1e;tcp\r\n"
                + "a=accept-types:application/x-rfb\r\n"
                + "a=setup:active\r\n"
                + "a=rfbsetup:active\r\n");
        assertThat(remote.media()).isEqualTo("application");
        assertThat(remote.attribute("rfbsetup")).contains("active");
        MsrpMedia answer = OfferAnswer.answer(remote, LOCAL, MediaSettings.builder().media("application")
                .acceptTypes(List.of("application/x-rfb")).addAttribute(new SdpAttribute("rfbsetup", "passive"))
                .build());
        assertThat(answer.mLine()).isEqualTo("application 2855 TCP/TLS/MSRP *");
        assertThat(answer.attribute("rfbsetup")).contains("passive");
        assertThat(OfferAnswer.negotiate(answer, remote, Role.ANSWERER).localActive()).isFalse();
    }

    @Test
    void offerThroughARelayPutsTheRelayFirst() throws SdpException {
        List<MsrpUri> relayed = List.of(MsrpUri.parse("msrp://127.0.0.1:2865/abcd;tcp"),
                MsrpUri.parse("msrp://127.0.0.1:40001/efgh;tcp"));
        MsrpMedia offer = OfferAnswer.offer(relayed, MediaSettings.builder().build());
        assertThat(offer.attribute("path")).contains("msrp://127.0.0.1:2865/abcd;tcp msrp://127.0.0.1:40001/efgh;tcp");
        MsrpMedia answer = OfferAnswer.answer(MsrpMedia.parse(offer.encode()),
                List.of(MsrpUri.parse("msrp://127.0.0.1:40002/ijkl;tcp")), MediaSettings.builder().build());
        Negotiation atAnswerer = OfferAnswer.negotiate(answer, offer, Role.ANSWERER);
        assertThat(atAnswerer.remotePath()).isEqualTo(relayed);
        assertThat(atAnswerer.connectTo()).isEqualTo(relayed.get(0));
    }
}
