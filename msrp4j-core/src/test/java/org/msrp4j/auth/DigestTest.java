package org.msrp4j.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestTest {

    // RFC 2617 §3.5: the "Mufasa" example.
    private static final String HA1 = Digest.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");

    @Test
    void rfc2617ExampleWithQopAuth() {
        String response = Digest.response(HA1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b",
                "auth", "GET", "/dir/index.html");
        assertThat(response).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc2069FormWithoutQop() {
        // H(HA1:nonce:HA2) computed independently with md5sum.
        String response = Digest.response(HA1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null, "GET",
                "/dir/index.html");
        assertThat(response).isEqualTo("670fd8c2df070c60b045671b8b24ff02");
    }

    @Test
    void rspauthIsTheResponseDigestWithAnEmptyMethod() {
        // RFC 2617 §3.2.3: A2 = ":" digest-uri; the value computed independently with Python's hashlib.
        String rspauth = Digest.rspauth(HA1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth",
                "/dir/index.html");
        assertThat(rspauth).isEqualTo("376602cfd2f4e8e5e78b948a85263e85");
    }

    @Test
    void ha1IsLowerCaseHex() {
        assertThat(HA1).isEqualTo("939e7578ed9e3c518a452acee763bce9");
    }

    @Test
    void ncIsEightHexDigits() {
        assertThat(Digest.nc(1)).isEqualTo("00000001");
        assertThat(Digest.nc(255)).isEqualTo("000000ff");
        assertThatThrownBy(() -> Digest.nc(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constantTimeComparisonIgnoresCaseOfHex() {
        assertThat(Digest.matches("6629fae49393a05397450978507c4ef1", "6629FAE49393A05397450978507C4EF1")).isTrue();
        assertThat(Digest.matches("6629fae49393a05397450978507c4ef1", "6629fae49393a05397450978507c4ef0")).isFalse();
        assertThat(Digest.matches("6629fae49393a05397450978507c4ef1", null)).isFalse();
    }

    @Test
    void qopAuthNeedsNcAndCnonce() {
        assertThatThrownBy(() -> Digest.response(HA1, "n", null, "c", "auth", "AUTH", "msrp://r"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
