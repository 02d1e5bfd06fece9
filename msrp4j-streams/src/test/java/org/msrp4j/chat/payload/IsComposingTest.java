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
    void readsBackWhatItWrites() throws PayloadException {
        IsComposing doc = IsComposing.active("text/plain", Duration.ofSeconds(90));
        assertThat(IsComposing.parse(doc.encode())).isEqualTo(doc);
        IsComposing idle = IsComposing.idle(null, null);
        assertThat(IsComposing.parse(idle.encode())).isEqualTo(idle);
    }

    @Test
    void refusesMalformedDocuments() {
        assertThatThrownBy(() -> IsComposing.parse("<isComposing/>".getBytes(UTF_8)))
                .isInstanceOf(PayloadException.class).hasMessageContaining("not an <isComposing> document");
        assertThatThrownBy(() -> IsComposing.parse(
                "<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"><state>busy</state></isComposing>"
                        .getBytes(UTF_8)))
                .isInstanceOf(PayloadException.class).hasMessageContaining("busy");
        assertThatThrownBy(() -> IsComposing.parse("<isComposing".getBytes(UTF_8)))
                .isInstanceOf(PayloadException.class);
    }
}
