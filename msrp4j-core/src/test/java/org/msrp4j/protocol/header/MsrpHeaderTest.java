package org.msrp4j.protocol.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;

class MsrpHeaderTest {

    /** Every wire value re-encodes to itself and decodes to a header of the expected class. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "To-Path | msrp://a.example.com:1/s1;tcp msrp://b.example.com:2/s2;tcp | ToPathHeader",
        "From-Path | msrps://alice.example.com:9892/98cjs;tcp | FromPathHeader",
        "Use-Path | msrps://intra.example.com:9000/jui787s2f;tcp | UsePathHeader",
        "Message-ID | 87652491 | MessageIdHeader",
        "Success-Report | yes | SuccessReportHeader",
        "Failure-Report | partial | FailureReportHeader",
        "Byte-Range | 1-*/* | ByteRangeHeader",
        "Status | 000 200 OK | StatusHeader",
        "Expires | 900 | ExpiresHeader",
        "Min-Expires | 60 | MinExpiresHeader",
        "Max-Expires | 4294967295 | MaxExpiresHeader",
        "WWW-Authenticate | Digest realm=\"intra.example.com\", qop=\"auth\", "
        + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\" | WwwAuthenticateHeader",
        "Authorization | Digest username=\"Alice\", realm=\"r\", nonce=\"n\", qop=auth, nc=00000001, cnonce=\"c\", "
        + "response=\"x\" | AuthorizationHeader",
        "Authentication-Info | nextnonce=\"abc\",rspauth=\"def\" | AuthenticationInfoHeader",
        "Content-Type | text/plain; charset=utf-8 | ContentTypeHeader",
        "Content-ID | <1234@example.com> | ContentIdHeader",
        "Content-Description | holiday photo, été | ContentDescriptionHeader",
        "Content-Disposition | attachment; filename=\"a b.jpg\"; size=1234 | ContentDispositionHeader",
        "Use-Nickname | \"Alice \\\"the\\\" great\" | UseNicknameHeader",
        "Keep-Alive | yes | KeepAliveHeader",
        "X-Custom | anything: at all | GenericHeader",
        "Content-Language | en | GenericHeader",
    })
    void wireValuesRoundTrip(String name, String value, String className) {
        MsrpHeader<?> h = MsrpHeader.of(name, value);
        assertThat(h.getClass().getSimpleName()).isEqualTo(className);
        assertThat(h.name()).isEqualTo(name);
        assertThat(h.encode()).isEqualTo(value);
        assertThat(h).hasToString(name + ": " + value);
        MsrpHeader<?> reparsed = MsrpHeader.of(name, reformat(h));
        assertThat(reparsed.decode()).isEqualTo(h.decode());
    }

    /** The value formatted from its decoded form rather than kept text. */
    private static String reformat(MsrpHeader<?> h) {
        @SuppressWarnings("unchecked")
        MsrpHeader<Object> raw = (MsrpHeader<Object>) h;
        return raw.format(raw.decode());
    }

    @Test
    void namesMatchCaseInsensitively() {
        assertThat(MsrpHeader.of("byte-range", "1-10/10")).isInstanceOf(ByteRangeHeader.class);
        assertThat(MsrpHeader.of("TO-PATH", "msrp://h.example.com;tcp")).isInstanceOf(ToPathHeader.class);
        assertThat(MsrpHeader.of("byte-range", "1-10/10")).isEqualTo(new ByteRangeHeader(new ByteRange(1, 10, 10)));
    }

    @Test
    void builtFromDecodedValues() {
        MsrpUri a = MsrpUri.parse("msrp://a.example.com:1/s1;tcp");
        MsrpUri b = MsrpUri.parse("msrp://b.example.com:2/s2;tcp");
        ToPathHeader to = new ToPathHeader(List.of(a, b));
        assertThat(to.encode()).isEqualTo("msrp://a.example.com:1/s1;tcp msrp://b.example.com:2/s2;tcp");
        assertThat(to.first()).isEqualTo(a);
        assertThat(to.last()).isEqualTo(b);
        assertThat(new ByteRangeHeader(new ByteRange(1, ByteRange.UNKNOWN, ByteRange.UNKNOWN)).encode())
                .isEqualTo("1-*/*");
        assertThat(new StatusHeader(new Status(413, "Stop")).encode()).isEqualTo("000 413 Stop");
        assertThat(new StatusHeader(new Status(200, null)).encode()).isEqualTo("000 200");
        assertThat(new FailureReportHeader(ReportMode.NO).encode()).isEqualTo("no");
        assertThat(new ExpiresHeader(30).encode()).isEqualTo("30");
        assertThat(new KeepAliveHeader(false).encode()).isEqualTo("no");
        assertThat(new UseNicknameHeader("a\"b").encode()).isEqualTo("\"a\\\"b\"");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("username", "Alice");
        p.put("qop", "auth");
        p.put("nc", "00000001");
        p.put("response", "ab\"c");
        assertThat(new AuthorizationHeader(p).encode())
                .isEqualTo("Digest username=\"Alice\", qop=auth, nc=00000001, response=\"ab\\\"c\"");
        assertThat(new WwwAuthenticateHeader(Map.of("realm", "r")).encode()).isEqualTo("Digest realm=\"r\"");
        assertThat(new ContentDispositionHeader("attachment", Map.of("filename", "x.txt")).encode())
                .isEqualTo("attachment; filename=\"x.txt\"");
    }

    @Test
    void decodedValues() {
        assertThat(ByteRangeHeader.parse("5-8/8").start()).isEqualTo(5);
        assertThat(ByteRangeHeader.parse("5-8/8").end()).isEqualTo(8);
        assertThat(ByteRangeHeader.parse("5-*/8").end()).isEqualTo(ByteRange.UNKNOWN);
        StatusHeader s = StatusHeader.parse("000 481 Session-does-not-exist");
        assertThat(s.code()).isEqualTo(481);
        assertThat(s.comment()).isEqualTo("Session-does-not-exist");
        assertThat(s.namespace()).isZero();
        WwwAuthenticateHeader w = WwwAuthenticateHeader.parse("Digest realm=\"r\", nonce=\"n\", stale=true");
        assertThat(w.scheme()).isEqualTo("Digest");
        assertThat(w.decode()).containsExactly(Map.entry("realm", "r"), Map.entry("nonce", "n"),
                Map.entry("stale", "true"));
        assertThat(ContentDispositionHeader.parse("inline").type()).isEqualTo("inline");
        assertThat(ContentDispositionHeader.parse("attachment; filename=\"a;b\"").get("filename")).isEqualTo("a;b");
        assertThat(ContentTypeHeader.parse("Text/Plain ; charset=x").mediaType()).isEqualTo("text/plain");
        assertThat(UseNicknameHeader.parse("\"Bob\"").nickname()).isEqualTo("Bob");
        assertThat(SuccessReportHeader.parse("YES").decode()).isEqualTo(ReportMode.YES);
        assertThat(MaxExpiresHeader.parse("4294967295").seconds()).isEqualTo(4294967295L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "To-Path | '' | To-Path",
        "To-Path | msrp://a.example.com;tcp http://x | To-Path",
        "From-Path | msrp://a.example.com | From-Path",
        "Message-ID | abc | Message-ID",
        "Message-ID | a b c d | Message-ID",
        "Success-Report | partial | Success-Report",
        "Failure-Report | maybe | Failure-Report",
        "Byte-Range | 1-2 | Byte-Range",
        "Byte-Range | 0-2/2 | Byte-Range",
        "Byte-Range | 5-3/10 | Byte-Range",
        "Byte-Range | 1-20/10 | Byte-Range",
        "Byte-Range | 1-x/10 | Byte-Range",
        "Byte-Range | *-1/1 | Byte-Range",
        "Byte-Range | 1-2/99999999999999999999 | Byte-Range",
        "Status | 200 OK | Status",
        "Status | 000 20 OK | Status",
        "Status | 000 099 x | Status",
        "Expires | -1 | Expires",
        "Expires | 4294967296 | Expires",
        "Min-Expires | 12345678901 | Min-Expires",
        "WWW-Authenticate | realm=\"x\" | WWW-Authenticate",
        "Authorization | Digest username=\"unterminated | Authorization",
        "Authorization | Digest a=b c=d | Authorization",
        "Authentication-Info | nextnonce=\"a\", | Authentication-Info",
        "Content-Type | text | Content-Type",
        "Content-Type | text/ | Content-Type",
        "Content-Disposition | bad type; x=y | Content-Disposition",
        "Use-Nickname | Bob | Use-Nickname",
        "Use-Nickname | '\"\"' | Use-Nickname",
        "Keep-Alive | maybe | Keep-Alive",
    })
    void invalidValuesAreRefusedNamingTheHeader(String name, String value, String expectedName) {
        assertThatThrownBy(() -> MsrpHeader.of(name, value))
                .isInstanceOf(InvalidHeaderException.class)
                .satisfies(e -> assertThat(((InvalidHeaderException) e).headerName()).isEqualTo(expectedName))
                .hasMessageContaining(expectedName);
    }

    @Test
    void controlCharactersAreRefusedEverywhere() {
        assertThatThrownBy(() -> new ContentDescriptionHeader("a\r\nTo-Path: x"))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("\\r\\n");
        assertThatThrownBy(() -> new GenericHeader("X-A", "a\nb")).isInstanceOf(InvalidHeaderException.class);
        assertThatThrownBy(() -> new GenericHeader("X A", "v")).isInstanceOf(InvalidHeaderException.class);
        assertThatThrownBy(() -> new GenericHeader("X-A", " v")).isInstanceOf(InvalidHeaderException.class)
                .hasMessageContaining("may not start with whitespace");
        assertThatThrownBy(() -> new GenericHeader("1X", "v")).isInstanceOf(InvalidHeaderException.class);
        assertThatThrownBy(() -> new UseNicknameHeader("a\u0000b")).isInstanceOf(InvalidHeaderException.class);
        assertThatThrownBy(() -> new AuthorizationHeader(Map.of("bad name", "v")))
                .isInstanceOf(InvalidHeaderException.class);
        assertThatThrownBy(() -> new SuccessReportHeader(ReportMode.PARTIAL))
                .isInstanceOf(InvalidHeaderException.class);
        assertThatThrownBy(() -> new MessageIdHeader("x")).isInstanceOf(InvalidHeaderException.class);
    }

    @Test
    void pathUriLengthIsLimited() {
        String uri = "msrp://h.example.com/" + "s".repeat(100) + ";tcp";
        assertThat(ToPathHeader.parse(uri, 200).first().sessionId()).hasSize(100);
        assertThatThrownBy(() -> MsrpHeader.of("To-Path", uri, 50))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("longer than 50");
    }

    @Test
    void equalityByNameAndWireValue() {
        assertThat(MessageIdHeader.parse("abcd")).isEqualTo(new MessageIdHeader("abcd"));
        assertThat(MessageIdHeader.parse("abcd")).hasSameHashCodeAs(new MessageIdHeader("abcd"));
        assertThat(new GenericHeader("X-A", "1")).isEqualTo(new GenericHeader("x-a", "1"));
        assertThat(new GenericHeader("X-A", "1")).isNotEqualTo(new GenericHeader("X-A", "2"));
    }
}
