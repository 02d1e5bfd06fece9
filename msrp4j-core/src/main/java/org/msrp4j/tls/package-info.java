/** TLS material for {@code msrps:} connections: {@link org.msrp4j.tls.TlsCredentials}. */
package org.msrp4j.tls;
