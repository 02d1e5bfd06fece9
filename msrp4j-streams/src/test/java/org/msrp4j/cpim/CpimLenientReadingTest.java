package org.msrp4j.cpim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What peers send that RFC 3862 does not allow but this reader accepts (bare LF, folding, no space
 * after the colon, sipsimple's Required, no Content-Type, no empty line after the MIME headers), and
 * what it still refuses with a {@link CpimException}.
 */
class CpimLenientReadingTest {

    private static CpimMessage parse(String s) throws CpimException {
        return CpimMessage.parse(s.getBytes(UTF_8));
    }

    @Test
    void bareLfLineEndsEverywhere() throws CpimException {
        CpimMessage m = parse("From: <sip:a@example.com>\nTo: <sip:b@example.com>\n\nContent-Type: text/plain\n\nhi\n");

        assertThat(m.from()).contains(CpimAddress.of("sip:a@example.com"));
        assertThat(m.contentType()).contains("text/plain");
        assertThat(m.body()).isEqualTo("hi\n".getBytes(UTF_8));
        assertThat(new String(m.encode(), UTF_8))
                .isEqualTo("From: <sip:a@example.com>\r\nTo: <sip:b@example.com>\r\n\r\n"
                        + "Content-Type: text/plain\r\n\r\nhi\n");
    }

    @Test
    void foldedLinesAreUnfolded() throws CpimException {
        CpimMessage m = parse("Subject: a long\r\n  subject\r\n\r\n"
                + "Content-Type: text/plain;\r\n\tcharset=utf-8\r\n\r\n");

        assertThat(m.subject()).contains("a long  subject");
        assertThat(m.contentType()).contains("text/plain;\tcharset=utf-8");
    }

    @Test
    void noSpaceAfterTheColon() throws CpimException {
        assertThat(parse("From:<sip:a@example.com>\r\n\r\nContent-Type:text/plain\r\n\r\n").from())
                .contains(CpimAddress.of("sip:a@example.com"));
    }

    @Test
    void requiredIsReadAsRequire() throws CpimException {
        assertThat(parse("Required: imdn.Disposition-Notification , x.Y\r\n\r\nContent-Type: text/plain\r\n\r\n")
                .required()).containsExactly("imdn.Disposition-Notification", "x.Y");
    }

    @Test
    void quotedNamesWithoutASpaceAndBareUris() throws CpimException {
        CpimMessage m = parse("From: \"Alice\"<sip:a@example.com>\r\nTo: sip:b@example.com\r\n\r\n"
                + "Content-Type: text/plain\r\n\r\n");

        assertThat(m.from()).contains(CpimAddress.of("Alice", "sip:a@example.com"));
        assertThat(m.to()).containsExactly(CpimAddress.of("sip:b@example.com"));
    }

    @Test
    void aMimeBlockEndingWithTheInputGivesAnEmptyBody() throws CpimException {
        CpimMessage m = parse("From: <sip:a@b>\r\n\r\nContent-Type: text/plain");

        assertThat(m.contentType()).contains("text/plain");
        assertThat(m.bodyLength()).isZero();
        assertThat(parse("From: <sip:a@b>\r\n\r\n").mimeHeaders()).isEmpty();
    }

    @Test
    void theBodyIsBytesNeverDecoded() throws CpimException {
        byte[] head = "From: <sip:a@b>\r\n\r\nContent-Type: application/octet-stream\r\n\r\n".getBytes(UTF_8);
        byte[] body = {(byte) 0xff, (byte) 0xfe, '\r', '\n', '\r', '\n', 0, (byte) 0xc3};
        byte[] wire = new byte[head.length + body.length + 4];
        System.arraycopy(head, 0, wire, 2, head.length);
        System.arraycopy(body, 0, wire, 2 + head.length, body.length);

        CpimMessage m = CpimMessage.parse(wire, 2, head.length + body.length);

        assertThat(m.body()).isEqualTo(body);
        assertThat(m.encode()).isEqualTo(Arrays.copyOfRange(wire, 2, 2 + head.length + body.length));
    }

    @Test
    void errorsNameTheLineAHeaderStartsOn() {
        assertThatThrownBy(() -> parse("From: <sip:a@b>\r\nSubject: x\r\n  y\r\nBad Name: z\r\n\r\n"
                + "Content-Type: text/plain\r\n\r\n"))
                .isInstanceOf(CpimException.class).hasMessageStartingWith("malformed message/cpim, line 4: ");
        assertThatThrownBy(() -> parse("From: <sip:a@b>\r\n\r\nContent-Type: text/plain\r\nbroken\r\n\r\n"))
                .isInstanceOf(CpimException.class).hasMessageStartingWith("malformed message/cpim, line 4: ");
    }

    @Test
    void aSpaceForTheTInDateTimeIsRead() throws CpimException {
        assertThat(parse("DateTime: 2001-02-01 12:16:49Z\r\n\r\nContent-Type: text/plain\r\n\r\n").dateTime())
                .contains(OffsetDateTime.of(2001, 2, 1, 12, 16, 49, 0, ZoneOffset.UTC));
    }

    @Test
    void refusesWhatCannotBeRead() {
        List<String> bad = List.of(
                "From: <sip:a@b>",
                "From: <sip:a@b>\r\nTo: <sip:c@d>\r\n",
                " folded first\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "From: <sip:a@b>\r\n\r\n continuation first\r\n\r\n",
                "Bad Name: x\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "\u00e9: x\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "Subject:;lang fr\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "Subject:;lang=\"fr\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "Subject:;lang=\"\" x\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "Subject:;l.ang=fr x\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "Subject: a\rb\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "Subject: a\u0000b\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "From: <sip:a@b>\r\n\r\nContent-Type\r\n\r\n",
                "From: <sip:a@b>\r\n\r\nContent-Type: a\u0000b\r\n\r\n",
                "From: <>\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "From: \"unterminated <sip:a@b>\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "To: a b c\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "NS: two words <urn:x>\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "NS: urn:x\r\n\r\nContent-Type: text/plain\r\n\r\n",
                "DateTime: 2001-02-01T12:16:49\r\n\r\nContent-Type: text/plain\r\n\r\n");
        for (String s : bad) {
            assertThatThrownBy(() -> parse(s)).as(s).isInstanceOf(CpimException.class)
                    .hasMessageStartingWith("malformed message/cpim, ");
        }
        byte[] notUtf8 = {'S', 'u', 'b', 'j', 'e', 'c', 't', ':', ' ', (byte) 0xc3, '\r', '\n', '\r', '\n'};
        assertThatThrownBy(() -> CpimMessage.parse(notUtf8)).isInstanceOf(CpimException.class)
                .hasMessageContaining("UTF-8");
    }
}
