/**
 * msrp4j's RFC 4976 relay: {@link org.msrp4j.relay.MsrpRelay} and its configuration, and the
 * sources of accounts for AUTH.
 */
module org.msrp4j.relay {
    requires transitive org.msrp4j.core;
    requires com.zaxxer.hikari;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires java.sql;
    requires org.java_websocket;
    requires jdk.management;
    requires org.slf4j;

    exports org.msrp4j.relay;
    exports org.msrp4j.relay.accounts;
}
