package org.msrp4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.msrp4j.protocol.MsrpUri;

/**
 * Fuzzes the SDP parsers ({@link SessionDescription#parse}, {@link MsrpMedia#parse}) and the offer/answer
 * decisions on what they accept, with Jazzer.
 *
 * <p>By default ({@code mvn test}) this replays the committed inputs in
 * {@code src/test/resources/org/msrp4j/sdp/SdpParserFuzzTestInputs/parse/}; with {@code JAZZER_FUZZ=1} it
 * fuzzes for {@code maxDuration}. A crash found while fuzzing is saved in that directory: commit it with
 * the fix, and every build replays it.
 *
 * <p>Input format: the first byte chooses the entry point (even: a whole body, odd: one media
 * description); the rest, read as UTF-8, is the SDP text a peer sent.
 *
 * <p>Checked on every input:
 * <ol>
 *   <li>parsing throws nothing but {@link SdpException} (anything else fails the test);
 *   <li>what parses encodes to text that parses back to an equal value, and encodes the same again;
 *   <li>every accessor of every MSRP media description, and {@link OfferAnswer#answer} and
 *       {@link OfferAnswer#negotiate} on it, throw nothing but {@link SdpException}.
 * </ol>
 */
class SdpParserFuzzTest {

    private static final List<MsrpUri> LOCAL = List.of(MsrpUri.parse("msrp://127.0.0.1:7777/local;tcp"));
    private static final List<MsrpUri> LOCAL_RELAYED = List.of(MsrpUri.parse("msrps://127.0.0.1:2866;tcp"),
            MsrpUri.parse("msrps://127.0.0.1:7777/local;tcp"));
    private static final MediaSettings PLAIN = MediaSettings.builder().build();
    private static final MediaSettings CEMA = MediaSettings.builder().cema(true).setup(Setup.ACTIVE)
            .acceptTypes(List.of("message/cpim", "text/plain")).build();

    // No CR or LF in dictionary entries: Jazzer (0.24 to 0.26) writes them unescaped into libFuzzer's
    // dictionary file, which then fails to parse. The fuzzer learns line ends from comparisons anyway.
    @FuzzTest(maxDuration = "75s")
    @DictionaryEntries({"v=0", "o=- 1 2 IN IP4 h", "s=-", "c=IN IP4 ", "c=IN IP6 ::1", "t=0 0", "m=message ",
        "m=application ", " TCP/MSRP *", " TCP/TLS/MSRP *", "a=path:", "msrp://", "msrps://", "[::1]", ":2855/",
        ";tcp", "a=accept-types:", "a=accept-wrapped-types:", "text/plain", "message/cpim", "*", "a=max-size:",
        "a=setup:", "actpass", "active", "passive", "holdconn", "a=connection:new", "a=fingerprint:SHA-256 ",
        "a=fingerprint:SHA-1 ", "AB:", "a=msrp-cema", "a=sendonly", "a=recvonly", "a=inactive", "a=chatroom:",
        "nickname", "a=file-selector:", "name:\"", "type:image/jpeg", "size:", "hash:sha-1:", "a=file-range:",
        "1-*", "a=file-date:", "creation:\"", "modification:\"", "read:\"", "a=file-transfer-id:",
        "a=file-disposition:", "a=file-icon:cid:", "%22", "%25", "a=x-file-offset", "a=rfbsetup:"})
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String text = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        List<MsrpMedia> media = new ArrayList<>();
        try {
            if ((input[0] & 1) == 0) {
                SessionDescription sdp = SessionDescription.parse(text);
                String encoded = sdp.encode();
                SessionDescription again = parseBack(encoded);
                assertThat(again).as("re-parsed body of %s", encoded).isEqualTo(sdp);
                assertThat(again.encode()).isEqualTo(encoded);
                touch(sdp);
                media.addAll(sdp.msrpMedia());
            } else {
                MsrpMedia m = MsrpMedia.parse(text);
                String encoded = m.encode();
                MsrpMedia again = parseMediaBack(encoded);
                assertThat(again).as("re-parsed media of %s", encoded).isEqualTo(m);
                assertThat(again.encode()).isEqualTo(encoded);
                media.add(m);
            }
        } catch (SdpException expected) {
            return;
        }
        for (MsrpMedia m : media) {
            touch(m);
            decide(m);
        }
    }

    private static SessionDescription parseBack(String encoded) {
        try {
            return SessionDescription.parse(encoded);
        } catch (SdpException e) {
            throw new AssertionError("encoded body does not parse: " + encoded, e);
        }
    }

    private static MsrpMedia parseMediaBack(String encoded) {
        try {
            return MsrpMedia.parse(encoded);
        } catch (SdpException e) {
            throw new AssertionError("encoded media does not parse: " + encoded, e);
        }
    }

    private static void touch(SessionDescription sdp) {
        sdp.origin().encode();
        sdp.connection().ifPresent(ConnectionData::encode);
        sdp.attributes().forEach(SdpAttribute::encode);
        sdp.media().forEach(MediaDescription::media);
    }

    private static void touch(MsrpMedia m) {
        m.mLine();
        m.path().forEach(MsrpUri::encode);
        m.connection().ifPresent(ConnectionData::encode);
        m.acceptTypes().forEach(t -> MediaTypes.accepts(m.acceptWrappedTypes(), t));
        m.fingerprints().forEach(Object::toString);
        m.fileSelector().ifPresent(fs -> {
            fs.encode();
            fs.hashes().forEach(FileHash::digest);
        });
        m.fileDate().ifPresent(d -> {
            d.creationTime();
            d.modificationTime();
            d.readTime();
            d.encode();
        });
        m.fileRange().ifPresent(FileRange::encode);
        m.attributes().forEach(SdpAttribute::encode);
        m.direction().reverse();
        m.chatroomSupports("nickname");
    }

    private static void decide(MsrpMedia remote) {
        for (MediaSettings settings : List.of(PLAIN, CEMA)) {
            for (List<MsrpUri> path : List.of(LOCAL, LOCAL_RELAYED)) {
                try {
                    MsrpMedia answer = OfferAnswer.answer(remote, path, settings);
                    OfferAnswer.negotiate(answer, remote, Role.ANSWERER).toString();
                } catch (SdpException expected) {
                    // an unusable offer: the typed error is the right outcome
                }
                try {
                    OfferAnswer.negotiate(OfferAnswer.offer(path, settings), remote, Role.OFFERER).toString();
                } catch (SdpException expected) {
                    // an unusable answer
                }
            }
        }
    }
}
