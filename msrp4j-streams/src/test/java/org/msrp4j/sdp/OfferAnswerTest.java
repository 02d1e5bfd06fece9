package org.msrp4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpUri;

class OfferAnswerTest {

    private static final List<MsrpUri> ALICE = List.of(MsrpUri.parse("msrp://127.0.0.1:7777/alice;tcp"));
    private static final List<MsrpUri> BOB = List.of(MsrpUri.parse("msrp://127.0.0.1:8888/bob;tcp"));

    @Test
    void defaultOfferAndAnswerMakeTheOffererActive() throws SdpException {
        MediaSettings settings = MediaSettings.builder().acceptTypes(List.of("message/cpim", "text/plain")).build();
        MsrpMedia offer = OfferAnswer.offer(ALICE, settings);
        assertThat(offer.encode()).isEqualTo("m=message 7777 TCP/MSRP *\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "a=accept-types:message/cpim text/plain\r\n"
                + "a=path:msrp://127.0.0.1:7777/alice;tcp\r\n"
                + "a=setup:active\r\n");
        MsrpMedia received = MsrpMedia.parse(offer.encode());
        assertThat(received).isEqualTo(offer);

        MsrpMedia answer = OfferAnswer.answer(received, BOB, MediaSettings.builder().build());
        assertThat(answer.setup()).contains(Setup.PASSIVE);
        Negotiation atAlice = OfferAnswer.negotiate(offer, MsrpMedia.parse(answer.encode()), Role.OFFERER);
        Negotiation atBob = OfferAnswer.negotiate(answer, received, Role.ANSWERER);
        assertThat(atAlice.localActive()).isTrue();
        assertThat(atBob.localActive()).isFalse();
        assertThat(atAlice.remotePath()).isEqualTo(BOB);
        assertThat(atBob.remotePath()).isEqualTo(ALICE);
        assertThat(atBob.remoteAccepts("message/cpim")).isTrue();
        assertThat(atBob.remoteAccepts("image/png")).isFalse();
        assertThat(atAlice.useSessmatch()).isFalse();
    }

    @Test
    void offerWithoutPathIsRefused() throws SdpException {
        MsrpMedia offer = MsrpMedia.parse("m=message 7777 TCP/MSRP *\r\na=accept-types:text/plain\r\n");
        assertThatThrownBy(() -> OfferAnswer.answer(offer, BOB, MediaSettings.builder().build()))
                .isInstanceOfSatisfying(SdpException.class,
                        e -> assertThat(e.reason()).isEqualTo(SdpException.Reason.NO_PATH));
    }
}
