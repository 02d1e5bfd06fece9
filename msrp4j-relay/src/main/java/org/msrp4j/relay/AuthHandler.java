package org.msrp4j.relay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msrp4j.auth.Digest;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;
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
import org.msrp4j.relay.RelayMetrics.AuthOutcome;
import org.msrp4j.relay.accounts.AccountSource;
import org.msrp4j.relay.accounts.AccountsUnavailableException;

/**
 * The relay's side of AUTH (RFC 4976 §5, digest per RFC 2617 with qop=auth): challenges, checks
 * credentials, nonce freshness and nonce counts, applies the Expires bounds and reserves or
 * refreshes the connection's relay URI. Each 200 carries Authentication-Info with the request's
 * cnonce and nc and an {@code rspauth} that proves the relay knows the password, but no {@code
 * nextnonce}: a client refreshes after half the Expires, by when a nonce of the usual lifetime
 * (minutes) is stale anyway.
 *
 * <p>Interop: the challenge carries an {@code opaque} (some clients read it unconditionally) that
 * the Authorization must return; it is bound to the nonce, so it needs no state. An Authorization
 * without {@code uri} (RFC 4976 §5.1's example has none) is checked against the To-Path URI as the
 * client wrote it. Answers: no or unusable credentials, a wrong password or an unknown user, an
 * unknown nonce or a missing opaque get 401 with a fresh challenge (RFC 4976 §5: the relay
 * challenges until the credentials are good; an unknown user is not told apart from a wrong
 * password); good credentials of a user who may not use the relay, and AUTHs held back by the
 * {@link AuthThrottle}, get 403, after which a client should stop (so do AUTHs while the account
 * source cannot answer, e.g. its database is down, which are not counted as failures); a malformed
 * Authorization gets 400; an AUTH for a relay URI that is not this relay's gets 481.
 */
final class AuthHandler {

    /**
     * The comment of the 403 while the {@link AccountSource} cannot answer: MSRP has no 503, and
     * 403 is the status that says "not now, and not for a retry of this request" (see {@link
     * MsrpRelay#shutdown}); it is not counted as a failed attempt.
     */
    static final String ACCOUNTS_UNAVAILABLE = "Accounts unavailable; try again later";

    /** What to answer, whether the answer counts as a failed attempt, and how it is counted in the metrics. */
    record Outcome(MsrpChunk response, boolean failed, AuthOutcome kind) {
    }

    private final MsrpRelay relay;
    private final RelayConfig config;
    private final String realm;
    private final Nonces nonces;
    private final AuthThrottle throttle;

    AuthHandler(MsrpRelay relay, RelayConfig config, String realm) {
        this.relay = relay;
        this.config = config;
        this.realm = realm;
        this.nonces = new Nonces(config.auth().nonceLifetime(), config.auth().maxNonces());
        this.throttle = new AuthThrottle(config.abuseLimits());
    }

    Nonces nonces() {
        return nonces;
    }

    /** Answers an AUTH whose To-Path is this relay alone, received on inbound connection {@code conn}. */
    Outcome handle(MsrpChunk auth, PeerConnection conn) {
        MsrpUri target = auth.toPath().get(0);
        if (target.sessionId() != null && !relay.isLocal(target)) {
            return new Outcome(RelayChunks.response(auth, Status.NO_SESSION, "AUTH is not addressed to this relay"),
                    false, AuthOutcome.NOT_THIS_RELAY);
        }
        MsrpHeader<?> h;
        try {
            h = auth.header(AuthorizationHeader.NAME);
        } catch (RuntimeException e) {
            h = null;
        }
        if (!(h instanceof AuthorizationHeader authorization)) {
            return challenge(auth, false, "Unauthorized", false, AuthOutcome.CHALLENGED);
        }
        if (!"Digest".equalsIgnoreCase(authorization.scheme())) {
            return challenge(auth, false, "Digest authentication required", true, AuthOutcome.BAD_NONCE_OR_PARAMETERS);
        }
        Map<String, String> p = authorization.decode();
        String user = p.get("username");
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        String qop = p.get("qop");
        String nc = p.get("nc");
        String cnonce = p.get("cnonce");
        String algorithm = p.get("algorithm");
        if (user == null || nonce == null || response == null || nc == null || cnonce == null
                || !"auth".equalsIgnoreCase(qop)) {
            return new Outcome(RelayChunks.response(auth, Status.BAD_REQUEST,
                    "Authorization needs username, nonce, response, qop=auth, nc and cnonce"), true,
                    AuthOutcome.MALFORMED);
        }
        AuthThrottle.Verdict throttled = throttle.check(conn.remoteAddress(), user);
        if (throttled != AuthThrottle.Verdict.ALLOWED) {
            boolean address = throttled == AuthThrottle.Verdict.ADDRESS_BANNED;
            String why = address ? "Too many failed AUTHs from this address; try again later"
                    : "Too many failed AUTHs for this user; try again later";
            relay.metrics().refused(address ? RelayMetrics.Refusal.AUTH_ADDRESS_FAILURES
                    : RelayMetrics.Refusal.AUTH_USER_FAILURES);
            return new Outcome(RelayChunks.response(auth, Status.FORBIDDEN, why), true, AuthOutcome.THROTTLED);
        }
        if (algorithm != null && !"MD5".equalsIgnoreCase(algorithm)) {
            return challenge(auth, false, "Only MD5 is supported", true, AuthOutcome.BAD_NONCE_OR_PARAMETERS);
        }
        if (!realm.equals(p.get("realm"))) {
            return challenge(auth, false, "Wrong realm", true, AuthOutcome.BAD_NONCE_OR_PARAMETERS);
        }
        if (uri == null) {
            // RFC 4976 §5.1's example has no uri: the digest is over the To-Path URI, as the client wrote it
            uri = auth.header(ToPathHeader.NAME).encode().strip();
        } else if (!sameUri(uri, target)) {
            return new Outcome(RelayChunks.response(auth, Status.BAD_REQUEST, "Digest uri is not the To-Path URI"),
                    true, AuthOutcome.MALFORMED);
        }
        long count;
        try {
            count = Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return new Outcome(RelayChunks.response(auth, Status.BAD_REQUEST, "Bad nonce count"), true,
                    AuthOutcome.MALFORMED);
        }
        Nonces.Verdict verdict = nonces.check(nonce);
        if (verdict == Nonces.Verdict.INVALID) {
            return challenge(auth, false, "Unknown nonce", true, AuthOutcome.BAD_NONCE_OR_PARAMETERS);
        }
        String opaque = p.get("opaque");
        if (opaque == null || !nonces.opaqueMatches(nonce, opaque)) {
            return challenge(auth, false, "Authorization must return the challenge's opaque", true,
                    AuthOutcome.BAD_NONCE_OR_PARAMETERS);
        }
        String ha1;
        try {
            ha1 = config.accounts().ha1(user, realm).orElse(null);
        } catch (AccountsUnavailableException ex) {
            return new Outcome(RelayChunks.response(auth, Status.FORBIDDEN, ACCOUNTS_UNAVAILABLE), false,
                    AuthOutcome.ACCOUNTS_UNAVAILABLE);
        }
        boolean good = ha1 != null
                && Digest.matches(Digest.response(ha1, nonce, nc, cnonce, qop, "AUTH", uri), response);
        if (!good) {
            throttle.failed(conn.remoteAddress(), user, ha1 != null);
            return challenge(auth, false, "Bad credentials", true, AuthOutcome.BAD_CREDENTIALS);
        }
        throttle.succeeded(conn.remoteAddress(), user);
        if (verdict == Nonces.Verdict.STALE) {
            return challenge(auth, true, "Stale nonce", false, AuthOutcome.STALE_NONCE);
        }
        if (!nonces.advance(nonce, count)) {
            return challenge(auth, false, "Nonce count replayed", true, AuthOutcome.BAD_NONCE_OR_PARAMETERS);
        }
        if (!config.allowed().test(user)) {
            return new Outcome(RelayChunks.response(auth, Status.FORBIDDEN, "User may not use this relay"), true,
                    AuthOutcome.NOT_ALLOWED);
        }
        long expires = config.auth().defaultExpires();
        MsrpHeader<?> e = auth.header(ExpiresHeader.NAME);
        if (e instanceof ExpiresHeader eh) {
            expires = eh.seconds();
            if (expires < config.auth().minExpires()) {
                MsrpChunk r = RelayChunks.response(auth, Status.OUT_OF_BOUNDS, "Expires too short");
                if (r != null) {
                    r.addHeader(new MinExpiresHeader(config.auth().minExpires()));
                }
                return new Outcome(r, false, AuthOutcome.EXPIRES_OUT_OF_BOUNDS);
            }
            if (expires > config.auth().maxExpires()) {
                MsrpChunk r = RelayChunks.response(auth, Status.OUT_OF_BOUNDS, "Expires too long");
                if (r != null) {
                    r.addHeader(new MaxExpiresHeader(config.auth().maxExpires()));
                }
                return new Outcome(r, false, AuthOutcome.EXPIRES_OUT_OF_BOUNDS);
            }
        }
        Reservation session = relay.reserve(conn, auth.header(FromPathHeader.NAME)
                .encode(), auth.fromPath(), user, expires);
        if (session == null) {
            return new Outcome(RelayChunks.response(auth, Status.FORBIDDEN,
                    "Too many reservations on this connection or for this user"), false,
                    AuthOutcome.TOO_MANY_RESERVATIONS);
        }
        MsrpChunk ok = RelayChunks.response(auth, Status.OK, "OK");
        if (ok != null) {
            ok.addHeader(new UsePathHeader(List.of(session.uri)));
            ok.addHeader(new ExpiresHeader(expires));
            Map<String, String> info = new LinkedHashMap<>();
            info.put("qop", qop);
            info.put("rspauth", Digest.rspauth(ha1, nonce, nc, cnonce, qop, uri));
            info.put("cnonce", cnonce);
            info.put("nc", nc);
            ok.addHeader(new AuthenticationInfoHeader(info));
        }
        return new Outcome(ok, false, AuthOutcome.OK);
    }

    private static boolean sameUri(String digestUri, MsrpUri target) {
        if (digestUri.equalsIgnoreCase(target.encode())) {
            return true;
        }
        try {
            return MsrpUri.parse(digestUri).equals(target);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Outcome challenge(MsrpChunk auth, boolean stale, String comment, boolean failed, AuthOutcome kind) {
        MsrpChunk r = RelayChunks.response(auth, Status.UNAUTHORIZED, comment);
        if (r != null) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("realm", realm);
            String nonce = nonces.issue();
            params.put("nonce", nonce);
            params.put("qop", "auth");
            params.put("algorithm", "MD5");
            params.put("opaque", nonces.opaque(nonce));
            if (stale) {
                params.put("stale", "true");
            }
            r.addHeader(new WwwAuthenticateHeader(params));
        }
        return new Outcome(r, failed, kind);
    }
}
