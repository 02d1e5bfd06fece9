package org.msrp4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MsrpUriTest {

    @Test
    void parsesEveryComponent() {
        MsrpUri u = MsrpUri.parse("msrps://alice%40x:pw@relay.example.com:2856/a-b_c.d~e+f=g/h;tcp;foo=bar;flag");
        assertThat(u.useTls()).isTrue();
        assertThat(u.user()).isEqualTo("alice%40x:pw");
        assertThat(u.host()).isEqualTo("relay.example.com");
        assertThat(u.port()).isEqualTo(2856);
        assertThat(u.sessionId()).isEqualTo("a-b_c.d~e+f=g/h");
        assertThat(u.transport()).isEqualTo("tcp");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("foo", "bar");
        expected.put("flag", null);
        assertThat(u.parameters()).containsExactlyEntriesOf(expected);
    }

    @Test
    void optionalPartsMayBeAbsent() {
        MsrpUri u = MsrpUri.parse("msrp://relay.example.com;tcp");
        assertThat(u.useTls()).isFalse();
        assertThat(u.user()).isNull();
        assertThat(u.port()).isEqualTo(-1);
        assertThat(u.hasPort()).isFalse();
        assertThat(u.effectivePort()).isEqualTo(MsrpUri.DEFAULT_PORT);
        assertThat(u.sessionId()).isNull();
        assertThat(u.parameters()).isEmpty();
    }

    @Test
    void ipv4AndIpv6Hosts() {
        MsrpUri v4 = MsrpUri.parse("msrp://127.0.0.1:2855/s1;tcp");
        assertThat(v4.host()).isEqualTo("127.0.0.1");
        assertThat(v4.isIpv6()).isFalse();
        MsrpUri v6 = MsrpUri.parse("msrp://[::1]:2855/s1;tcp");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.isIpv6()).isTrue();
        assertThat(v6.encode()).isEqualTo("msrp://[::1]:2855/s1;tcp");
        assertThat(MsrpUri.parse("msrp://[2001:db8::10.0.0.1]:1/x;tcp").host()).isEqualTo("2001:db8::10.0.0.1");
        assertThat(MsrpUri.parse("msrp://[1:2:3:4:5:6:7:8];tcp").host()).isEqualTo("1:2:3:4:5:6:7:8");
    }

    @Test
    void otherTransportsArePreserved() {
        MsrpUri u = MsrpUri.parse("msrps://h.example.com:443/x;ws");
        assertThat(u.transport()).isEqualTo("ws");
        assertThat(u.encode()).isEqualTo("msrps://h.example.com:443/x;ws");
    }

    @Test
    void parseKeepsTheOriginalText() {
        String text = "MSRP://Bob.Example.com:8888/9di4eae923wzd;TCP";
        assertThat(MsrpUri.parse(text).encode()).isEqualTo(text);
        assertThat(MsrpUri.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void builderFormatsCanonicalText() {
        MsrpUri u = MsrpUri.builder().useTls(true).user("bob").host("[2001:db8::1]").port(0).sessionId("abcd")
                .parameter("x", "1").build();
        assertThat(u.encode()).isEqualTo("msrps://bob@[2001:db8::1]:0/abcd;tcp;x=1");
        assertThat(MsrpUri.parse(u.encode())).isEqualTo(u);
        assertThat(u.withPort(4000).encode()).isEqualTo("msrps://bob@[2001:db8::1]:4000/abcd;tcp;x=1");
        assertThat(u.withSessionId(null).sessionId()).isNull();
        assertThat(u.toBuilder().build().encode()).isEqualTo(u.encode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // RFC 4975 §6.1: scheme, host and transport are case-insensitive
        "msrp://example.com:2855/abc;tcp | MSRP://EXAMPLE.COM:2855/abc;TCP",
        // userinfo takes no part
        "msrp://alice@example.com:2855/abc;tcp | msrp://example.com:2855/abc;tcp",
        // IP addresses compare by value
        "msrp://[::1]:2855/abc;tcp | msrp://[0:0:0:0:0:0:0:1]:2855/abc;tcp",
        "msrp://[2001:DB8::1]:1/abc;tcp | msrp://[2001:db8:0::1]:1/abc;tcp",
        // parameters take no part
        "msrp://example.com:2855/abc;tcp;a=b | msrp://example.com:2855/abc;tcp",
    })
    void equalPerRfc4975Section61(String a, String b) {
        assertThat(MsrpUri.parse(a)).isEqualTo(MsrpUri.parse(b));
        assertThat(MsrpUri.parse(a).hashCode()).isEqualTo(MsrpUri.parse(b).hashCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "msrp://example.com:2855/abc;tcp | msrps://example.com:2855/abc;tcp",
        // an explicit port never equals an absent one, even the default
        "msrp://example.com:2855/abc;tcp | msrp://example.com/abc;tcp",
        "msrp://example.com:2855/abc;tcp | msrp://example.com:2856/abc;tcp",
        // the session id is case-sensitive, and present never equals absent
        "msrp://example.com:2855/abc;tcp | msrp://example.com:2855/ABC;tcp",
        "msrp://example.com:2855/abc;tcp | msrp://example.com:2855;tcp",
        "msrp://example.com:2855/abc;tcp | msrp://example.com:2855/abc;ws",
        "msrp://example.com:2855/abc;tcp | msrp://example.org:2855/abc;tcp",
    })
    void differentPerRfc4975Section61(String a, String b) {
        assertThat(MsrpUri.parse(a)).isNotEqualTo(MsrpUri.parse(b));
    }

    @Test
    void equalsIgnoringSessionIdIsEqualityOfTheUrisWithoutSessionIds() {
        MsrpUri listener = MsrpUri.parse("msrp://Relay.Example.com:2855;tcp");
        MsrpUri session = MsrpUri.parse("msrp://relay.example.com:2855/s1;TCP");
        assertThat(listener.equalsIgnoringSessionId(session)).isTrue();
        assertThat(session.equalsIgnoringSessionId(listener)).isTrue();
        for (String other : new String[] {"msrps://relay.example.com:2855/s1;tcp", "msrp://relay.example.com/s1;tcp",
                "msrp://relay.example.com:2856/s1;tcp", "msrp://relay.example.org:2855/s1;tcp",
                "msrp://relay.example.com:2855/s1;ws"}) {
            MsrpUri u = MsrpUri.parse(other);
            assertThat(listener.equalsIgnoringSessionId(u)).as(other).isFalse();
            assertThat(listener.equalsIgnoringSessionId(u)).as(other)
                    .isEqualTo(listener.equals(u.withSessionId(null)));
        }
    }

    @Test
    void sameSessionIdIgnoresEverythingElse() {
        MsrpUri a = MsrpUri.parse("msrp://a.example.com:1/sess;tcp");
        MsrpUri b = MsrpUri.parse("msrps://b.example.com:2/sess;tcp");
        assertThat(a.sameSessionId(b)).isTrue();
        assertThat(a.sameSessionId(b.withSessionId("other"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://example.com/abc;tcp | scheme must be msrp:// or msrps://",
        "msrp:/example.com/abc;tcp | scheme must be msrp:// or msrps://",
        "msrp://example.com/abc | missing ;transport",
        "msrp://example.com:2855/abc | missing ;transport",
        "msrp://;tcp | missing host",
        "msrp://:2855/x;tcp | missing host",
        "msrp://exa mple.com/x;tcp | bad character ' ' in host",
        "msrp://example..com/x;tcp | empty label in host",
        "msrp://-example.com/x;tcp | host label starts or ends with '-'",
        "msrp://example.com:/x;tcp | bad port",
        "msrp://example.com:65536/x;tcp | port out of range",
        "msrp://example.com:123456/x;tcp | bad port",
        "msrp://example.com:12a/x;tcp | unexpected character 'a' after host",
        "msrp://example.com/a?b;tcp | bad character '?' in session-id",
        "msrp://example.com/;tcp | empty session-id",
        "msrp://example.com/a b;tcp | bad character ' ' in session-id",
        "msrp://example.com/abc; | empty transport",
        "msrp://example.com/abc;t-c | bad transport 't-c'",
        "msrp://example.com/abc;tcp;a=b c | bad URI parameter 'a=b c'",
        "msrp://example.com/abc;tcp; | bad URI parameter ''",
        "msrp://[::1/abc;tcp | unterminated IPv6 reference",
        "msrp://[::1::2]/abc;tcp | bad IPv6 address",
        "msrp://[1:2:3:4:5:6:7:8:9]/abc;tcp | bad IPv6 address",
        "msrp://[12345::]/abc;tcp | bad IPv6 address",
        "msrp://[:1]/abc;tcp | bad IPv6 address",
        "msrp://al ice@example.com/abc;tcp | bad character ' ' in userinfo",
        "msrp://a%4@example.com/abc;tcp | bad %-escape in userinfo",
        "msrp://@example.com/abc;tcp | empty userinfo",
    })
    void invalidTextIsRefusedWithTheProblemAndTheInput(String text, String problem) {
        assertThatThrownBy(() -> MsrpUri.parse(text))
                .isInstanceOf(InvalidUriException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining(text)
                .satisfies(e -> assertThat(((InvalidUriException) e).input()).isEqualTo(text));
    }

    @Test
    void lengthLimit() {
        String longUri = "msrp://example.com/" + "a".repeat(3000) + ";tcp";
        assertThatThrownBy(() -> MsrpUri.parse(longUri)).isInstanceOf(InvalidUriException.class)
                .hasMessageContaining("longer than 2048");
        assertThat(MsrpUri.parse(longUri, 4000).sessionId()).hasSize(3000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "example.com", "example.com.", "a-b.c_d.example", "255.255.255.255"})
    void acceptedHosts(String host) {
        assertThat(MsrpUri.builder().host(host).build().host()).isEqualTo(host);
    }

    @Test
    void builderValidates() {
        assertThatThrownBy(() -> MsrpUri.builder().build()).isInstanceOf(InvalidUriException.class)
                .hasMessageContaining("missing host");
        assertThatThrownBy(() -> MsrpUri.builder().host("h").port(70000).build())
                .isInstanceOf(InvalidUriException.class).hasMessageContaining("port out of range");
        assertThatThrownBy(() -> MsrpUri.builder().host("h").sessionId("a;b").build())
                .isInstanceOf(InvalidUriException.class).hasMessageContaining("session-id");
        assertThatThrownBy(() -> MsrpUri.builder().host("::1::").build())
                .isInstanceOf(InvalidUriException.class).hasMessageContaining("IPv6");
    }

    @Test
    void credentialsTakeNoPartInTextOrEquality() {
        MsrpUri u = MsrpUri.parse("msrps://h.example.com:1/s;tcp");
        assertThat(u.credentials()).isNull();
        assertThat(u.withCredentials(null)).isEqualTo(u);
        assertThat(u.withCredentials(null).encode()).isEqualTo(u.encode());
    }
}
