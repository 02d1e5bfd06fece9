package org.msrp4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.msrp4j.tls.Fingerprint;

/**
 * Where the Kamailio MSRP relays of {@code interop/kamailio} listen: on 127.0.0.1 (TCP 2865, TLS 2866,
 * WebSocket 2869, secure WebSocket 2870; run directory {@code /tmp/kamailio-msrp}) and on ::1 (2867,
 * 2868; {@code /tmp/kamailio-msrp6}), each overridable by the environment variables the start script
 * reads. Users alice and bob, password {@link #PASSWORD}, realm {@link #REALM}.
 */
public final class Kamailio {

    /** TCP port on 127.0.0.1 ({@code MSRP_TCP_PORT}). */
    public static final int TCP_PORT = Interop.port("MSRP_TCP_PORT", 2865);
    /** TLS port on 127.0.0.1 ({@code MSRP_TLS_PORT}). */
    public static final int TLS_PORT = Interop.port("MSRP_TLS_PORT", 2866);
    /** TCP port on ::1 ({@code MSRP_IP6_TCP_PORT}). */
    public static final int TCP6_PORT = Interop.port("MSRP_IP6_TCP_PORT", 2867);
    /** TLS port on ::1 ({@code MSRP_IP6_TLS_PORT}). */
    public static final int TLS6_PORT = Interop.port("MSRP_IP6_TLS_PORT", 2868);
    /** WebSocket port on 127.0.0.1 ({@code MSRP_WS_PORT}). */
    public static final int WS_PORT = Interop.port("MSRP_WS_PORT", 2869);
    /** Secure WebSocket port on 127.0.0.1 ({@code MSRP_WSS_PORT}). */
    public static final int WSS_PORT = Interop.port("MSRP_WSS_PORT", 2870);
    /** The password of alice and bob. */
    public static final String PASSWORD = "secret";
    /** The AUTH realm. */
    public static final String REALM = "example.org";
    /**
     * The largest whole frame Kamailio's msrp module relays: with the default chunk sizes every
     * frame must stay below it.
     */
    public static final int FRAME_LIMIT = 11238;

    private Kamailio() {
    }

    /** The run directory of the relay on 127.0.0.1 ({@code MSRP_RUN_DIR}). */
    public static Path runDir() {
        return Path.of(System.getenv().getOrDefault("MSRP_RUN_DIR", "/tmp/kamailio-msrp"));
    }

    /** The run directory of the relay on ::1 ({@code MSRP_IP6_RUN_DIR}). */
    public static Path runDir6() {
        return Path.of(System.getenv().getOrDefault("MSRP_IP6_RUN_DIR", "/tmp/kamailio-msrp6"));
    }

    /** Skips (or fails, see {@link Interop}) unless the relay on 127.0.0.1 accepts on every one of {@code ports}. */
    public static void requireListening(String what, int... ports) {
        boolean up = true;
        for (int port : ports) {
            up &= Interop.listening("127.0.0.1", port);
        }
        Interop.requireService(what, up);
    }

    /** The fingerprint of {@code dir/relay-cert.pem}, the certificate a Kamailio relay presents. */
    public static Fingerprint certificateFingerprint(Path dir) {
        Path cert = dir.resolve("relay-cert.pem");
        Interop.requireService("the relay's certificate at " + cert, Files.isReadable(cert));
        try (InputStream in = Files.newInputStream(cert)) {
            return Fingerprint.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + cert + ": " + e.getMessage(), e);
        }
    }

    /** The fingerprint of the certificate the relay on 127.0.0.1 presents. */
    public static Fingerprint certificateFingerprint() {
        return certificateFingerprint(runDir());
    }
}
