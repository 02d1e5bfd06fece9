package org.msrp4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.sdp.MsrpMediaTest.assertReason;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/** Offer/answer: building both sides, who connects, types, TLS, CEMA, fingerprints, direction. */
class OfferAnswerTest {

    private static final List<MsrpUri> ALICE = List.of(MsrpUri.parse("msrp://127.0.0.1:7777/alice;tcp"));
    private static final List<MsrpUri> BOB = List.of(MsrpUri.parse("msrp://127.0.0.1:8888/bob;tcp"));
    private static final List<MsrpUri> BOB_RELAYED = List.of(MsrpUri.parse("msrp://127.0.0.1:2865/r1;tcp"),
            MsrpUri.parse("msrp://10.1.1.1:2855/bob;tcp"));
    private static final MediaSettings DEFAULT = MediaSettings.builder().build();

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

        assertThat(OfferAnswer.answererActive(received, DEFAULT)).isFalse();
        MsrpMedia answer = OfferAnswer.answer(received, BOB, DEFAULT);
        assertThat(answer.setup()).contains(Setup.PASSIVE);
        assertThat(answer.acceptTypes()).containsExactly("*");
        Negotiation atAlice = OfferAnswer.negotiate(offer, MsrpMedia.parse(answer.encode()), Role.OFFERER);
        Negotiation atBob = OfferAnswer.negotiate(answer, received, Role.ANSWERER);
        assertThat(atAlice.localActive()).isTrue();
        assertThat(atBob.localActive()).isFalse();
        assertThat(atAlice.remotePath()).isEqualTo(BOB);
        assertThat(atAlice.connectTo()).isEqualTo(BOB.get(0));
        assertThat(atBob.remotePath()).isEqualTo(ALICE);
        assertThat(atBob.remoteAccepts("message/cpim")).isTrue();
        assertThat(atBob.remoteAccepts("image/png")).isFalse();
        assertThat(atBob.localAcceptTypes()).containsExactly("*");
        assertThat(atAlice.useSessmatch()).isFalse();
        assertThat(atAlice.fingerprintsToPin()).isEmpty();
        assertThat(atAlice.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(atAlice.local()).isSameAs(offer);
    }

    /** RFC 4975 §8.5 default, RFC 4145 pairs, RFC 6135 §4.2.1 (holdconn is ignored). */
    @ParameterizedTest
    @CsvSource({
        "-, -, offerer", "-, passive, offerer", "-, active, conflict", "-, actpass, conflict",
        "active, -, offerer", "active, passive, offerer", "active, active, conflict", "active, actpass, conflict",
        "passive, active, answerer", "passive, -, conflict", "passive, passive, conflict",
        "actpass, active, answerer", "actpass, passive, offerer", "actpass, -, offerer",
        "actpass, actpass, conflict", "holdconn, -, offerer", "holdconn, active, conflict",
        "actpass, holdconn, offerer"})
    void whoConnects(String offerSetup, String answerSetup, String expected) throws SdpException {
        MsrpMedia offer = media(ALICE, offerSetup);
        MsrpMedia answer = media(BOB, answerSetup);
        if (expected.equals("conflict")) {
            assertReason(() -> OfferAnswer.negotiate(offer, answer, Role.OFFERER), SdpException.Reason.SETUP_CONFLICT);
            assertReason(() -> OfferAnswer.negotiate(answer, offer, Role.ANSWERER),
                    SdpException.Reason.SETUP_CONFLICT);
            return;
        }
        boolean offererActive = expected.equals("offerer");
        assertThat(OfferAnswer.negotiate(offer, answer, Role.OFFERER).localActive()).isEqualTo(offererActive);
        assertThat(OfferAnswer.negotiate(answer, offer, Role.ANSWERER).localActive()).isEqualTo(!offererActive);
    }

    @ParameterizedTest
    @CsvSource({"-, -, passive", "active, -, passive", "holdconn, -, passive", "passive, -, active",
        "actpass, -, passive", "actpass, passive, passive", "actpass, active, active", "active, active, passive"})
    void answerSetupFollowsTheOffer(String offerSetup, String preference, String expected) throws SdpException {
        MediaSettings settings = preference.equals("-") ? DEFAULT
                : MediaSettings.builder().setup(Setup.valueOf(preference.toUpperCase())).build();
        MsrpMedia offer = media(ALICE, offerSetup);
        assertThat(OfferAnswer.answerSetup(offer, settings).token()).isEqualTo(expected);
        assertThat(OfferAnswer.answererActive(offer, settings)).isEqualTo(expected.equals("active"));
        MsrpMedia answer = OfferAnswer.answer(offer, BOB, settings);
        assertThat(answer.setup().orElseThrow().token()).isEqualTo(expected);
        assertThat(OfferAnswer.negotiate(answer, offer, Role.ANSWERER).localActive())
                .isEqualTo(expected.equals("active"));
    }

    @Test
    void offerMustNotBePassiveNorHoldconn() {
        assertThatThrownBy(() -> OfferAnswer.offer(ALICE, MediaSettings.builder().setup(Setup.PASSIVE).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaSettings.builder().setup(Setup.HOLDCONN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OfferAnswer.offer(List.of(), DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void actpassOfferWhenTheOffererCanAlsoListen() throws SdpException {
        MsrpMedia offer = OfferAnswer.offer(ALICE, MediaSettings.builder().setup(Setup.ACTPASS).build());
        assertThat(offer.setup()).contains(Setup.ACTPASS);
        MsrpMedia answer = OfferAnswer.answer(offer, BOB, MediaSettings.builder().setup(Setup.ACTIVE).build());
        assertThat(OfferAnswer.negotiate(offer, answer, Role.OFFERER).localActive()).isFalse();
    }

    @Test
    void connectionAndPortComeFromTheEndpointUri() {
        MsrpMedia offer = OfferAnswer.offer(BOB_RELAYED, DEFAULT);
        assertThat(offer.port()).as("RFC 4975 §8.1: the endpoint's port").isEqualTo(2855);
        assertThat(offer.connection()).contains(ConnectionData.of("10.1.1.1"));
        assertThat(offer.path()).isEqualTo(BOB_RELAYED);
    }

    @Test
    void tlsPathGivesTlsProtocolAndFingerprints() throws SdpException {
        Fingerprint sha1 = Fingerprint.parse("SHA-1 " + "11:".repeat(19) + "11");
        Fingerprint sha256 = Fingerprint.parse("SHA-256 " + "22:".repeat(31) + "22");
        Fingerprint sha256b = Fingerprint.parse("SHA-256 " + "33:".repeat(31) + "33");
        MediaSettings tls = MediaSettings.builder().fingerprints(List.of(sha1, sha256, sha256b)).build();
        List<MsrpUri> alice = List.of(MsrpUri.parse("msrps://127.0.0.1:7777/alice;tcp"));
        MsrpMedia offer = OfferAnswer.offer(alice, tls);
        assertThat(offer.protocol()).isEqualTo(MsrpProtocol.TCP_TLS_MSRP);
        assertThat(offer.fingerprints()).containsExactly(sha1, sha256, sha256b);
        assertThat(OfferAnswer.offer(ALICE, tls).fingerprints()).as("no fingerprints without TLS").isEmpty();

        MsrpMedia answer = OfferAnswer.answer(offer, BOB, DEFAULT);
        assertThat(answer.protocol()).as("each side's own protocol (RFC 4976 §11)").isEqualTo(MsrpProtocol.TCP_MSRP);
        Negotiation atBob = OfferAnswer.negotiate(answer, offer, Role.ANSWERER);
        assertThat(atBob.fingerprintsToPin()).as("RFC 8122 §5: the strongest function").containsExactly(sha256,
                sha256b);
        assertThat(atBob.protocol()).isEqualTo(MsrpProtocol.TCP_TLS_MSRP);
        assertThat(OfferAnswer.negotiate(offer, answer, Role.OFFERER).fingerprintsToPin()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TCP/TLS/MSRP | msrp://h:1/s;tcp",
        "TCP/MSRP | msrps://h:1/s;tcp",
        "TCP/MSRP | msrp://relay:1;tcp msrps://h:1/s;tcp",
        "TCP/TLS/MSRP | msrp://relay:1;tcp msrps://h:1/s;tcp"})
    void protocolAndPathMustAgreeOnTls(String protocol, String path) throws SdpException {
        MsrpMedia remote = MsrpMedia.parse("m=message 1 " + protocol + " *\r\na=accept-types:*\r\na=path:" + path
                + "\r\n");
        assertReason(() -> OfferAnswer.answer(remote, BOB, DEFAULT), SdpException.Reason.TLS_MISMATCH);
        assertReason(() -> OfferAnswer.negotiate(OfferAnswer.offer(BOB, DEFAULT), remote, Role.OFFERER),
                SdpException.Reason.TLS_MISMATCH);
    }

    @Test
    void aPlainEndpointBehindATlsRelayIsFine() throws SdpException {
        MsrpMedia remote = MsrpMedia.parse("m=message 1 TCP/MSRP *\r\na=accept-types:*\r\n"
                + "a=path:msrps://relay:2856;tcp msrp://h:1/s;tcp\r\n");
        assertThat(OfferAnswer.answer(remote, BOB, DEFAULT)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text/plain | image/png | false", "text/plain | * | true", "* | image/png | true",
        "text/* | TEXT/HTML | true", "text/plain;charset=utf-8 | text/plain | true", "image/* | text/* | false",
        "message/cpim text/plain | application/im-iscomposing+xml message/CPIM | true"})
    void commonTypes(String local, String remote, boolean common) throws SdpException {
        MsrpMedia offer = MsrpMedia.parse("m=message 7777 TCP/MSRP *\r\na=accept-types:" + remote
                + "\r\na=path:msrp://127.0.0.1:7777/alice;tcp\r\n");
        MediaSettings settings = MediaSettings.builder().acceptTypes(List.of(local.split(" "))).build();
        if (common) {
            assertThat(OfferAnswer.answer(offer, BOB, settings).acceptTypes()).containsExactly(local.split(" "));
        } else {
            assertReason(() -> OfferAnswer.answer(offer, BOB, settings), SdpException.Reason.NO_COMMON_TYPE);
        }
    }

    @Test
    void unusableRemoteDescriptions() throws SdpException {
        MsrpMedia local = OfferAnswer.offer(ALICE, DEFAULT);
        assertReason(() -> OfferAnswer.negotiate(local, MsrpMedia.parse("m=message 0 TCP/MSRP *\r\n"
                + "a=accept-types:*\r\na=path:msrp://h:1/s;tcp\r\n"), Role.OFFERER), SdpException.Reason.REJECTED);
        assertReason(() -> OfferAnswer.negotiate(local, MsrpMedia.parse("m=message 1 TCP/MSRP *\r\n"
                + "a=accept-types:*\r\n"), Role.OFFERER), SdpException.Reason.NO_PATH);
        assertReason(() -> OfferAnswer.negotiate(local, MsrpMedia.parse("m=message 1 TCP/MSRP *\r\n"
                + "a=accept-types:*\r\na=path:\r\n"), Role.OFFERER), SdpException.Reason.NO_PATH);
        assertReason(() -> OfferAnswer.negotiate(local, MsrpMedia.parse("m=message 1 TCP/MSRP *\r\n"
                + "a=path:msrp://h:1/s;tcp\r\n"), Role.OFFERER), SdpException.Reason.NO_COMMON_TYPE);
        assertReason(() -> OfferAnswer.answer(MsrpMedia.parse("m=message 1 TCP/MSRP *\r\na=accept-types:*\r\n"),
                BOB, DEFAULT), SdpException.Reason.NO_PATH);
    }

    @ParameterizedTest
    @CsvSource({"-, -, -", "sendonly, -, recvonly", "recvonly, -, sendonly", "inactive, -, inactive",
        "sendrecv, -, sendrecv", "-, sendonly, sendonly", "sendonly, sendonly, inactive",
        "recvonly, recvonly, inactive", "sendrecv, recvonly, recvonly"})
    void answerDirection(String offered, String wanted, String expected) throws SdpException {
        MsrpMedia offer = OfferAnswer.offer(ALICE, MediaSettings.builder()
                .direction(offered.equals("-") ? null : Direction.valueOf(offered.toUpperCase())).build());
        MediaSettings settings = MediaSettings.builder()
                .direction(wanted.equals("-") ? null : Direction.valueOf(wanted.toUpperCase())).build();
        MsrpMedia answer = OfferAnswer.answer(offer, BOB, settings);
        assertThat(answer.directionAttribute().map(Direction::token).orElse("-")).isEqualTo(expected);
        Negotiation atAlice = OfferAnswer.negotiate(offer, answer, Role.OFFERER);
        Negotiation atBob = OfferAnswer.negotiate(answer, offer, Role.ANSWERER);
        assertThat(atAlice.direction()).isEqualTo(atBob.direction().reverse());
        assertThat(atBob.direction()).isEqualTo(answer.direction());
    }

    @Test
    void cemaOnBothSidesMeansSessmatchAndConnectingToTheCmAddress() throws SdpException {
        MediaSettings cema = MediaSettings.builder().cema(true).build();
        MsrpMedia offer = OfferAnswer.offer(ALICE, cema);
        assertThat(offer.msrpCema()).isTrue();
        MsrpMedia anchored = offer.toBuilder().connection(ConnectionData.of("192.0.2.50")).port(40000).build();
        MsrpMedia answer = OfferAnswer.answer(anchored, BOB, cema);
        assertThat(answer.msrpCema()).isTrue();
        Negotiation atBob = OfferAnswer.negotiate(answer, anchored, Role.ANSWERER);
        assertThat(atBob.cema()).isTrue();
        assertThat(atBob.useSessmatch()).isTrue();
        assertThat(atBob.middleboxDetected()).isTrue();
        assertThat(atBob.connectTo()).isEqualTo(MsrpUri.parse("msrp://192.0.2.50:40000/alice;tcp"));
        assertThat(atBob.remotePath()).isEqualTo(ALICE);

        Negotiation plain = OfferAnswer.negotiate(OfferAnswer.answer(anchored, BOB, DEFAULT), anchored,
                Role.ANSWERER);
        assertThat(plain.cema()).as("only one side supports CEMA").isFalse();
        assertThat(plain.connectTo()).isEqualTo(ALICE.get(0));
        assertThat(plain.middleboxDetected()).isTrue();
    }

    @Test
    void cemaAnswererRejectsAnOfferAMiddleboxChangedWithoutCema() throws SdpException {
        MsrpMedia offer = OfferAnswer.offer(ALICE, DEFAULT).toBuilder().connection(ConnectionData.of("192.0.2.50"))
                .build();
        assertReason(() -> OfferAnswer.answer(offer, BOB, MediaSettings.builder().cema(true).build()),
                SdpException.Reason.MIDDLEBOX_WITHOUT_CEMA);
        assertThat(OfferAnswer.answer(offer, BOB, DEFAULT).msrpCema()).isFalse();
        MsrpMedia untouched = OfferAnswer.offer(ALICE, DEFAULT);
        assertThat(OfferAnswer.answer(untouched, BOB, MediaSettings.builder().cema(true).build()).msrpCema())
                .as("RFC 6714 §4.3: no a=msrp-cema when the offer has none").isFalse();
    }

    @Test
    void cemaAddressesCompareIpv6ByValue() throws SdpException {
        MsrpMedia offer = MsrpMedia.parse("m=message 2855 TCP/MSRP *\r\nc=IN IP6 0:0::0:1\r\na=accept-types:*\r\n"
                + "a=path:msrp://[::1]:2855/a;tcp\r\n");
        assertThat(OfferAnswer.answer(offer, BOB, MediaSettings.builder().cema(true).build())).isNotNull();
        assertThat(OfferAnswer.negotiate(OfferAnswer.answer(offer, BOB, DEFAULT), offer, Role.ANSWERER)
                .middleboxDetected()).isFalse();
    }

    @Test
    void cemaWithARelayUsesTheRelayAddressAndActpass() throws SdpException {
        MediaSettings cema = MediaSettings.builder().cema(true).build();
        MsrpMedia offer = OfferAnswer.offer(BOB_RELAYED, cema);
        assertThat(offer.setup()).as("RFC 6714 §4.2 item 3").contains(Setup.ACTPASS);
        assertThat(offer.port()).isEqualTo(2865);
        assertThat(offer.connection()).contains(ConnectionData.of("127.0.0.1"));

        MsrpMedia actpass = OfferAnswer.offer(ALICE, cema.toBuilder().setup(Setup.ACTPASS).build());
        MsrpMedia answer = OfferAnswer.answer(actpass, BOB_RELAYED, cema);
        assertThat(answer.msrpCema()).isTrue();
        assertThat(answer.setup()).as("RFC 6714 §4.3 item 3: passive behind a relay").contains(Setup.PASSIVE);
        assertThat(answer.port()).isEqualTo(2865);
        assertThat(answer.connection()).contains(ConnectionData.of("127.0.0.1"));
        MsrpMedia active = OfferAnswer.answer(actpass, BOB_RELAYED, cema.toBuilder().setup(Setup.ACTIVE).build());
        assertThat(active.setup()).as("the preference stands, as answerSetup() said").contains(Setup.ACTIVE);
        assertThat(active.msrpCema()).as("so CEMA falls back").isFalse();
        assertThat(active.port()).isEqualTo(2855);
    }

    @ParameterizedTest
    @CsvSource({"true, true, actpass", "true, false, active", "true, false, -", "false, true, passive"})
    void cemaFallBackCasesAnswerWithoutCema(boolean offerRelay, boolean answerRelay, String offerSetup)
            throws SdpException {
        MsrpMedia offer = OfferAnswer.offer(offerRelay ? BOB_RELAYED : ALICE, MediaSettings.builder().cema(true)
                .build()).toBuilder().setup(offerSetup.equals("-") ? null : Setup.valueOf(offerSetup.toUpperCase()))
                .build();
        MsrpMedia answer = OfferAnswer.answer(offer, answerRelay ? BOB_RELAYED : BOB,
                MediaSettings.builder().cema(true).build());
        assertThat(answer.msrpCema()).isFalse();
    }

    @Test
    void connectionAttributeIsIgnored() throws SdpException {
        MsrpMedia offer = OfferAnswer.offer(ALICE, DEFAULT).toBuilder()
                .connectionAttribute(ConnectionAttribute.EXISTING).build();
        MsrpMedia answer = OfferAnswer.answer(offer, BOB, DEFAULT);
        assertThat(answer.connectionAttribute()).as("RFC 6135 §4.4: not sent").isEmpty();
        assertThat(OfferAnswer.negotiate(offer, answer, Role.OFFERER).localActive()).isTrue();
    }

    @Test
    void chatroomMaxSizeWrappedTypesAndExtraAttributesTravel() throws SdpException {
        MediaSettings chat = MediaSettings.builder()
                .acceptTypes(List.of("message/cpim", "text/plain"))
                .acceptWrappedTypes(List.of("*"))
                .maxSize(1 << 20)
                .chatroom(List.of("nickname", "private-messages"))
                .addAttribute(SdpAttribute.flag("x-file-offset"))
                .build();
        MsrpMedia offer = OfferAnswer.offer(ALICE, chat);
        MsrpMedia answer = OfferAnswer.answer(offer, BOB, DEFAULT);
        Negotiation atBob = OfferAnswer.negotiate(answer, offer, Role.ANSWERER);
        assertThat(atBob.remoteChatroom()).containsExactly("nickname", "private-messages");
        assertThat(atBob.remoteMaxSize()).hasValue(1 << 20);
        assertThat(atBob.remoteAcceptsWrapped("image/gif")).isTrue();
        assertThat(atBob.remote().hasAttribute("x-file-offset")).isTrue();
        assertThat(OfferAnswer.negotiate(offer, answer, Role.OFFERER).localAcceptWrappedTypes()).containsExactly("*");
        assertThat(OfferAnswer.answer(offer, BOB, chat).media()).isEqualTo("message");
        MsrpMedia screen = OfferAnswer.offer(ALICE, MediaSettings.builder().media("application")
                .acceptTypes(List.of("application/x-rfb")).addAttribute(new SdpAttribute("rfbsetup", "active"))
                .build());
        assertThat(screen.mLine()).isEqualTo("application 7777 TCP/MSRP *");
        assertThat(OfferAnswer.answer(screen, BOB, DEFAULT).media()).isEqualTo("application");
    }

    private static MsrpMedia media(List<MsrpUri> path, String setup) throws SdpException {
        return MsrpMedia.parse("m=message " + path.get(0).port() + " TCP/MSRP *\r\na=accept-types:*\r\na=path:"
                + path.get(0) + "\r\n" + (setup.equals("-") ? "" : "a=setup:" + setup + "\r\n"));
    }
}
