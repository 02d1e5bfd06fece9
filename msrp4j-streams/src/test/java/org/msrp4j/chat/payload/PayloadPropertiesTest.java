package org.msrp4j.chat.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated isComposing and IMDN documents: encode then parse is the identity. */
class PayloadPropertiesTest {

    @Property(tries = 300)
    void isComposingEncodeThenParseIsIdentity(@ForAll("isComposing") IsComposing doc) throws PayloadException {
        assertThat(IsComposing.parse(doc.encode())).isEqualTo(doc);
    }

    @Property(tries = 300)
    void imdnEncodeThenParseIsIdentity(@ForAll("imdn") Imdn doc) throws PayloadException {
        assertThat(Imdn.parse(doc.encode())).isEqualTo(doc);
    }

    @Provide
    Arbitrary<IsComposing> isComposing() {
        return Combinators.combine(Arbitraries.of(IsComposing.State.class), dateTimes().injectNull(0.4),
                        trimmedTexts().injectNull(0.3), Arbitraries.longs().between(1, Long.MAX_VALUE / 1000)
                                .map(Duration::ofSeconds).injectNull(0.4))
                .as(IsComposing::new);
    }

    @Provide
    Arbitrary<Imdn> imdn() {
        Arbitrary<ImdnNotification> kinds = Arbitraries.of(ImdnNotification.class);
        return kinds.flatMap(kind -> Combinators.combine(trimmedTexts(), dateTimes(), trimmedTexts().injectNull(0.5),
                        trimmedTexts().injectNull(0.5), texts().injectNull(0.5),
                        Arbitraries.of(ImdnStatus.class).filter(s -> s.isValidFor(kind)))
                .as((id, dt, rcpt, orig, subject, status) -> new Imdn(id, dt, rcpt, orig, subject, kind, status)));
    }

    private static Arbitrary<OffsetDateTime> dateTimes() {
        return Combinators.combine(Arbitraries.longs().between(0, 4_102_444_800L),
                        Arbitraries.integers().between(0, 999_999_999), Arbitraries.integers().between(-1080, 1080))
                .as((s, n, o) -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n),
                        ZoneOffset.ofTotalSeconds(o * 60)));
    }

    /** Text XML can carry: markup characters, CR, tabs, non-BMP characters. */
    private static Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("<>&'\"\r\n\t ]]>;=x\u00e9").ofMaxLength(20),
                        Arbitraries.strings().all().ofMaxLength(20))
                .filter(PayloadPropertiesTest::xmlCanCarry);
    }

    private static Arbitrary<String> trimmedTexts() {
        return texts().filter(s -> !s.isEmpty() && s.equals(s.strip()));
    }

    private static boolean xmlCanCarry(String s) {
        try {
            SafeXml.checkText(s, "text", false);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
