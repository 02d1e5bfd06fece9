package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link MimeTypes#is} answers as comparing {@link MimeTypes#bare} would, without its strings. */
class MimeTypesTest {

    private static final String[] TYPES = {"message/cpim", "application/im-iscomposing+xml", "message/imdn+xml"};

    @Property(tries = 5000)
    void isAsBareEquals(@ForAll("contentTypes") String contentType) {
        for (String type : TYPES) {
            assertThat(MimeTypes.is(contentType, type)).as("%s is %s", contentType, type)
                    .isEqualTo(MimeTypes.bare(contentType).equals(type));
        }
    }

    @Example
    void caseParametersAndWhiteSpaceDoNotMatterButOtherLettersDo() {
        assertThat(MimeTypes.is(" Message/CPIM ;charset=x", "message/cpim")).isTrue();
        assertThat(MimeTypes.is("\tmessage/cpim", "message/cpim")).isTrue();
        assertThat(MimeTypes.is("message/cpim+xml", "message/cpim")).isFalse();
        assertThat(MimeTypes.is("message/cp\u0130m", "message/cpim")).as("dotted capital I").isFalse();
        assertThat(MimeTypes.is("message/cp\u0131m", "message/cpim")).as("dotless small i").isFalse();
        assertThat(MimeTypes.is("", "message/cpim")).isFalse();
    }

    /** Spellings of the types and near misses: case, white space, parameters, look-alike letters. */
    @Provide
    Arbitrary<String> contentTypes() {
        Arbitrary<String> base = Arbitraries.of(TYPES);
        Arbitrary<String> cased = Combinators.combine(base, Arbitraries.longs()).as((t, bits) -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                b.append((bits >> (i % 64) & 1) == 1 ? Character.toUpperCase(c) : c);
            }
            return b.toString();
        });
        Arbitrary<String> pad = Arbitraries.of("", " ", "\t", "  ", "\u0000", "\u00a0");
        Arbitrary<String> tail = Arbitraries.of("", ";charset=utf-8", " ; q=1", ";", "x", "+xml");
        Arbitrary<String> spelled = Combinators.combine(pad, cased, pad, tail).as((p, t, q, r) -> p + t + q + r);
        Arbitrary<String> lookAlike = Combinators.combine(spelled, Arbitraries.integers().between(0, 40),
                        Arbitraries.of('\u0130', '\u0131', '\u212a', '\u017f', 'I', 'K', '/', ' '))
                .as((s, at, c) -> at >= s.length() ? s : s.substring(0, at) + c + s.substring(at + 1));
        return Arbitraries.oneOf(spelled, lookAlike, Arbitraries.strings().ofMaxLength(20));
    }
}
