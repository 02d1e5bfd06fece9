package org.msrp4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/**
 * Every SDP example of RFC 4975, RFC 4976 and RFC 5547, and RFC 8122's fingerprint line (files in
 * {@code src/test/resources/rfc-sdp}, see its INDEX.md): each parses, encodes back to the same bytes,
 * and holds the values the RFC describes.
 */
class RfcSdpExamplesTest {

    /** Put in front of a fragment (an example without v=, o=, s=) to make a whole body. */
    private static final String HEADER = "v=0\r\no=- 0 0 IN IP4 192.0.2.1\r\ns=-\r\n";

    @ParameterizedTest
    @ValueSource(strings = {"rfc4975-s4-offer.sdp", "rfc4975-s4-answer.sdp", "rfc4975-s8.2-fig7.sdp",
        "rfc4975-s8.7-fig9.sdp", "rfc4975-s8.7-fig10.sdp", "rfc4975-s11.1-offer.sdp", "rfc4975-s11.1-answer.sdp",
        "rfc4976-s11-offer.sdp", "rfc4976-s11-answer.sdp", "rfc5547-s9.1-fig8-offer.sdp",
        "rfc5547-s9.1-fig9-answer.sdp", "rfc5547-s9.2-fig15-offer.sdp", "rfc5547-s9.2-fig16-answer.sdp",
        "rfc5547-s9.2-fig19-offer.sdp", "rfc5547-s9.2-fig20-answer.sdp", "rfc5547-s9.3-fig24-capability.sdp",
        "rfc8122-s5-fingerprint.sdp"})
    void parsesAndReEmitsTheSameBytes(String file) throws Exception {
        String text = wholeBody(file);
        SessionDescription sdp = SessionDescription.parse(text);
        assertThat(sdp.encode()).isEqualTo(text);
        assertThat(SessionDescription.parse(sdp.encode())).isEqualTo(sdp);
        for (MediaDescription m : sdp.media()) {
            assertThat(m).isInstanceOf(MsrpMedia.class);
            assertThat(MsrpMedia.parse(m.encode())).isEqualTo(m);
        }
    }

    @Test
    void rfc4975BasicSession() throws Exception {
        SessionDescription offer = SessionDescription.parse(body("rfc4975-s11.1-offer.sdp"));
        assertThat(offer.origin()).isEqualTo(new Origin("alice", "2890844557", "2890844559", "IN", "IP4",
                "alicepc.example.com"));
        assertThat(offer.sessionName()).isEqualTo(" -");
        assertThat(offer.connection()).contains(new ConnectionData("IN", "IP4", "alicepc.example.com"));
        MsrpMedia m = offer.msrpMedia("message");
        assertThat(m.port()).isEqualTo(7777);
        assertThat(m.protocol()).isEqualTo(MsrpProtocol.TCP_MSRP);
        assertThat(m.formats()).containsExactly("*");
        assertThat(m.acceptTypes()).containsExactly("text/plain");
        assertThat(m.path()).containsExactly(MsrpUri.parse("msrp://alicepc.example.com:7777/iau39soe2843z;tcp"));
        assertThat(m.connection()).as("session-level c= applies").isPresent();
        assertThat(m.setup()).isEmpty();
        assertThat(m.direction()).isEqualTo(Direction.SENDRECV);

        MsrpMedia answer = SessionDescription.parse(body("rfc4975-s11.1-answer.sdp")).msrpMedia("message");
        Negotiation atAlice = OfferAnswer.negotiate(m, answer, Role.OFFERER);
        Negotiation atBob = OfferAnswer.negotiate(answer, m, Role.ANSWERER);
        assertThat(atAlice.localActive()).as("RFC 4975 §8.5: the offerer connects").isTrue();
        assertThat(atBob.localActive()).isFalse();
        assertThat(atAlice.connectTo()).isEqualTo(MsrpUri.parse("msrp://bob.example.com:8888/9di4eae923wzd;tcp"));
        assertThat(atAlice.useSessmatch()).isFalse();
        assertThat(atAlice.middleboxDetected()).isFalse();
    }

    @Test
    void rfc4975ContentTypes() throws Exception {
        MsrpMedia a = SessionDescription.parse(body("rfc4975-s8.7-fig9.sdp")).msrpMedia("message");
        MsrpMedia b = SessionDescription.parse(body("rfc4975-s8.7-fig10.sdp")).msrpMedia("message");
        assertThat(a.acceptTypes()).containsExactly("message/cpim", "text/plain", "text/html");
        Negotiation atA = OfferAnswer.negotiate(a, b, Role.OFFERER);
        assertThat(atA.remoteAccepts("text/html")).isFalse();
        assertThat(atA.remoteAccepts("TEXT/PLAIN; charset=utf-8")).isTrue();
        assertThat(atA.remoteAcceptTypes().get(0)).isEqualTo("message/cpim");
    }

    @Test
    void rfc4976RelayAnswerWithTlsToATcpOffer() throws Exception {
        MsrpMedia offer = SessionDescription.parse(HEADER + body("rfc4976-s11-offer.sdp")).msrpMedia("message");
        MsrpMedia answer = SessionDescription.parse(HEADER + body("rfc4976-s11-answer.sdp")).msrpMedia("message");
        assertThat(offer.acceptTypes()).as("a space after the colon").containsExactly("message/cpim", "text/plain",
                "text/html");
        assertThat(answer.protocol()).isEqualTo(MsrpProtocol.TCP_TLS_MSRP);
        assertThat(answer.path()).containsExactly(MsrpUri.parse("msrps://relay.example.com:9000/hjdhfha;tcp"),
                MsrpUri.parse("msrps://bob.example.com:1234/fuige;tcp"));
        Negotiation atAlice = OfferAnswer.negotiate(offer, answer, Role.OFFERER);
        assertThat(atAlice.localActive()).isTrue();
        assertThat(atAlice.connectTo()).isEqualTo(MsrpUri.parse("msrps://relay.example.com:9000/hjdhfha;tcp"));
        assertThat(atAlice.protocol()).isEqualTo(MsrpProtocol.TCP_TLS_MSRP);
        assertThat(atAlice.remoteAccepts("text/html")).isFalse();
        assertThat(atAlice.middleboxDetected()).as("c=/m= match the endpoint URI").isFalse();
    }

    @Test
    void rfc5547PushOffer() throws Exception {
        SessionDescription sdp = SessionDescription.parse(body("rfc5547-s9.1-fig8-offer.sdp"));
        assertThat(sdp.sessionName()).isEmpty();
        MsrpMedia m = sdp.msrpMedia("message");
        assertThat(m.lines().get(0)).isEqualTo(new SdpLine('i', "This is my latest picture"));
        assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(m.acceptWrappedTypes()).containsExactly("*");
        FileSelector fs = m.fileSelector().orElseThrow();
        assertThat(fs.name()).contains("My cool picture.jpg");
        assertThat(fs.type()).contains("image/jpeg");
        assertThat(fs.size()).isEqualTo(OptionalLong.of(4092));
        assertThat(fs.hash("SHA-1").orElseThrow().digest())
                .isEqualTo(HexFormat.of().parseHex("72245FE8653DDAF371362F86D471913EE4A2CE2E"));
        assertThat(m.fileTransferId()).contains("Q6LMoGymJdh0IKIgD6wD0jkcfgva4xvE");
        assertThat(m.fileDisposition()).contains("render");
        FileDate date = m.fileDate().orElseThrow();
        assertThat(date.creation()).isEqualTo("Mon, 15 May 2006 15:01:31 +0300");
        assertThat(date.creationTime().orElseThrow().toEpochSecond()).isEqualTo(1147694491L);
        assertThat(date.modification()).isNull();
        assertThat(m.fileIcon()).contains("cid:id2@alicepc.example.com");

        MsrpMedia answer = SessionDescription.parse(body("rfc5547-s9.1-fig9-answer.sdp")).msrpMedia("message");
        assertThat(answer.fileSelector()).contains(fs);
        Negotiation atAlice = OfferAnswer.negotiate(m, answer, Role.OFFERER);
        assertThat(atAlice.canSend()).isTrue();
        assertThat(atAlice.canReceive()).isFalse();
        assertThat(atAlice.localActive()).isTrue();
    }

    @Test
    void rfc5547PullOfferByHash() throws Exception {
        MsrpMedia offer = SessionDescription.parse(body("rfc5547-s9.2-fig15-offer.sdp")).msrpMedia("message");
        FileSelector fs = offer.fileSelector().orElseThrow();
        assertThat(fs.name()).isEmpty();
        assertThat(fs.type()).isEmpty();
        assertThat(fs.size()).isEmpty();
        assertThat(fs.hashes()).hasSize(1);
        MsrpMedia answer = SessionDescription.parse(body("rfc5547-s9.2-fig16-answer.sdp")).msrpMedia("message");
        Negotiation atBob = OfferAnswer.negotiate(answer, offer, Role.ANSWERER);
        assertThat(atBob.canSend()).isTrue();
        assertThat(atBob.canReceive()).isFalse();
        assertThat(atBob.localActive()).as("Alice opens the connection (F4)").isFalse();
    }

    @Test
    void rfc5547CapabilityIndication() throws Exception {
        MsrpMedia m = SessionDescription.parse(body("rfc5547-s9.3-fig24-capability.sdp")).msrpMedia("message");
        assertThat(m.port()).isZero();
        assertThat(m.maxSize()).isEqualTo(OptionalLong.of(20000));
        assertThat(m.hasAttribute("file-selector")).isTrue();
        assertThat(m.fileSelector().orElseThrow()).isEqualTo(FileSelector.builder().build());
        assertThat(m.path()).isEmpty();
    }

    @Test
    void rfc8122Fingerprint() throws Exception {
        SessionDescription sdp = SessionDescription.parse(HEADER + body("rfc8122-s5-fingerprint.sdp"));
        assertThat(sdp.attributes()).containsExactly(new SdpAttribute("fingerprint",
                "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"));
        MsrpMedia media = MsrpMedia.parse("m=message 2855 TCP/TLS/MSRP *\r\n" + body("rfc8122-s5-fingerprint.sdp"));
        assertThat(media.fingerprints()).containsExactly(Fingerprint.of("SHA-1",
                HexFormat.of().parseHex("4AADB9B13F82183B540212DF3E5D496B19E57CAB")));
    }

    /** The file's text as it is. */
    private static String body(String file) throws IOException {
        try (InputStream in = RfcSdpExamplesTest.class.getResourceAsStream("/rfc-sdp/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The file as a whole body: a fragment gets {@link #HEADER} in front. */
    private static String wholeBody(String file) throws IOException {
        String text = body(file);
        return text.startsWith("v=") ? text : HEADER + text;
    }
}
