package org.msrp4j.chat.payload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The RFC 3994 document: written in schema order, read in any order, malformed ones refused. */
class IsComposingTest {

    private static final String NS = "xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"";

    private static IsComposing parse(String xml) throws PayloadException {
        return IsComposing.parse(xml.getBytes(UTF_8));
    }

    @Test
    void rfc3994ActiveExample() throws PayloadException {
        IsComposing doc = IsComposing.parse(Fixtures.read("rfc3994-s5-active.xml"));

        assertThat(doc).isEqualTo(
                new IsComposing(IsComposing.State.ACTIVE, null, "text/plain", Duration.ofSeconds(90)));
        assertThat(IsComposing.parse(doc.encode())).isEqualTo(doc);
    }

    @Test
    void rfc3994IdleExample() throws PayloadException {
        IsComposing doc = IsComposing.parse(Fixtures.read("rfc3994-s5-idle.xml"));

        assertThat(doc).isEqualTo(new IsComposing(IsComposing.State.IDLE,
                OffsetDateTime.of(2003, 1, 27, 10, 43, 0, 0, ZoneOffset.UTC), "audio", null));
        assertThat(IsComposing.parse(doc.encode())).isEqualTo(doc);
    }

    @Test
    void writesElementsInSchemaOrder() {
        IsComposing doc = new IsComposing(IsComposing.State.ACTIVE,
                OffsetDateTime.of(2003, 1, 27, 10, 43, 0, 0, ZoneOffset.UTC), "text/plain", Duration.ofSeconds(60));

        assertThat(new String(doc.encode(), UTF_8)).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing">
                  <state>active</state>
                  <lastactive>2003-01-27T10:43:00Z</lastactive>
                  <contenttype>text/plain</contenttype>
                  <refresh>60</refresh>
                </isComposing>
                """);
    }

    @Test
    void escapesMarkupInText() throws PayloadException {
        IsComposing doc = IsComposing.active("x/y;a=\"<&>\"", null);

        assertThat(new String(doc.encode(), UTF_8)).contains("<contenttype>x/y;a=\"&lt;&amp;&gt;\"</contenttype>");
        assertThat(IsComposing.parse(doc.encode())).isEqualTo(doc);
    }

    @Test
    void readsElementsInAnyOrderAndSkipsExtensions() throws PayloadException {
        IsComposing doc = parse("<isComposing " + NS + " xmlns:x=\"urn:example\">"
                + "<refresh>5</refresh><x:mood>happy</x:mood><contenttype> text/html </contenttype>"
                + "<state>active</state></isComposing>");

        assertThat(doc).isEqualTo(IsComposing.active("text/html", Duration.ofSeconds(5)));
    }

    @Test
    void readsLxmlStyleOutput() throws PayloadException {
        IsComposing doc = parse("<?xml version='1.0' encoding='UTF-8'?>\n<isComposing " + NS + ">"
                + "<state>active</state><lastactive>2024-03-01T10:00:00.123456+01:00</lastactive>"
                + "<contenttype>text</contenttype><refresh>60</refresh></isComposing>");

        assertThat(doc).isEqualTo(new IsComposing(IsComposing.State.ACTIVE,
                OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 123_456_000, ZoneOffset.ofHours(1)), "text",
                Duration.ofSeconds(60)));
    }

    @Test
    void readsAnUnknownStateAsIdle() throws PayloadException {
        assertThat(parse("<isComposing " + NS + "><state>gone</state></isComposing>").state())
                .isEqualTo(IsComposing.State.IDLE);
    }

    @Test
    void refusesMalformedDocuments() {
        assertThatThrownBy(() -> parse("<isComposing/>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("not an <isComposing> document");
        assertThatThrownBy(() -> parse("<isComposing " + NS + "><contenttype>a</contenttype></isComposing>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("<state> is missing");
        assertThatThrownBy(() -> parse("<isComposing " + NS + "><state>idle</state><refresh>0</refresh></isComposing>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("refresh");
        assertThatThrownBy(() -> parse("<isComposing " + NS + "><state>idle</state>"
                + "<refresh>99999999999999999999</refresh></isComposing>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("refresh");
        assertThatThrownBy(() -> parse("<isComposing " + NS + "><state>idle</state>"
                + "<lastactive>yesterday</lastactive></isComposing>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("lastactive");
        assertThatThrownBy(() -> parse("<isComposing " + NS + "><state>idle</state><state>active</state>"
                + "</isComposing>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("more than once");
        assertThatThrownBy(() -> parse("<isComposing"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> IsComposing.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0}))
                .isInstanceOf(PayloadException.class);
    }

    @Test
    void refusesValuesItCannotWrite() {
        assertThatThrownBy(() -> IsComposing.active("text/plain", Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IsComposing.active("text/plain", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IsComposing.active("a\u0000b", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IsComposing.active(" padded", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IsComposing(null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
