package org.msrp4j.cpim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wrapped part's Content-Type: sipsimple's quoted {@code utf8}, accept-types matching. */
class ContentTypeTest {

    @Test
    void readsSipsimplesCharset() throws CpimException {
        ContentType t = ContentType.parse("text/plain; charset=\"utf8\"");

        assertThat(t.mediaType()).isEqualTo("text/plain");
        assertThat(t.parameter("Charset")).isEqualTo("utf8");
        assertThat(t.charset()).contains(UTF_8);
    }

    @Test
    void ignoresCaseAndWhiteSpaceAndKeepsQuotedSemicolons() throws CpimException {
        ContentType t = ContentType.parse(" Text/HTML ;\tCHARSET = ISO-8859-1 ; x=\"a;b \\\"c\\\"\" ;");

        assertThat(t).isEqualTo(new ContentType("text", "html", Map.of("charset", "ISO-8859-1", "x", "a;b \"c\"")));
        assertThat(t.toString()).isEqualTo("text/html;charset=ISO-8859-1;x=\"a;b \\\"c\\\"\"");
        assertThat(ContentType.parse(t.toString())).isEqualTo(t);
    }

    @Test
    void anUnknownCharsetIsNone() throws CpimException {
        assertThat(ContentType.parse("text/plain; charset=no-such-thing").charset()).isEmpty();
        assertThat(ContentType.parse("text/plain; charset=\"bad name!\"").charset()).isEmpty();
        assertThat(ContentType.parse("text/plain").charset()).isEmpty();
    }

    @Test
    void matchesAcceptTypes() throws CpimException {
        ContentType t = ContentType.parse("Message/CPIM");

        assertThat(t.matches("message/cpim")).isTrue();
        assertThat(t.matches("message/*")).isTrue();
        assertThat(t.matches("*")).isTrue();
        assertThat(t.matches("text/plain")).isFalse();
        assertThat(t.matches("text/*")).isFalse();
    }

    @Test
    void refusesMalformedValues() {
        for (String bad : new String[] {"", "text", "text/", "/plain", "te xt/plain", "text/plain; charset",
            "text/plain; =x", "text/plain; a=\"open"}) {
            assertThatThrownBy(() -> ContentType.parse(bad)).as(bad).isInstanceOf(CpimException.class);
        }
    }
}
