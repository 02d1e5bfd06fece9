/**
 * TLS for {@code msrps:} connections, with the JDK alone.
 *
 * <ul>
 *   <li>{@link org.msrp4j.tls.TlsCredentials}: a private key and certificate chain, loaded from a
 *       PKCS12/JKS key store or given; {@link org.msrp4j.tls.pkix.PkixCredentials} (BouncyCastle)
 *       reads PEM files and generates a self-signed certificate per endpoint; loading failures are
 *       {@link org.msrp4j.tls.TlsCredentialsException}s naming the file and the problem.
 *   <li>{@link org.msrp4j.tls.Fingerprint}: a certificate fingerprint in the SDP {@code
 *       a=fingerprint} form ({@code SHA-256 AB:CD:...}, RFC 8122), parsed, formatted and matched.
 *   <li>{@link org.msrp4j.tls.TlsContexts}: ready {@code SSLContext}s (TLS 1.3 and 1.2 only) for
 *       the server and client sides, and the peer's certificate and fingerprint after a handshake.
 *   <li>{@link org.msrp4j.tls.ReadAheadSocket}: a plain socket (and listener) for TLS to be layered
 *       on, whose reads take all the kernel holds so JSSE's two reads per record rarely reach it.
 * </ul>
 *
 * <p>MSRP endpoints authenticate each other by the fingerprint exchanged in SDP, not by certificate
 * authorities: the server and default client contexts accept any certificate, and the application
 * must compare fingerprints (or give the expected one to the client context). See {@link
 * org.msrp4j.tls.TlsContexts}. Connections to a relay are the exception: {@link
 * org.msrp4j.connect.RelaySettings} checks the relay's certificate by default (trusted CAs or a
 * pinned fingerprint).
 */
package org.msrp4j.tls;
