package org.msrp4j.cpim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The header examples printed in RFC 3862 (§2.2, §2.4, §3.3 to §3.5, §4.1 to §4.6), each in a
 * minimal message: parsed into the values the RFC describes, and re-encoded byte for byte.
 */
class CpimHeaderExamplesTest {

    private static final String MIME = "\r\nContent-Type: text/plain\r\n\r\n";

    /** Parses header lines followed by a minimal MIME part, and checks the bytes re-encode unchanged. */
    private static CpimMessage headers(String... lines) throws CpimException {
        byte[] wire = (String.join("\r\n", lines) + "\r\n" + MIME).getBytes(UTF_8);
        CpimMessage m = CpimMessage.parse(wire);
        assertThat(m.encode()).isEqualTo(wire);
        return m;
    }

    @Test
    void section22() throws CpimException {
        CpimMessage m = headers("To: Pooh Bear <im:pooh@100akerwood.com>", "From: <im:piglet@100akerwood.com>",
                "DateTime: 2001-02-02T10:48:54-05:00");

        assertThat(m.to()).containsExactly(CpimAddress.of("Pooh Bear", "im:pooh@100akerwood.com"));
        assertThat(m.from()).contains(CpimAddress.of("im:piglet@100akerwood.com"));
        assertThat(m.dateTime()).contains(OffsetDateTime.of(2001, 2, 2, 10, 48, 54, 0, ZoneOffset.ofHours(-5)));
    }

    @Test
    void section24EncapsulatedContent() throws CpimException {
        byte[] wire = ("From: <im:piglet@100akerwood.com>\r\n\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-ID: <1234567890@foo.com>\r\n"
                + "\r\n"
                + "This is my encapsulated text message content").getBytes(UTF_8);
        CpimMessage m = CpimMessage.parse(wire);

        assertThat(m.contentType()).contains("text/plain; charset=utf-8");
        assertThat(m.mimeHeader("Content-ID")).contains("<1234567890@foo.com>");
        assertThat(new String(m.body(), UTF_8)).isEqualTo("This is my encapsulated text message content");
        assertThat(m.encode()).isEqualTo(wire);
    }

    @Test
    void section33LanguageTagging() throws CpimException {
        CpimMessage m = headers("Subject:;lang=fr Objet de message");

        assertThat(m.subject("fr")).contains("Objet de message");
        assertThat(m.headers().get(0).language()).isEqualTo("fr");
    }

    @Test
    void section34NamespacesWhateverThePrefix() throws CpimException {
        String uri = "http://id.acme.widgets/wily-headers/";
        List<CpimMessage> same = List.of(
                headers("NS: acme <" + uri + ">", "acme.runner-trap: set"),
                headers("NS: widget <" + uri + ">", "widget.runner-trap: set"),
                headers("NS: <" + uri + ">", "runner-trap: set"));

        for (CpimMessage m : same) {
            assertThat(m.header(uri, "runner-trap").map(CpimHeader::value)).as(m.toString()).contains("set");
        }
        CpimMessage features = headers("NS: MyFeatures <mid:MessageFeatures@id.foo.com>",
                "MyFeatures.WackyMessageOption: Use-silly-font");
        assertThat(features.header("mid:MessageFeatures@id.foo.com", "WackyMessageOption").map(CpimHeader::value))
                .contains("Use-silly-font");
        assertThat(features.header(uri, "WackyMessageOption")).isEmpty();
    }

    @Test
    void section35Require() throws CpimException {
        assertThat(headers("Require: MyFeatures.VitalMessageOption").required())
                .containsExactly("MyFeatures.VitalMessageOption");
        assertThat(headers("Require: Locale.MustRenderKanji").required()).containsExactly("Locale.MustRenderKanji");
        assertThat(headers("Require: a.B,c.D").required()).containsExactly("a.B", "c.D");
    }

    @Test
    void sections41To43Addresses() throws CpimException {
        CpimAddress pooh = CpimAddress.of("Winnie the Pooh", "im:pooh@100akerwood.com");
        CpimAddress tigger = CpimAddress.of("im:tigger@100akerwood.com");

        CpimMessage m = headers("From: Winnie the Pooh <im:pooh@100akerwood.com>",
                "To: Winnie the Pooh <im:pooh@100akerwood.com>", "To: <im:tigger@100akerwood.com>",
                "cc: Winnie the Pooh <im:pooh@100akerwood.com>", "cc: <im:tigger@100akerwood.com>");

        assertThat(m.from()).contains(pooh);
        assertThat(m.to()).containsExactly(pooh, tigger);
        assertThat(m.cc()).containsExactly(pooh, tigger);
        assertThat(headers("From: <im:tigger@100akerwood.com>").from()).contains(tigger);
        assertThat(pooh.encode()).isEqualTo("Winnie the Pooh <im:pooh@100akerwood.com>");
        assertThat(tigger.encode()).isEqualTo("<im:tigger@100akerwood.com>");
    }

    @Test
    void section44DateTime() throws CpimException {
        assertThat(headers("DateTime: 2001-02-01T12:16:49-05:00").dateTime())
                .contains(OffsetDateTime.of(2001, 2, 1, 12, 16, 49, 0, ZoneOffset.ofHours(-5)));
    }

    @Test
    void section45Subject() throws CpimException {
        assertThat(headers("Subject:;lang=en Eeyore's feeling very depressed today").subject("en"))
                .contains("Eeyore's feeling very depressed today");
    }

    @Test
    void section46Ns() throws CpimException {
        CpimMessage m = headers("NS: MyAlias <mid:MessageFeatures@id.foo.com>",
                "MyAlias.MyHeader: private-extension-data");

        assertThat(m.namespaces()).containsExactly(new CpimNamespace("MyAlias", "mid:MessageFeatures@id.foo.com"));
        assertThat(m.header("mid:MessageFeatures@id.foo.com", "MyHeader").map(CpimHeader::value))
                .contains("private-extension-data");
    }

    @Test
    void headerNamesAreCaseSensitive() throws CpimException {
        CpimMessage m = headers("from: <sip:nobody@example.com>", "CC: <sip:nobody@example.com>");

        assertThat(m.from()).isEmpty();
        assertThat(m.cc()).isEmpty();
        assertThat(m.header("from")).isPresent();
    }
}
