/**
 * The binding handshake (RFC 4975 §5.4) the connectors run on a transport they opened: {@link
 * org.msrp4j.connect.internal.Binding}. Not part of the API: the module does not export this package.
 */
package org.msrp4j.connect.internal;
