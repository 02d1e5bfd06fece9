package org.msrp4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.sdp.MsrpMediaTest.assertReason;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/** Whole SDP bodies: session lines, other media passed through, line ends, the builder. */
class SessionDescriptionTest {

    private static final String FP = "SHA-256 " + "0F:".repeat(31) + "0F";

    private static final String BODY = "v=0\r\n"
            + "o=alice 1 2 IN IP4 192.0.2.1\r\n"
            + "s=chat and talk\r\n"
            + "i=something\r\n"
            + "c=IN IP4 192.0.2.1\r\n"
            + "b=CT:128\r\n"
            + "t=0 0\r\n"
            + "r=7d 1h 0 25h\r\n"
            + "a=fingerprint:" + FP + "\r\n"
            + "a=tool:x\r\n"
            + "m=audio 49170 RTP/AVP 0 8\r\n"
            + "c=IN IP4 192.0.2.9\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=sendrecv\r\n"
            + "m=message 2855 TCP/TLS/MSRP *\r\n"
            + "a=accept-types:text/plain\r\n"
            + "a=path:msrps://192.0.2.1:2855/ab;tcp\r\n"
            + "m=video 0 RTP/AVP 31\r\n";

    @Test
    void otherMediaAndSessionLinesPassThroughUntouched() throws SdpException {
        SessionDescription sdp = SessionDescription.parse(BODY);
        assertThat(sdp.encode()).isEqualTo(BODY);
        assertThat(sdp.media()).hasSize(3);
        assertThat(sdp.media().get(0)).isEqualTo(new OtherMedia("audio 49170 RTP/AVP 0 8",
                List.of(new SdpLine('c', "IN IP4 192.0.2.9"), new SdpLine('a', "rtpmap:0 PCMU/8000"),
                        new SdpLine('a', "sendrecv"))));
        assertThat(sdp.media().get(0).media()).isEqualTo("audio");
        assertThat(sdp.media().get(2).encode()).isEqualTo("m=video 0 RTP/AVP 31\r\n");
        assertThat(sdp.sessionName()).isEqualTo("chat and talk");
        assertThat(sdp.attributes()).extracting(SdpAttribute::name).containsExactly("fingerprint", "tool");
    }

    @Test
    void msrpMediaInheritsSessionConnectionAndFingerprint() throws SdpException {
        SessionDescription sdp = SessionDescription.parse(BODY);
        MsrpMedia m = sdp.msrpMedia("message");
        assertThat(m.connection()).contains(ConnectionData.of("192.0.2.1"));
        assertThat(m.fingerprints()).containsExactly(Fingerprint.parse(FP));
        assertThat(sdp.media().get(1)).as("media() keeps what was written")
                .isInstanceOfSatisfying(MsrpMedia.class, raw -> {
                    assertThat(raw.connection()).isEmpty();
                    assertThat(raw.fingerprints()).isEmpty();
                });
        assertThat(sdp.msrpMedia()).containsExactly(m);
        assertReason(() -> sdp.msrpMedia("application"), SdpException.Reason.NO_MSRP_MEDIA);
    }

    @Test
    void bareLineFeedsAndBlankLinesAreAcceptedAndCrLfWritten() throws SdpException {
        String lf = BODY.replace("\r\n", "\n").replace("t=0 0\n", "t=0 0\n\n");
        assertThat(SessionDescription.parse(lf).encode()).isEqualTo(BODY);
        String noFinalNewline = BODY.substring(0, BODY.length() - 2);
        assertThat(SessionDescription.parse(noFinalNewline).encode()).isEqualTo(BODY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "o=a 1 2 IN IP4 h\r\ns=-\r\n", "v=1\r\no=a 1 2 IN IP4 h\r\ns=-\r\n",
        "v=0\r\ns=-\r\n", "v=0\r\no=a 1 2 IN IP4 h\r\n", "v=0\r\no=a 1 2 IN IP4\r\ns=-\r\n",
        "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\ns=-\r\n", "v=0\r\no=a 1 2 IN IP4 h\r\no=a 1 2 IN IP4 h\r\ns=-\r\n",
        "v=0\r\nv=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\n", "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nc=IN IP4 h\r\n",
        "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\nm=audio 1 RTP/AVP 0\r\nv=0\r\n",
        "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\na=fingerprint:SHA-256 00\r\n",
        "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\nm=message 1 TCP/MSRP *\r\na=max-size:x\r\n",
        "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\nX=1\r\n", "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\na=\r\n",
        "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\ns\r\n", "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\rt=0 0\r\n"})
    void malformedBodyIsASyntaxError(String text) {
        assertReason(() -> SessionDescription.parse(text), SdpException.Reason.SYNTAX);
    }

    @Test
    void builderPutsLinesInRfcOrderAndReplacesInPlace() throws SdpException {
        MsrpMedia media = OfferAnswer.offer(List.of(MsrpUri.parse("msrp://192.0.2.1:7777/s;tcp")),
                MediaSettings.builder().build());
        SessionDescription sdp = SessionDescription.builder()
                .addAttribute(new SdpAttribute("tool", "msrp4j"))
                .connection(ConnectionData.of("192.0.2.1"))
                .origin(new Origin("-", "7", "1", "IN", "IP4", "192.0.2.1"))
                .addLine(new SdpLine('b', "AS:10"))
                .addMedia(media)
                .build();
        assertThat(sdp.encode()).isEqualTo("v=0\r\n"
                + "o=- 7 1 IN IP4 192.0.2.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.1\r\n"
                + "b=AS:10\r\n"
                + "t=0 0\r\n"
                + "a=tool:msrp4j\r\n"
                + media.encode());
        assertThat(SessionDescription.parse(sdp.encode())).isEqualTo(sdp);
        SessionDescription next = sdp.toBuilder().origin(sdp.origin().withSessionVersion("2")).sessionName("x")
                .timing("1 2").connection(null).setMedia(0, new OtherMedia("audio 0 RTP/AVP 0", List.of())).build();
        assertThat(next.encode()).isEqualTo("v=0\r\n"
                + "o=- 7 2 IN IP4 192.0.2.1\r\n"
                + "s=x\r\n"
                + "b=AS:10\r\n"
                + "t=1 2\r\n"
                + "a=tool:msrp4j\r\n"
                + "m=audio 0 RTP/AVP 0\r\n");
        assertThat(next.toBuilder().clearMedia().build().media()).isEmpty();
    }

    @Test
    void generatedOriginsDiffer() throws SdpException {
        Origin a = Origin.of("192.0.2.1");
        Origin b = Origin.of("2001:db8::1");
        assertThat(a.sessionId()).isNotEqualTo(b.sessionId()).matches("[0-9]+");
        assertThat(b.addressType()).isEqualTo("IP6");
        assertThat(Origin.parse(a.encode())).isEqualTo(a);
    }

    @Test
    void builderNeedsAnOrigin() {
        assertThatThrownBy(() -> SessionDescription.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SessionDescription.builder().addLine(new SdpLine('m', "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
