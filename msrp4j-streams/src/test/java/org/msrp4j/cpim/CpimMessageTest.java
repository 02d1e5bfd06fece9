package org.msrp4j.cpim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing, typed access, building and encoding of whole CPIM messages. */
class CpimMessageTest {

    static byte[] resource(String name) {
        try (InputStream in = CpimMessageTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rfc3862Section51ExampleParsesAndReEncodesByteForByte() throws CpimException {
        byte[] wire = resource("rfc3862-s5.1.cpim");

        CpimMessage m = CpimMessage.parse(wire);

        assertThat(m.from()).contains(CpimAddress.of("MR SANDERS", "im:piglet@100akerwood.com"));
        assertThat(m.to()).containsExactly(CpimAddress.of("Depressed Donkey", "im:eeyore@100akerwood.com"));
        assertThat(m.dateTime()).contains(OffsetDateTime.of(2000, 12, 13, 13, 40, 0, 0, ZoneOffset.ofHours(-8)));
        assertThat(m.subject()).contains("the weather will be fine today");
        assertThat(m.subject("fr")).contains("beau temps prevu pour aujourd'hui");
        assertThat(m.namespaces()).containsExactly(new CpimNamespace("MyFeatures", "mid:MessageFeatures@id.foo.com"));
        assertThat(m.required()).containsExactly("MyFeatures.VitalMessageOption");
        assertThat(m.header("mid:MessageFeatures@id.foo.com", "VitalMessageOption").map(CpimHeader::value))
                .contains("Confirmation-requested");
        assertThat(m.header("MyFeatures.WackyMessageOption").map(CpimHeader::value)).contains("Use-silly-font");
        assertThat(m.contentType()).contains("text/xml; charset=utf-8");
        assertThat(m.mimeHeader("content-id")).contains("<1234567890@foo.com>");
        assertThat(new String(m.body(), UTF_8)).isEqualTo("<body>\r\nHere is the text of my message.\r\n</body>");
        assertThat(m.encode()).isEqualTo(wire);
    }

    @Test
    void sipsimpleStyleIsRead() throws CpimException {
        CpimMessage m = CpimMessage.parse(resource("sipsimple-text.cpim"));

        assertThat(m.from()).contains(CpimAddress.of("Alice", "sip:alice@example.com"));
        assertThat(m.to()).containsExactly(CpimAddress.of("sip:bob@example.com"));
        assertThat(m.dateTime()).contains(
                OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 123_456_000, ZoneOffset.ofHours(1)));
        assertThat(m.required()).containsExactly("imdn.Disposition-Notification");
        assertThat(m.header("urn:ietf:params:imdn", "Message-ID").map(CpimHeader::value))
                .contains("5f3c9a1b2d4e6f70");
        assertThat(m.mimeHeaders()).containsExactly(new MimeHeader("MIME-Version", "1.0"),
                new MimeHeader("Content-Type", "text/plain; charset=\"utf8\""));
        assertThat(m.body()).isEqualTo("Hello,\nw\u00f6rld\r\n".getBytes(UTF_8));
    }

    @Test
    void builderWritesRfcSyntax() throws CpimException {
        CpimMessage m = CpimMessage.builder()
                .from(CpimAddress.of("Alice Liddell", "sip:alice@example.com"))
                .to(CpimAddress.of("Bob \"the builder\"", "sip:bob@example.com"))
                .dateTime(OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC))
                .subject("tab\there", "EN")
                .namespace("imdn", "urn:ietf:params:imdn")
                .header("imdn.Message-ID", "abc")
                .contentType("text/plain;charset=utf-8")
                .body(new byte[] {1, '\r', '\n', (byte) 0xff})
                .build();

        byte[] expected = ("From: Alice Liddell <sip:alice@example.com>\r\n"
                + "To: \"Bob \\\"the builder\\\"\" <sip:bob@example.com>\r\n"
                + "DateTime: 2024-03-01T10:00:00Z\r\n"
                + "Subject:;lang=en tab\\there\r\n"
                + "NS: imdn <urn:ietf:params:imdn>\r\n"
                + "imdn.Message-ID: abc\r\n"
                + "\r\n"
                + "Content-Type: text/plain;charset=utf-8\r\n"
                + "\r\n").getBytes(UTF_8);
        byte[] encoded = m.encode();
        assertThat(encoded).startsWith(expected).endsWith(1, '\r', '\n', (byte) 0xff).hasSize(expected.length + 4);
        assertThat(CpimMessage.parse(encoded)).isEqualTo(m);
        assertThat(CpimMessage.parse(encoded).subject("en")).contains("tab\there");
    }

    @Test
    void builderRefusesWhatRfc3862Forbids() {
        assertThatThrownBy(() -> CpimMessage.builder().header("x.Foo", "bar"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not declared");
        assertThatThrownBy(() -> CpimMessage.builder().header("Bad Name", "bar"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpimMessage.builder().subject(" padded"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpimMessage.builder().from(CpimAddress.of("sip:a@b")).from(CpimAddress.of("sip:c@d")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CpimMessage.builder().body(new byte[0]).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Content-Type");
        assertThatThrownBy(() -> CpimMessage.builder().namespace("imdn", "urn:a").namespace("imdn", "urn:b"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void malformedInputGivesCpimException() {
        for (String bad : List.of("From: <sip:a@b>\r\nno colon here\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "From: <sip:a@b>\r\n",
                "From: not an address\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "DateTime: yesterday\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "Subject: a\u0001b\r\n\r\nContent-Type: text/plain\r\n\r\n")) {
            assertThatThrownBy(() -> CpimMessage.parse(bad.getBytes(UTF_8)))
                    .as(bad).isInstanceOf(CpimException.class).hasMessageStartingWith("malformed message/cpim, ");
        }
    }
}
