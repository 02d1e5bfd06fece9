/**
 * msrp4j's media streams over MSRP sessions: chat (RFC 4975 with CPIM, IMDN and is-composing), file
 * transfer (RFC 5547) and screen sharing, with the SDP offer/answer that sets each up.
 */
module org.msrp4j.streams {
    requires transitive org.msrp4j.core;
    requires java.xml;
    requires org.slf4j;

    exports org.msrp4j.chat;
    exports org.msrp4j.chat.payload;
    exports org.msrp4j.cpim;
    exports org.msrp4j.file;
    exports org.msrp4j.screen;
    exports org.msrp4j.sdp;
    exports org.msrp4j.stream;
}
