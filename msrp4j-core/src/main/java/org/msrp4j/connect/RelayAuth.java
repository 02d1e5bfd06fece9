package org.msrp4j.connect;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.msrp4j.auth.Digest;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthenticationInfoHeader;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.ExpiresHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MaxExpiresHeader;
import org.msrp4j.protocol.header.MinExpiresHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;

/**
 * The client side of the RFC 4976 AUTH exchange with one relay: sends AUTH, answers digest
 * challenges, adapts Expires to a 423, and returns the relay's grant. It remembers the last
 * challenge, so a refresh sends credentials at once and needs a second round trip only when the
 * nonce has gone stale. A 200 whose Authentication-Info has qop=auth and an {@code rspauth} must
 * prove that the relay knows the password (RFC 2617 §3.2.3); one without it is accepted, as relays
 * such as Kamailio send none. Not thread-safe: one exchange at a time.
 */
final class RelayAuth {

    /** Sends one AUTH request and returns the relay's response to it. */
    @FunctionalInterface
    interface Exchange {
        MsrpChunk transact(MsrpChunk request) throws IOException;
    }

    /** What the relay granted: the path to put before the local URI, and seconds until it expires (0: not said). */
    record Grant(List<MsrpUri> usePath, long expires) {
    }

    private static final int MAX_ROUND_TRIPS = 8;

    private final RelaySettings settings;
    private final MsrpUri relayUri;
    private final MsrpUri localUri;
    private long expires;
    private WwwAuthenticateHeader challenge;
    private long nonceCount;
    private AuthorizationHeader answered;

    RelayAuth(RelaySettings settings, MsrpUri relayUri, MsrpUri localUri) {
        this.settings = settings;
        this.relayUri = relayUri;
        this.localUri = localUri;
        this.expires = settings.expires();
    }

    /** The relay URI the AUTH requests go to. */
    MsrpUri relayUri() {
        return relayUri;
    }

    /**
     * Runs AUTH until the relay grants a path.
     *
     * @throws RelayAuthenticationException on 403, a 401 to an answer to a fresh challenge, or a
     *     200 with a wrong {@code rspauth}
     * @throws RelayException on other refusals or unusable answers
     * @throws IOException if the exchange fails (connection, timeout)
     */
    Grant authenticate(Exchange exchange) throws IOException {
        boolean answeredFreshChallenge = false;
        MsrpChunk response = null;
        for (int round = 0; round < MAX_ROUND_TRIPS; round++) {
            response = exchange.transact(request());
            int code = response.code();
            switch (code) {
                case 200 -> {
                    checkProof(response);
                    return grant(response);
                }
                case 401 -> {
                    WwwAuthenticateHeader offered = usableChallenge(response);
                    boolean stale = "true".equalsIgnoreCase(offered.get("stale"));
                    if (answeredFreshChallenge && !stale) {
                        throw new RelayAuthenticationException(401, response.comment(), "the relay " + relayUri
                                + " refused the credentials of " + settings.username() + ": 401" + comment(response));
                    }
                    challenge = offered;
                    nonceCount = 0;
                    answeredFreshChallenge = true;
                }
                case 423 -> adjustExpires(response);
                case 403 -> throw new RelayAuthenticationException(403, response.comment(), "the relay " + relayUri
                        + " forbids AUTH for " + settings.username() + ": 403" + comment(response));
                default -> throw new RelayException(code, response.comment(), "the relay " + relayUri
                        + " refused AUTH: " + code + comment(response));
            }
        }
        throw new RelayException(response.code(), response.comment(), "the relay " + relayUri
                + " did not grant a path after " + MAX_ROUND_TRIPS + " AUTH requests; last answer " + response.code()
                + comment(response));
    }

    private MsrpChunk request() {
        MsrpChunk auth = MsrpChunk.request(MsrpGrammar.randomIdent(12), "AUTH");
        auth.addHeader(new ToPathHeader(List.of(relayUri)));
        auth.addHeader(new FromPathHeader(List.of(localUri)));
        answered = challenge != null ? credentials() : null;
        if (answered != null) {
            auth.addHeader(answered);
        }
        if (expires > 0) {
            auth.addHeader(new ExpiresHeader(expires));
        }
        return auth;
    }

    /** The digest answer to the last challenge (RFC 2617 with qop=auth, or RFC 2069 without qop). */
    private AuthorizationHeader credentials() {
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        String uri = relayUri.encode();
        String ha1 = Digest.ha1(settings.username(), realm, settings.password());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("username", settings.username());
        p.put("realm", realm);
        p.put("nonce", nonce);
        if (settings.digestUriInAuthorization()) {
            p.put("uri", uri);
        }
        if (offersAuthQop(challenge)) {
            String nc = Digest.nc(++nonceCount);
            String cnonce = MsrpGrammar.randomIdent(16);
            p.put("response", Digest.response(ha1, nonce, nc, cnonce, "auth", "AUTH", uri));
            p.put("qop", "auth");
            p.put("nc", nc);
            p.put("cnonce", cnonce);
        } else {
            p.put("response", Digest.response(ha1, nonce, null, null, null, "AUTH", uri));
        }
        String algorithm = challenge.get("algorithm");
        if (algorithm != null) {
            p.put("algorithm", algorithm);
        }
        String opaque = challenge.get("opaque");
        if (opaque != null) {
            p.put("opaque", opaque);
        }
        return new AuthorizationHeader(p);
    }

    private static boolean offersAuthQop(WwwAuthenticateHeader h) {
        String qop = h.get("qop");
        if (qop == null) {
            return false;
        }
        for (String option : qop.split(",")) {
            if (option.trim().equalsIgnoreCase("auth")) {
                return true;
            }
        }
        return false;
    }

    /** The first Digest challenge with MD5 (or no algorithm), realm and nonce, whose qop, if any, offers auth. */
    private WwwAuthenticateHeader usableChallenge(MsrpChunk response) throws RelayException {
        for (MsrpHeader<?> h : response.headers().getAll(WwwAuthenticateHeader.NAME)) {
            if (h instanceof WwwAuthenticateHeader w && "Digest".equalsIgnoreCase(w.scheme())
                    && w.get("realm") != null && w.get("nonce") != null
                    && (w.get("algorithm") == null || w.get("algorithm").toUpperCase(Locale.ROOT).equals("MD5"))
                    && (w.get("qop") == null || offersAuthQop(w))) {
                return w;
            }
        }
        throw new RelayException(401, response.comment(), "the relay " + relayUri
                + " sent no usable challenge (Digest, MD5, realm, nonce, qop auth): "
                + response.headers().getAll(WwwAuthenticateHeader.NAME));
    }

    /** After a 423: the Expires asked for moves inside Min-/Max-Expires, or the exchange fails. */
    private void adjustExpires(MsrpChunk response) throws RelayException {
        MinExpiresHeader min = response.headers().get(MinExpiresHeader.class);
        MaxExpiresHeader max = response.headers().get(MaxExpiresHeader.class);
        long next = expires;
        if (min != null && (next == 0 || next < min.seconds())) {
            next = min.seconds();
        }
        if (max != null && (next == 0 || next > max.seconds())) {
            next = max.seconds();
        }
        if (next == expires || next == 0) {
            throw new RelayException(423, response.comment(), "the relay " + relayUri + " refused Expires "
                    + (expires == 0 ? "(none)" : expires) + " with 423" + comment(response) + " and no bound to fit"
                    + (min == null ? "" : ", Min-Expires " + min.seconds())
                    + (max == null ? "" : ", Max-Expires " + max.seconds()));
        }
        expires = next;
    }

    /** Checks the rspauth of a 200 answering a qop=auth answer, if the relay sent one with qop=auth. */
    private void checkProof(MsrpChunk response) throws RelayAuthenticationException {
        AuthenticationInfoHeader info = response.headers().get(AuthenticationInfoHeader.class);
        if (info == null || info.get("rspauth") == null || !"auth".equalsIgnoreCase(info.get("qop"))
                || answered == null || answered.get("qop") == null) {
            return;
        }
        String ha1 = Digest.ha1(settings.username(), answered.get("realm"), settings.password());
        String expected = Digest.rspauth(ha1, answered.get("nonce"), answered.get("nc"), answered.get("cnonce"),
                answered.get("qop"), relayUri.encode());
        if (!Digest.matches(expected, info.get("rspauth"))) {
            throw new RelayAuthenticationException(200, response.comment(), "the relay " + relayUri
                    + " granted AUTH but could not prove it knows the password of " + settings.username()
                    + ": wrong rspauth in Authentication-Info");
        }
    }

    private Grant grant(MsrpChunk response) throws RelayException {
        UsePathHeader usePath = response.headers().get(UsePathHeader.class);
        if (usePath == null || usePath.decode().isEmpty()) {
            throw new RelayException(200, response.comment(), "the relay " + relayUri
                    + " granted AUTH without a Use-Path");
        }
        ExpiresHeader granted = response.headers().get(ExpiresHeader.class);
        long seconds = granted != null ? granted.seconds() : expires;
        return new Grant(List.copyOf(usePath.decode()), seconds);
    }

    private static String comment(MsrpChunk response) {
        return response.comment() == null ? "" : " " + response.comment();
    }
}
