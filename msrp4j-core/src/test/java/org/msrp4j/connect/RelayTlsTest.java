package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ScriptedRelay.challenge;
import static org.msrp4j.connect.ScriptedRelay.verifies;
import static org.msrp4j.testing.Async.WAIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.auth.Digest;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;

/**
 * The relay hop's security and compatibility settings on real sockets: TLS by default, the relay's
 * certificate checked by default (CA or pinned fingerprint, with an explicit opt-out), a clear error
 * when a plain client meets a TLS relay, and AUTH without {@code uri=} for relays that need it.
 */
class RelayTlsTest {

    private static final String NONCE = "n0nce";
    private static final TlsCredentials RELAY_CERT = PkixCredentials.selfSigned("relay.example.org");
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private ScriptedRelay relay(TlsCredentials credentials, ScriptedRelay.Script script) throws Exception {
        ScriptedRelay r = new ScriptedRelay(script, credentials);
        closing.add(r);
        return r;
    }

    private ScriptedRelay digestRelay(TlsCredentials credentials) throws Exception {
        return relay(credentials, (r, auth, i) -> auth.headers().get(AuthorizationHeader.class) == null
                ? challenge(auth, "realm", "example.org", "nonce", NONCE, "qop", "auth")
                : verifies(auth, "secret") ? r.grant(auth, "granted", 600L) : ScriptedRelay.respond(auth, 403, "No"));
    }

    private static RelaySettings.Builder settings(ScriptedRelay relay) {
        return RelaySettings.builder("example.org", "alice", "secret").host("127.0.0.1").port(relay.port())
                .authTimeout(Duration.ofSeconds(5));
    }

    private RelayConnection connection(RelaySettings settings) {
        RelayConnection c = new RelayConnection(settings, RelayConnection.Mode.ACTIVE, ConnectFixtures.settings(WAIT));
        closing.add(c::cleanup);
        return c;
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }

    @Test
    void tlsIsTheDefaultAndTheRelaysCertificateIsCheckedByDefault() throws Exception {
        ScriptedRelay relay = digestRelay(RELAY_CERT);
        RelaySettings defaults = settings(relay).build();

        assertThat(defaults.useTls()).isTrue();
        assertThat(defaults.trustAnyRelayCertificate()).isFalse();
        assertThatThrownBy(() -> connection(defaults).prepare())
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("relayFingerprint")
                .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
        assertThat(relay.auths).as("no credentials went to an unchecked relay").isEmpty();
    }

    @Test
    void aPinnedFingerprintAcceptsTheSelfSignedRelayAndNoOther() throws Exception {
        ScriptedRelay relay = digestRelay(RELAY_CERT);

        List<MsrpUri> path = connection(settings(relay).relayFingerprint(RELAY_CERT.fingerprint()).build()).prepare();
        assertThat(path.get(0)).isEqualTo(relay.usePath("granted"));
        assertThat(path.get(0).useTls()).isTrue();

        RelaySettings wrong = settings(relay).relayFingerprint(PkixCredentials.selfSigned("mallory").fingerprint())
                .build();
        int authsBefore = relay.auths.size();
        assertThatThrownBy(() -> connection(wrong).prepare()).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("fingerprint mismatch");
        assertThat(relay.auths).hasSize(authsBefore);
    }

    @Test
    void trustingAnyRelayCertificateIsAnExplicitOptOut() throws Exception {
        ScriptedRelay relay = digestRelay(RELAY_CERT);

        List<MsrpUri> path = connection(settings(relay).trustAnyRelayCertificate(true).build()).prepare();

        assertThat(path.get(0)).isEqualTo(relay.usePath("granted"));
    }

    @Test
    void onlyOneWayOfCheckingTheRelayMayBeGiven() {
        RelaySettings.Builder b = RelaySettings.builder("example.org", "alice", "secret")
                .relayFingerprint(RELAY_CERT.fingerprint()).trustAnyRelayCertificate(true);
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class);
        RelaySettings.Builder c = RelaySettings.builder("example.org", "alice", "secret")
                .relayFingerprint(RELAY_CERT.fingerprint()).tlsContext(TlsContexts.client());
        assertThatThrownBy(c::build).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPlainClientMeetingATlsRelayIsToldThePeerSpeaksTls() throws Exception {
        ScriptedRelay relay = digestRelay(RELAY_CERT);

        assertThatThrownBy(() -> connection(settings(relay).useTls(false).build()).prepare())
                .isInstanceOf(ChunkParseException.class)
                .hasMessageContaining("got 0x15")
                .hasMessageContaining("the peer speaks TLS")
                .hasMessageContaining("useTls(true)");
    }

    @Test
    void authorizationWithoutUriIsTheRfc4976ExampleFormDigestedOverTheRelayUri() throws Exception {
        ScriptedRelay relay = relay(null, (r, auth, i) -> {
            AuthorizationHeader a = auth.headers().get(AuthorizationHeader.class);
            if (a == null) {
                return challenge(auth, "realm", "example.org", "nonce", NONCE, "qop", "auth");
            }
            if (a.get("uri") != null) {
                return null;
            }
            String ha1 = Digest.ha1("alice", "example.org", "secret");
            String expected = Digest.response(ha1, NONCE, a.get("nc"), a.get("cnonce"), "auth", "AUTH",
                    auth.toPath().get(0).encode());
            return Digest.matches(expected, a.get("response")) ? r.grant(auth, "nouri", 600L)
                    : ScriptedRelay.respond(auth, 403, "Bad digest");
        });
        RelaySettings.Builder plain = settings(relay).useTls(false).authTimeout(Duration.ofSeconds(2));

        assertThat(connection(plain.digestUriInAuthorization(false).build()).prepare().get(0))
                .isEqualTo(relay.usePath("nouri"));
        MsrpChunk answered = relay.auths.get(1);
        assertThat(answered.headers().get(AuthorizationHeader.class).get("uri")).isNull();

        assertThatThrownBy(() -> connection(plain.digestUriInAuthorization(true).build()).prepare())
                .as("a relay like msrprelay never answers an AUTH with uri=")
                .isInstanceOf(RelayAuthTimeoutException.class);
    }
}
