package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.Setup;

/** The media descriptions {@code msrp listen} and {@code msrp connect} print and read. */
class ChatMediaTest {

    private static final List<MsrpUri> PATH = List.of(MsrpUri.parse("msrp://127.0.0.1:40735/Kb41HOZG;tcp"));
    private static final List<String> TYPES = List.of("message/cpim", "text/*", "*");

    @Test
    void theOfferReadsBackFromEveryFormAPersonMightPaste() throws Exception {
        MsrpMedia offer = ChatMedia.offer(PATH, List.of(), TYPES);
        assertThat(offer.setup()).contains(Setup.ACTPASS);
        String text = offer.encode();
        assertThat(ChatMedia.parse(text)).isEqualTo(offer);
        assertThat(ChatMedia.parse(text.replace("\r\n", "\n") + "\n\n")).isEqualTo(offer);
        String body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n" + text;
        assertThat(ChatMedia.parse(body).path()).isEqualTo(PATH);
        assertThat(ChatMedia.parse("a=path:" + PATH.get(0)).path()).isEqualTo(PATH);
        assertThat(ChatMedia.parse(PATH.get(0).toString())).isNull();
    }

    @Test
    void aPeerKnownByItsPathTakesPlainTextOnly() {
        MsrpMedia peer = ChatMedia.fromPath(PATH, Setup.ACTPASS);
        assertThat(peer.acceptTypes()).containsExactly("text/plain");
        assertThat(ChatMedia.takesNotifications(peer)).isFalse();
        assertThat(ChatMedia.takesNotifications(ChatMedia.offer(PATH, List.of(), TYPES))).isTrue();
    }

    @Test
    void theAnswerConnects() throws Exception {
        MsrpMedia offer = ChatMedia.offer(PATH, List.of(), TYPES);
        List<MsrpUri> local = List.of(MsrpUri.parse("msrp://127.0.0.1:50000/an5w3r;tcp"));
        MsrpMedia answer = ChatMedia.answer(offer, local, List.of(), TYPES);
        assertThat(answer.setup()).contains(Setup.ACTIVE);
        assertThat(answer.path()).isEqualTo(local);
    }

    @Test
    void unusableDescriptionsAreUsageErrors() throws Exception {
        assertThatThrownBy(() -> ChatMedia.parse("m=message 40735 TCP/MSRP *\r\na=path:not-a-uri"))
                .isInstanceOf(CliException.class).extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThatThrownBy(() -> ChatMedia.parse("a=path:msrp://127.0.0.1:1/x")).isInstanceOf(CliException.class);
        MsrpMedia imageOnly = MsrpMedia.parse(ChatMedia.offer(PATH, List.of(), List.of("image/png")).encode());
        assertThatThrownBy(() -> ChatMedia.answer(imageOnly, PATH, List.of(), List.of("text/plain")))
                .isInstanceOf(CliException.class).hasMessageContaining("cannot be used");
    }

    /** From stdin, the description ends at the first empty line and the chat that follows stays unread. */
    @Test
    void stdinIsReadUpToTheEmptyLineOnly() throws Exception {
        String offer = ChatMedia.offer(PATH, List.of(), TYPES).encode().replace("\r\n", "\n");
        InputStream in = new ByteArrayInputStream((offer + "\nhello\n").getBytes(StandardCharsets.UTF_8));
        assertThat(ChatMedia.read("-", in).path()).isEqualTo(PATH);
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        InputStream empty = new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ChatMedia.read("-", empty)).isInstanceOf(CliException.class)
                .hasMessageContaining("no media description");
        InputStream endless = new ByteArrayInputStream("a".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ChatMedia.read("-", endless)).isInstanceOf(CliException.class)
                .hasMessageContaining("line of more than");
    }
}
