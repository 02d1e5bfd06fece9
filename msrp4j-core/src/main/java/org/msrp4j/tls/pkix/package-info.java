/**
 * The TLS set-up that needs BouncyCastle: {@link org.msrp4j.tls.pkix.PkixCredentials} reads keys
 * and certificates from PEM files and generates self-signed certificates. Everything else of TLS
 * ({@link org.msrp4j.tls}) uses the JDK alone.
 */
package org.msrp4j.tls.pkix;
