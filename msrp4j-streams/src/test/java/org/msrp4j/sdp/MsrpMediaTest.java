package org.msrp4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;

/** The MSRP media description: each attribute's grammar, liberal input, the builder. */
class MsrpMediaTest {

    private static final String M = "m=message 7777 TCP/MSRP *\r\n";
    private static final String PATH = "a=path:msrp://127.0.0.1:7777/s1;tcp\r\n";

    @Test
    void everyKnownAttributeIsTyped() throws SdpException {
        String fp = "SHA-256 " + "AB:".repeat(31) + "AB";
        MsrpMedia m = MsrpMedia.parse("m=message 2855 TCP/TLS/MSRP *\r\n"
                + "c=IN IP6 ::1\r\n"
                + "a=accept-types:message/cpim text/plain application/im-iscomposing+xml\r\n"
                + "a=accept-wrapped-types:text/* image/png\r\n"
                + "a=max-size:65536\r\n"
                + "a=path:msrps://[::1]:2855/abc;tcp\r\n"
                + "a=setup:actpass\r\n"
                + "a=connection:new\r\n"
                + "a=fingerprint:" + fp + "\r\n"
                + "a=msrp-cema\r\n"
                + "a=recvonly\r\n"
                + "a=chatroom:nickname private-messages\r\n"
                + "a=file-range:1025-*\r\n"
                + "a=x-file-offset\r\n"
                + "a=rfbsetup:passive\r\n");
        assertThat(m.protocol()).isEqualTo(MsrpProtocol.TCP_TLS_MSRP);
        assertThat(m.connection()).contains(new ConnectionData("IN", "IP6", "::1"));
        assertThat(m.acceptTypes()).containsExactly("message/cpim", "text/plain", "application/im-iscomposing+xml");
        assertThat(m.acceptWrappedTypes()).containsExactly("text/*", "image/png");
        assertThat(m.maxSize()).isEqualTo(OptionalLong.of(65536));
        assertThat(m.path()).containsExactly(MsrpUri.parse("msrps://[::1]:2855/abc;tcp"));
        assertThat(m.setup()).contains(Setup.ACTPASS);
        assertThat(m.connectionAttribute()).contains(ConnectionAttribute.NEW);
        assertThat(m.fingerprints()).containsExactly(Fingerprint.parse(fp));
        assertThat(m.msrpCema()).isTrue();
        assertThat(m.directionAttribute()).contains(Direction.RECVONLY);
        assertThat(m.chatroom()).containsExactly("nickname", "private-messages");
        assertThat(m.chatroomSupports("Private-Messages")).isTrue();
        assertThat(m.fileRange()).contains(FileRange.from(1025));
        assertThat(m.attribute("x-file-offset")).contains("");
        assertThat(m.attribute("rfbsetup")).contains("passive");
        assertThat(m.attribute("nothing")).isEmpty();
        assertThat(m.attributes()).hasSize(13);
    }

    @Test
    void absentAttributesGiveEmptyValuesAndDefaults() throws SdpException {
        MsrpMedia m = MsrpMedia.parse(M);
        assertThat(m.path()).isEmpty();
        assertThat(m.hasPath()).isFalse();
        assertThat(m.acceptTypes()).isEmpty();
        assertThat(m.maxSize()).isEmpty();
        assertThat(m.setup()).isEmpty();
        assertThat(m.fingerprints()).isEmpty();
        assertThat(m.msrpCema()).isFalse();
        assertThat(m.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(m.directionAttribute()).isEmpty();
        assertThat(m.chatroom()).isEmpty();
        assertThat(m.fileSelector()).isEmpty();
        assertThat(m.connection()).isEmpty();
    }

    @Test
    void unknownAttributesAndOtherLinesKeepTheirPlace() throws SdpException {
        String text = M + "i=chat\r\nc=IN IP4 127.0.0.1\r\nb=AS:64\r\na=zzz:1\r\n" + PATH
                + "a=accept-types:text/plain\r\na=aaa\r\na=zzz:2\r\n";
        MsrpMedia m = MsrpMedia.parse(text);
        assertThat(m.encode()).isEqualTo(text);
        assertThat(m.attributes()).extracting(SdpAttribute::name)
                .containsExactly("zzz", "path", "accept-types", "aaa", "zzz");
        MsrpMedia changed = m.toBuilder().acceptTypes(List.of("message/cpim")).maxSize(1000).build();
        assertThat(changed.encode()).isEqualTo(M + "i=chat\r\nc=IN IP4 127.0.0.1\r\nb=AS:64\r\na=zzz:1\r\n" + PATH
                + "a=accept-types:message/cpim\r\na=aaa\r\na=zzz:2\r\na=max-size:1000\r\n");
        assertThat(changed.toBuilder().maxSize(-1).acceptTypes(List.of("text/plain")).build()).isEqualTo(m);
    }

    @Test
    void liberalInput() throws SdpException {
        MsrpMedia m = MsrpMedia.parse("m=message 7777 tcp/msrp *\n"
                + "a=accept-types: text/plain  message/CPIM \n"
                + "a=path:msrp://127.0.0.1:7777/s1;tcp\n"
                + "a=sendrecv \n"
                + "a=setup:ACTIVE\n"
                + "a=fingerprint:sha-1 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab\n"
                + "a=fingerprint:MD5 00:11\n");
        assertThat(m.protocol()).isEqualTo(MsrpProtocol.TCP_MSRP);
        assertThat(m.acceptTypes()).containsExactly("text/plain", "message/CPIM");
        assertThat(m.directionAttribute()).contains(Direction.SENDRECV);
        assertThat(m.setup()).contains(Setup.ACTIVE);
        assertThat(m.fingerprints()).as("MD5 is not supported and skipped (RFC 8122 §5)").hasSize(1);
        assertThat(m.encode()).startsWith("m=message 7777 TCP/MSRP *\r\na=accept-types: text/plain  message/CPIM \r\n");
    }

    @Test
    void sipsimpleFileSelectorWithUpperCaseHex() throws SdpException {
        MsrpMedia m = MsrpMedia.parse(M + PATH + "a=sendonly\r\n"
                + "a=file-selector:name:\"R\u00e9sum\u00e9 %22final%22.pdf\" type:application/pdf size:1048576 "
                + "hash:sha-1:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D\r\n"
                + "a=x-file-offset\r\n");
        FileSelector fs = m.fileSelector().orElseThrow();
        assertThat(fs.name()).contains("R\u00e9sum\u00e9 \"final\".pdf");
        assertThat(fs.type()).contains("application/pdf");
        assertThat(fs.size()).isEqualTo(OptionalLong.of(1048576));
        assertThat(fs.hash(FileHash.SHA_1).orElseThrow().digest())
                .isEqualTo(HexFormat.of().parseHex("0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d"));
        assertThat(FileSelector.parse(fs.encode())).isEqualTo(fs);
        assertThat(fs.encode()).isEqualTo("name:\"R\u00e9sum\u00e9 %22final%22.pdf\" type:application/pdf size:1048576 "
                + "hash:sha-1:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D");
        assertThat(m.hasAttribute("x-file-offset")).isTrue();
    }

    @Test
    void fileSelectorInAnyOrderWithLowerCaseHexAndUnknownSelectors() throws SdpException {
        FileSelector fs = FileSelector.parse(
                "  hash:SHA-1:ab:cd  size:3 future:x name:\"a b\" type:text/plain;charset=\"utf-8\"");
        assertThat(fs.name()).contains("a b");
        assertThat(fs.size()).isEqualTo(OptionalLong.of(3));
        assertThat(fs.type()).contains("text/plain;charset=\"utf-8\"");
        assertThat(fs.hashes()).containsExactly(FileHash.of("sha-1", new byte[] {(byte) 0xab, (byte) 0xcd}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name:unquoted", "name:\"open", "name:\"\"", "size:-1", "size:12x",
        "size:12345678901234567890", "type:image", "type:/jpeg", "hash:sha-1", "hash:sha-1:", "hash:sha-1:ABC",
        "hash:sha-1:AB-CD", "hash::AB", "hash:sha-1:GG"})
    void malformedFileSelectorIsASyntaxError(String value) {
        assertReason(() -> MsrpMedia.parse(M + "a=file-selector:" + value + "\r\n"), SdpException.Reason.SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=path:http://x;tcp", "a=path:msrp://h:99999/s;tcp", "a=max-size:big", "a=max-size:-5",
        "a=setup:sometimes", "a=connection:old", "a=fingerprint:SHA-256 AB:CD", "a=fingerprint:SHA-256",
        "a=accept-types:text", "a=accept-types:text/plain /x", "a=chatroom:nick\"name", "a=file-range:0-5",
        "a=file-range:5-4", "a=file-range:5", "a=file-range:a-*", "a=file-date:creation:now",
        "a=file-date:birthday:\"x\"", "a=file-date:", "a=file-transfer-id:", "a=file-disposition:a b",
        "a=file-icon:", "a=", "a=:value", "a=two words:x", "c=IN IP4", "x", "m=message 7777 TCP/MSRP *"})
    void malformedKnownAttributeIsASyntaxError(String line) {
        assertReason(() -> MsrpMedia.parse(M + line + "\r\n"), SdpException.Reason.SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"path:msrp://h:1/s;tcp", "accept-types:*", "max-size:1", "setup:active",
        "file-selector:size:1", "file-transfer-id:x", "chatroom:nickname"})
    void repeatedSingleAttributeIsASyntaxError(String attribute) {
        assertReason(() -> MsrpMedia.parse(M + "a=" + attribute + "\r\na=" + attribute + "\r\n"),
                SdpException.Reason.SYNTAX);
    }

    @Test
    void twoDirectionsAreASyntaxError() {
        assertReason(() -> MsrpMedia.parse(M + "a=sendonly\r\na=recvonly\r\n"), SdpException.Reason.SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a=path:x\r\n", "m=audio 4000 RTP/AVP 0\r\n", "m=message x TCP/MSRP *\r\n",
        "m=message 70000 TCP/MSRP *\r\n", "m=message 7 TCP/MSRP\r\n", "m=message 7/2 TCP/MSRP *\r\n",
        "m=message 7 TCP/MSRP *\r\nv=0\r\n", "m=message 7 TCP/MSRP *\r\na=x\u0001y\r\n"})
    void notAnMsrpMediaDescription(String text) {
        assertReason(() -> MsrpMedia.parse(text), SdpException.Reason.SYNTAX);
    }

    @Test
    void tooLargeInputIsRefusedBeforeParsing() {
        assertReason(() -> MsrpMedia.parse(M + "a=x:" + "y".repeat(SdpReader.MAX_LENGTH) + "\r\n"),
                SdpException.Reason.TOO_LARGE);
        StringBuilder path = new StringBuilder("a=path:");
        for (int i = 0; i <= MediaAttributes.MAX_PATH; i++) {
            path.append("msrp://h:1/s").append(i).append(";tcp ");
        }
        assertReason(() -> MsrpMedia.parse(M + path + "\r\n"), SdpException.Reason.TOO_LARGE);
    }

    @Test
    void builderWritesEveryAttributeAndDerivesPortAndProtocol() throws SdpException {
        List<MsrpUri> path = List.of(MsrpUri.parse("msrps://relay.example.com:2855;tcp"),
                MsrpUri.parse("msrps://10.0.0.1:2856/xyz;tcp"));
        Fingerprint fp = Fingerprint.parse("SHA-1 " + "01:".repeat(19) + "01");
        MsrpMedia m = MsrpMedia.builder()
                .media("application")
                .path(path)
                .acceptTypes(List.of("application/x-rfb"))
                .setup(Setup.ACTIVE)
                .fingerprints(List.of(fp))
                .msrpCema(true)
                .direction(Direction.SENDONLY)
                .chatroom(List.of("nickname"))
                .fileSelector(FileSelector.builder().name("x y").size(5).build())
                .fileTransferId("tid")
                .fileDisposition("attachment")
                .fileDate(new FileDate(null, "Mon, 15 May 2006 15:01:31 +0300", null))
                .fileIcon("cid:i@h")
                .fileRange(new FileRange(1, 5))
                .flag("x-file-offset", true)
                .attribute("rfbsetup", "active")
                .connectionAttribute(ConnectionAttribute.EXISTING)
                .maxSize(7)
                .acceptWrappedTypes(List.of("*"))
                .connection(ConnectionData.of("10.0.0.1"))
                .build();
        assertThat(m.port()).as("the first hop's port").isEqualTo(2855);
        assertThat(m.protocol()).isEqualTo(MsrpProtocol.TCP_TLS_MSRP);
        assertThat(m.encode()).isEqualTo("m=application 2855 TCP/TLS/MSRP *\r\n"
                + "c=IN IP4 10.0.0.1\r\n"
                + "a=path:msrps://relay.example.com:2855;tcp msrps://10.0.0.1:2856/xyz;tcp\r\n"
                + "a=accept-types:application/x-rfb\r\n"
                + "a=setup:active\r\n"
                + "a=fingerprint:" + fp + "\r\n"
                + "a=msrp-cema\r\n"
                + "a=sendonly\r\n"
                + "a=chatroom:nickname\r\n"
                + "a=file-selector:name:\"x y\" size:5\r\n"
                + "a=file-transfer-id:tid\r\n"
                + "a=file-disposition:attachment\r\n"
                + "a=file-date:modification:\"Mon, 15 May 2006 15:01:31 +0300\"\r\n"
                + "a=file-icon:cid:i@h\r\n"
                + "a=file-range:1-5\r\n"
                + "a=x-file-offset\r\n"
                + "a=rfbsetup:active\r\n"
                + "a=connection:existing\r\n"
                + "a=max-size:7\r\n"
                + "a=accept-wrapped-types:*\r\n");
        assertThat(MsrpMedia.parse(m.encode())).isEqualTo(m);
        MsrpMedia cleared = m.toBuilder().direction(null).msrpCema(false).fingerprints(List.of()).setup(null)
                .chatroom(null).fileSelector(null).fileTransferId(null).fileDisposition(null).fileDate(null)
                .fileIcon(null).fileRange(null).flag("x-file-offset", false).attribute("rfbsetup", null)
                .connectionAttribute(null).maxSize(-1).acceptWrappedTypes(null).connection(null).build();
        assertThat(cleared.encode()).isEqualTo("m=application 2855 TCP/TLS/MSRP *\r\n"
                + "a=path:msrps://relay.example.com:2855;tcp msrps://10.0.0.1:2856/xyz;tcp\r\n"
                + "a=accept-types:application/x-rfb\r\n");
    }

    @Test
    void builderRefusesWhatParseWouldRefuse() {
        assertThatThrownBy(() -> MsrpMedia.builder().port(1).attribute("max-size", "x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsrpMedia.builder().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsrpMedia.builder().path(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsrpMedia.builder().addLine(new SdpLine('a', "two words")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsrpMedia.builder().attribute("bad name", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsrpMedia.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withDefaultConnectionFillsOnlyAMissingOne() throws SdpException {
        MsrpMedia bare = MsrpMedia.parse(M + "i=x\r\n" + PATH);
        ConnectionData c = ConnectionData.of("192.0.2.7");
        assertThat(bare.withDefaultConnection(c).encode()).isEqualTo(M + "i=x\r\nc=IN IP4 192.0.2.7\r\n" + PATH);
        MsrpMedia own = bare.withDefaultConnection(ConnectionData.of("192.0.2.8"));
        assertThat(own.withDefaultConnection(c)).isSameAs(own);
    }

    static void assertReason(ThrowingCall call, SdpException.Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SdpException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    /** A call that may throw. */
    interface ThrowingCall {
        void run() throws Exception;
    }
}
