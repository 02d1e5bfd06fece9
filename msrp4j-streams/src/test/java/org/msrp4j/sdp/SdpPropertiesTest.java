package org.msrp4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/** Generated values: writing then parsing is the identity. */
class SdpPropertiesTest {

    private static final List<String> TYPES = List.of("*", "text/plain", "text/*", "message/cpim",
            "application/im-iscomposing+xml", "image/png", "application/x-rfb", "text/plain;charset=utf-8");

    @Property(tries = 400)
    void mediaWriteThenParseIsIdentity(@ForAll("media") MsrpMedia media) throws SdpException {
        MsrpMedia parsed = MsrpMedia.parse(media.encode());
        assertThat(parsed).isEqualTo(media);
        assertThat(parsed.path()).isEqualTo(media.path());
        assertThat(parsed.fileSelector()).isEqualTo(media.fileSelector());
        assertThat(parsed.fingerprints()).isEqualTo(media.fingerprints());
        assertThat(MsrpMedia.parse(media.encode().replace("\r\n", "\n"))).as("LF line ends").isEqualTo(media);
    }

    @Property(tries = 200)
    void bodyWriteThenParseIsIdentity(@ForAll @Size(max = 4) List<@From("media") MsrpMedia> media,
            @ForAll("origins") Origin origin) throws SdpException {
        SessionDescription.Builder b = SessionDescription.builder().origin(origin)
                .connection(ConnectionData.of("192.0.2.1"));
        media.forEach(b::addMedia);
        b.addMedia(new OtherMedia("audio 49170 RTP/AVP 0", List.of(new SdpLine('a', "rtpmap:0 PCMU/8000"))));
        SessionDescription sdp = b.build();
        SessionDescription parsed = SessionDescription.parse(sdp.encode());
        assertThat(parsed).isEqualTo(sdp);
        assertThat(parsed.origin()).isEqualTo(origin);
        assertThat(parsed.encode()).isEqualTo(sdp.encode());
    }

    @Property(tries = 500)
    void fileSelectorWriteThenParseIsIdentity(@ForAll("fileSelectors") FileSelector selector) throws SdpException {
        assertThat(FileSelector.parse(selector.encode())).isEqualTo(selector);
    }

    @Property(tries = 200)
    void fileRangeAndDateWriteThenParseIsIdentity(@ForAll("ranges") FileRange range, @ForAll("dates") FileDate date)
            throws SdpException {
        assertThat(FileRange.parse(range.encode())).isEqualTo(range);
        assertThat(FileDate.parse(date.encode())).isEqualTo(date);
    }

    @Property(tries = 300)
    void bothSidesAgreeOnWhoConnects(@ForAll("setups") Setup offerSetup, @ForAll boolean answererPrefersActive)
            throws SdpException {
        MsrpMedia offer = OfferAnswer.offer(List.of(MsrpUri.parse("msrp://127.0.0.1:1/a;tcp")),
                MediaSettings.builder().setup(offerSetup).build());
        MsrpMedia answer = OfferAnswer.answer(MsrpMedia.parse(offer.encode()),
                List.of(MsrpUri.parse("msrp://127.0.0.1:2/b;tcp")),
                MediaSettings.builder().setup(answererPrefersActive ? Setup.ACTIVE : Setup.PASSIVE).build());
        boolean offerer = OfferAnswer.negotiate(offer, MsrpMedia.parse(answer.encode()), Role.OFFERER).localActive();
        boolean answerer = OfferAnswer.negotiate(answer, offer, Role.ANSWERER).localActive();
        assertThat(offerer).isNotEqualTo(answerer);
        assertThat(answerer).isEqualTo(offerSetup == Setup.ACTPASS && answererPrefersActive);
    }

    @Provide
    Arbitrary<Setup> setups() {
        return Arbitraries.of(Setup.ACTIVE, Setup.ACTPASS);
    }

    @Provide
    Arbitrary<MsrpMedia> media() {
        Arbitrary<List<MsrpUri>> paths = uris().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<String>> types = Arbitraries.of(TYPES).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Direction> directions = Arbitraries.of(Direction.class).injectNull(0.3);
        Arbitrary<Setup> setup = Arbitraries.of(Setup.class).injectNull(0.3);
        Arbitrary<List<Fingerprint>> fingerprints = fingerprints().list().ofMaxSize(3);
        Arbitrary<FileSelector> selectors = fileSelectors().injectNull(0.5);
        Arbitrary<List<SdpAttribute>> extras = extraAttributes().list().ofMaxSize(3);
        Arbitrary<Long> maxSizes = Arbitraries.longs().between(-1, Long.MAX_VALUE / 16);
        return Combinators.combine(paths, types, directions, setup, fingerprints, selectors, extras, maxSizes)
                .as((path, accept, direction, s, fps, selector, extra, maxSize) -> {
                    MsrpMedia.Builder b = MsrpMedia.builder()
                            .media(selector == null ? "message" : "application")
                            .path(path)
                            .connection(ConnectionData.of(path.get(path.size() - 1).host()))
                            .acceptTypes(accept)
                            .acceptWrappedTypes(accept.subList(0, accept.size() / 2))
                            .maxSize(maxSize)
                            .setup(s)
                            .fingerprints(fps)
                            .direction(direction)
                            .msrpCema(maxSize % 2 == 0)
                            .fileSelector(selector);
                    extra.forEach(b::addAttribute);
                    return b.build();
                });
    }

    @Provide
    Arbitrary<Origin> origins() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.longs().between(0, 1_000_000))
                .as((user, id, version) -> new Origin(user, Long.toString(id), Long.toString(version), "IN", "IP4",
                        "192.0.2.1"));
    }

    @Provide
    Arbitrary<FileSelector> fileSelectors() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange((char) 1, (char) 0xD7FF).ofMinLength(1)
                .ofMaxLength(40).injectNull(0.2);
        Arbitrary<String> types = Arbitraries.of("image/jpeg", "application/octet-stream", "text/plain;charset=utf-8")
                .injectNull(0.3);
        Arbitrary<Long> sizes = Arbitraries.longs().between(-1, 1L << 40);
        Arbitrary<List<FileHash>> hashes = Combinators.combine(Arbitraries.of("sha-1", "sha-256", "md5"),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(32))
                .as(FileHash::of).list().ofMaxSize(2);
        return Combinators.combine(names, types, sizes, hashes).as((name, type, size, hs) -> {
            FileSelector.Builder b = FileSelector.builder().name(name).type(type).size(size);
            hs.forEach(b::hash);
            return b.build();
        });
    }

    @Provide
    Arbitrary<FileRange> ranges() {
        return Combinators.combine(Arbitraries.longs().between(1, 1L << 40), Arbitraries.longs().between(-1, 1L << 30))
                .as((start, extra) -> extra < 0 ? FileRange.from(start) : new FileRange(start, start + extra));
    }

    @Provide
    Arbitrary<FileDate> dates() {
        Arbitrary<String> date = Arbitraries.of("Mon, 15 May 2006 15:01:31 +0300", "Sun, 21 May 2006 13:02:15 GMT",
                "1 Jan 2000 00:00 -0000").injectNull(0.4);
        return Combinators.combine(date, date, date).filter((c, m, r) -> c != null || m != null || r != null)
                .as(FileDate::new);
    }

    private static Arbitrary<MsrpUri> uris() {
        Arbitrary<String> hosts = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).list().ofSize(4)
                        .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3)),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10).map(s -> s + ".example"),
                Arbitraries.of("::1", "2001:db8::7"));
        Arbitrary<String> sessionIds = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)
                .injectNull(0.2);
        return Combinators.combine(Arbitraries.of(true, false), hosts, Arbitraries.integers().between(1, 65535),
                sessionIds).as((tls, host, port, id) -> MsrpUri.builder().useTls(tls).host(host).port(port)
                .sessionId(id).build());
    }

    private static Arbitrary<Fingerprint> fingerprints() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofSize(64);
        return Combinators.combine(Arbitraries.of("SHA-1", "SHA-256", "SHA-512"), bytes)
                .as((alg, b) -> Fingerprint.of(alg, Arrays.copyOf(b, switch (alg) {
                    case "SHA-1" -> 20;
                    case "SHA-256" -> 32;
                    default -> 64;
                })));
    }

    private static Arbitrary<SdpAttribute> extraAttributes() {
        Arbitrary<String> names = Arbitraries.of("x-file-offset", "rfbsetup", "tool", "x-custom", "label");
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20).injectNull(0.3);
        return Combinators.combine(names, values).as(SdpAttribute::new);
    }
}
