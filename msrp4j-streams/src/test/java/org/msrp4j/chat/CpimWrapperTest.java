package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimException;
import org.msrp4j.cpim.CpimMessage;

/** The wrapper a chat message goes in is byte for byte what {@link CpimMessage}'s builder writes. */
class CpimWrapperTest {

    @Property(tries = 2000)
    void writesWhatTheBuilderWrites(@ForAll("addresses") CpimAddress local, @ForAll("addresses") CpimAddress remote,
            @ForAll("recipients") CpimAddress to, @ForAll("dateTimes") OffsetDateTime dateTime,
            @ForAll("types") String type, @ForAll("bodies") byte[] body) throws CpimException {
        CpimWrapper wrapper = new CpimWrapper(local, remote);
        byte[] expected = CpimMessage.builder().from(local).to(to == null ? remote : to).dateTime(dateTime)
                .contentType(type).body(body).build().encode();

        byte[] wrapped = wrapper.wrap(to, dateTime, type, body);

        assertThat(wrapped).isEqualTo(expected);
        CpimMessage parsed = CpimMessage.parse(wrapped);
        assertThat(parsed.from()).contains(local);
        assertThat(parsed.dateTime()).contains(dateTime);
        assertThat(parsed.body()).isEqualTo(body);
    }

    @Example
    void theSameWrapperServesChangingTypesAndRecipients() {
        CpimAddress alice = CpimAddress.of("Alice", "sip:alice@example.org");
        CpimAddress bob = CpimAddress.of("Bob", "sip:bob@example.org");
        CpimWrapper wrapper = new CpimWrapper(alice, bob);
        OffsetDateTime t = OffsetDateTime.of(2026, 12, 7, 15, 30, 0, 250_000_000, ZoneOffset.ofHours(1));
        byte[] hi = "hi".getBytes(StandardCharsets.UTF_8);

        assertThat(new String(wrapper.wrap(null, t, "text/plain", hi), StandardCharsets.UTF_8)).isEqualTo(
                "From: Alice <sip:alice@example.org>\r\nTo: Bob <sip:bob@example.org>\r\n"
                + "DateTime: 2026-12-07T15:30:00.25+01:00\r\n\r\nContent-Type: text/plain\r\n\r\nhi");
        assertThat(new String(wrapper.wrap(CpimAddress.of("sip:carol@example.org"), t, "text/html", hi),
                StandardCharsets.UTF_8)).contains("To: <sip:carol@example.org>\r\n", "Content-Type: text/html\r\n");
        assertThat(new String(wrapper.wrap(bob, t, "text/plain", hi), StandardCharsets.UTF_8))
                .contains("To: Bob <sip:bob@example.org>\r\n", "Content-Type: text/plain\r\n");
    }

    @Example
    void aTypeThatCannotBeAHeaderValueIsRefusedAsTheBuilderRefusesIt() {
        CpimWrapper wrapper = new CpimWrapper(CpimAddress.of("sip:a@example.org"), CpimAddress.of("sip:b@example.org"));
        assertThatThrownBy(() -> wrapper.wrap(null, OffsetDateTime.now(), "text/plain\r\nX-Evil: 1", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void aDateTimeOutsideRfc3339IsRefusedAsTheBuilderRefusesIt() {
        CpimAddress a = CpimAddress.of("sip:a@example.org");
        CpimAddress b = CpimAddress.of("sip:b@example.org");
        OffsetDateTime far = OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThatThrownBy(() -> CpimMessage.builder().from(a).to(b).dateTime(far).contentType("text/plain").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpimWrapper(a, b).wrap(null, far, "text/plain", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10000");
    }

    @Provide
    Arbitrary<CpimAddress> addresses() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.strings().alpha().ofMaxLength(8),
                Arbitraries.of("Alice", "Bob the Builder", "\"Q\" \\ ", "\u00c9l\u00e8ve", "\ud83d\ude00 smile",
                        "tab\there", "a  b"));
        Arbitrary<String> uris = Arbitraries.strings().withCharRange('!', '~').excludeChars('<', '>')
                .ofMinLength(1).ofMaxLength(20).map(s -> "sip:" + s);
        return Combinators.combine(names, uris).as(CpimAddress::of);
    }

    @Provide
    Arbitrary<CpimAddress> recipients() {
        return Arbitraries.oneOf(Arbitraries.just(null), addresses());
    }

    @Provide
    Arbitrary<OffsetDateTime> dateTimes() {
        return Combinators.combine(Arbitraries.longs().between(-62_167_132_800L, 253_402_214_399L),
                        Arbitraries.integers().between(0, 999_999_999), Arbitraries.integers().between(-1080, 1080))
                .as((s, n, o) -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, n),
                        ZoneOffset.ofTotalSeconds(o * 60)));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of("text/plain", "text/plain; charset=utf-8", "text/plain;charset=\"utf8\"",
                "application/im-iscomposing+xml", "text/x-\u00e9");
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }
}
