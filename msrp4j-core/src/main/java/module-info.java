/**
 * msrp4j's core: the MSRP (RFC 4975) protocol, its transport and sessions, connection set-up
 * directly or through an RFC 4976 relay, and TLS. The digest helpers of {@code org.msrp4j.auth} are
 * exported to the relay alone, and so are the transport's internals (for the relay's tests, which
 * open raw transports to it).
 */
module org.msrp4j.core {
    requires transitive org.slf4j;
    requires java.net.http;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;
    requires org.dnsjava;

    exports org.msrp4j;
    exports org.msrp4j.connect;
    exports org.msrp4j.log;
    exports org.msrp4j.protocol;
    exports org.msrp4j.protocol.header;
    exports org.msrp4j.session;
    exports org.msrp4j.tls;
    exports org.msrp4j.tls.pkix;
    exports org.msrp4j.transport;
    exports org.msrp4j.transport.websocket;
    exports org.msrp4j.auth to org.msrp4j.relay;
    exports org.msrp4j.transport.internal to org.msrp4j.relay;
}
