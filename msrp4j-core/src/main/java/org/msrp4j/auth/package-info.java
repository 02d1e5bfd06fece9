/**
 * Authentication shared by the relay client and the relay server: {@link org.msrp4j.auth.Digest},
 * the HTTP digest (RFC 2617) arithmetic of RFC 4976 AUTH requests.
 */
package org.msrp4j.auth;
