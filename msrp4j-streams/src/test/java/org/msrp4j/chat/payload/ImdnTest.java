package org.msrp4j.chat.payload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimException;
import org.msrp4j.cpim.CpimHeader;
import org.msrp4j.cpim.CpimMessage;

/** The RFC 5438 notification document and the CPIM message that carries it. */
class ImdnTest {

    private static final OffsetDateTime SENT = OffsetDateTime.of(2008, 4, 4, 12, 16, 49, 0, ZoneOffset.ofHours(-5));
    private static final String NS = "xmlns=\"urn:ietf:params:xml:ns:imdn\"";

    private static Imdn parse(String xml) throws PayloadException {
        return Imdn.parse(xml.getBytes(UTF_8));
    }

    private static byte[] body(CpimMessage m) {
        ByteBuffer b = m.bodyBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    @Test
    void rfc5438DeliveryNotificationExample() throws CpimException, PayloadException {
        byte[] wire = Fixtures.read("rfc5438-s7.2.1.1-delivery.cpim");
        CpimMessage cpim = CpimMessage.parse(wire);

        assertThat(cpim.encode()).isEqualTo(wire);
        assertThat(cpim.contentType()).contains(Imdn.CONTENT_TYPE);
        assertThat(cpim.mimeHeader("Content-Disposition")).contains("notification");
        assertThat(cpim.header(ImdnRequest.NAMESPACE, "Message-ID").map(CpimHeader::value)).contains("d834jied93rf");
        Imdn imdn = Imdn.parse(body(cpim));
        assertThat(imdn).isEqualTo(new Imdn("34jk324j", SENT, "im:bob@example.com", "im:bob@example.com", null,
                ImdnNotification.DELIVERY, ImdnStatus.DELIVERED));
        assertThat(Imdn.parse(imdn.encode())).isEqualTo(imdn);
    }

    @Test
    void rfc5438DisplayNotificationExample() throws CpimException, PayloadException {
        byte[] wire = Fixtures.read("rfc5438-s7.2.1.2-display.cpim");
        CpimMessage cpim = CpimMessage.parse(wire);

        assertThat(cpim.encode()).isEqualTo(wire);
        Imdn imdn = Imdn.parse(body(cpim));
        assertThat(imdn).isEqualTo(new Imdn("34jk324j", SENT, "im:bob@example.com", "im:bob@example.com", null,
                ImdnNotification.DISPLAY, ImdnStatus.DISPLAYED));
        assertThat(Imdn.parse(imdn.encode())).isEqualTo(imdn);
    }

    @Test
    void writesElementsInSchemaOrder() {
        Imdn imdn = new Imdn("34jk324j", SENT, "sip:bob@example.com", "sip:list@example.com", "hi & bye",
                ImdnNotification.DELIVERY, ImdnStatus.FAILED);

        assertThat(new String(imdn.encode(), UTF_8)).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <imdn xmlns="urn:ietf:params:xml:ns:imdn">
                  <message-id>34jk324j</message-id>
                  <datetime>2008-04-04T12:16:49-05:00</datetime>
                  <recipient-uri>sip:bob@example.com</recipient-uri>
                  <original-recipient-uri>sip:list@example.com</original-recipient-uri>
                  <subject>hi &amp; bye</subject>
                  <delivery-notification>
                    <status>
                      <failed/>
                    </status>
                  </delivery-notification>
                </imdn>
                """);
    }

    @Test
    void toCpimMakesTheMessageRfc5438Describes() throws CpimException, PayloadException {
        Imdn imdn = Imdn.of("34jk324j", SENT, "sip:bob@example.com", ImdnNotification.DISPLAY, ImdnStatus.DISPLAYED);
        OffsetDateTime now = OffsetDateTime.of(2008, 4, 4, 12, 20, 0, 0, ZoneOffset.UTC);

        CpimMessage cpim = imdn.toCpim(CpimAddress.of("Bob", "sip:bob@example.com"),
                CpimAddress.of("sip:alice@example.com"), "dfjkleriou432333", now);

        String head = new String(cpim.encode(), UTF_8);
        assertThat(head).startsWith("""
                From: Bob <sip:bob@example.com>\r
                To: <sip:alice@example.com>\r
                NS: imdn <urn:ietf:params:imdn>\r
                imdn.Message-ID: dfjkleriou432333\r
                DateTime: 2008-04-04T12:20:00Z\r
                \r
                Content-Type: message/imdn+xml\r
                Content-Disposition: notification\r
                \r
                """);
        CpimMessage back = CpimMessage.parse(cpim.encode());
        assertThat(Imdn.parse(body(back))).isEqualTo(imdn);
    }

    @Test
    void readsElementsInAnyOrderAndSkipsExtensions() throws PayloadException {
        Imdn imdn = parse("<i:imdn xmlns:i=\"urn:ietf:params:xml:ns:imdn\" xmlns:x=\"urn:example\">"
                + "<i:processing-notification><i:status><x:why/><i:stored/></i:status></i:processing-notification>"
                + "<x:extra>1</x:extra><i:datetime>2008-04-04T17:16:49Z</i:datetime>"
                + "<i:message-id> m1 </i:message-id></i:imdn>");

        assertThat(imdn).isEqualTo(new Imdn("m1", OffsetDateTime.of(2008, 4, 4, 17, 16, 49, 0, ZoneOffset.UTC),
                null, null, null, ImdnNotification.PROCESSING, ImdnStatus.STORED));
    }

    @Test
    void refusesMalformedDocuments() {
        String id = "<message-id>m</message-id>";
        String dt = "<datetime>2008-04-04T12:16:49-05:00</datetime>";
        String delivered = "<delivery-notification><status><delivered/></status></delivery-notification>";
        assertThatThrownBy(() -> parse("<imdn " + NS + ">" + dt + delivered + "</imdn>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("<message-id> is missing");
        assertThatThrownBy(() -> parse("<imdn " + NS + ">" + id + delivered + "</imdn>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("<datetime> is missing");
        assertThatThrownBy(() -> parse("<imdn " + NS + ">" + id + dt + "</imdn>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("no delivery, display or processing");
        assertThatThrownBy(() -> parse("<imdn " + NS + ">" + id + dt + delivered
                + "<display-notification><status><displayed/></status></display-notification></imdn>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> parse("<imdn " + NS + ">" + id + dt
                + "<display-notification><status><delivered/></status></display-notification></imdn>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("no status valid");
        assertThatThrownBy(() -> parse("<imdn " + NS + ">" + id + dt
                + "<delivery-notification></delivery-notification></imdn>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("no <status>");
        assertThatThrownBy(() -> parse("<imdn>" + id + dt + delivered + "</imdn>"))
                .isInstanceOf(PayloadException.class).hasMessageContaining("not an <imdn> document");
    }

    @Test
    void refusesAStatusTheKindCannotCarry() {
        assertThatThrownBy(() -> Imdn.of("m", SENT, null, ImdnNotification.DISPLAY, ImdnStatus.DELIVERED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ImdnStatus.FORBIDDEN.isValidFor(ImdnNotification.DISPLAY)).isTrue();
        assertThat(ImdnStatus.ERROR.isValidFor(ImdnNotification.PROCESSING)).isTrue();
        assertThat(ImdnStatus.STORED.isValidFor(ImdnNotification.DELIVERY)).isFalse();
    }
}
