package org.msrp4j.chat.payload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.cpim.CpimException;
import org.msrp4j.cpim.CpimMessage;

/** The CPIM headers that request IMDNs (RFC 5438 §6). */
class ImdnRequestTest {

    private static CpimMessage parse(String cpim) throws CpimException {
        return CpimMessage.parse(cpim.getBytes(UTF_8));
    }

    @Test
    void rfc5438RequestExample() throws CpimException {
        byte[] wire = Fixtures.read("rfc5438-s7.1.1.3-request.cpim");
        CpimMessage m = CpimMessage.parse(wire);

        assertThat(m.encode()).isEqualTo(wire);
        assertThat(ImdnRequest.of(m)).contains(ImdnRequest.of("34jk324j",
                DispositionNotification.POSITIVE_DELIVERY, DispositionNotification.NEGATIVE_DELIVERY));
        assertThat(m.dateTime()).contains(OffsetDateTime.of(2006, 4, 4, 12, 16, 49, 0, ZoneOffset.ofHours(-5)));
        assertThat(new String(m.body(), UTF_8)).isEqualTo("Hello World");
    }

    @Test
    void applyToWritesTheHeadersOnceDeclared() {
        CpimMessage.Builder b = CpimMessage.builder().from(CpimAddress.of("sip:a@example.com"))
                .to(CpimAddress.of("sip:b@example.com"));
        ImdnRequest.of("34jk324j", DispositionNotification.DISPLAY, DispositionNotification.POSITIVE_DELIVERY,
                DispositionNotification.NEGATIVE_DELIVERY).applyTo(b);
        CpimMessage m = b.contentType("text/plain").body("x".getBytes(UTF_8)).build();

        assertThat(new String(m.encode(), UTF_8)).startsWith("From: <sip:a@example.com>\r\n"
                + "To: <sip:b@example.com>\r\n"
                + "NS: imdn <urn:ietf:params:imdn>\r\n"
                + "imdn.Message-ID: 34jk324j\r\n"
                + "imdn.Disposition-Notification: positive-delivery, negative-delivery, display\r\n\r\n");
    }

    @Test
    void readsWhateverPrefixTheSenderDeclared() throws CpimException {
        CpimMessage prefixed = parse("NS: x <urn:ietf:params:imdn>\r\nx.Message-ID: m1\r\n"
                + "x.Disposition-Notification: Display ,unknown-thing\r\n\r\nContent-Type: text/plain\r\n\r\n");
        CpimMessage byDefault = parse("NS: <urn:ietf:params:imdn>\r\nMessage-ID: m2\r\n"
                + "Disposition-Notification: processing\r\n\r\nContent-Type: text/plain\r\n\r\n");

        assertThat(ImdnRequest.of(prefixed)).contains(ImdnRequest.of("m1", DispositionNotification.DISPLAY));
        assertThat(ImdnRequest.of(byDefault)).contains(ImdnRequest.of("m2", DispositionNotification.PROCESSING));
    }

    @Test
    void anImdnPrefixBoundToAnotherNamespaceIsNotImdn() throws CpimException {
        CpimMessage m = parse("NS: imdn <urn:example:other>\r\nimdn.Message-ID: m1\r\n\r\n"
                + "Content-Type: text/plain\r\n\r\n");

        assertThat(ImdnRequest.of(m)).isEqualTo(Optional.empty());
    }

    @Test
    void noMessageIdMeansNoRequest() throws CpimException {
        assertThat(ImdnRequest.of(parse("From: <sip:a@b>\r\n\r\nContent-Type: text/plain\r\n\r\n"))).isEmpty();
        assertThat(ImdnRequest.of(parse("NS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: a b\r\n\r\n"
                + "Content-Type: text/plain\r\n\r\n"))).isEmpty();
    }

    @Test
    void noDispositionHeaderRequestsNothing() throws CpimException {
        Optional<ImdnRequest> r = ImdnRequest.of(parse("NS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: m\r\n\r\n"
                + "Content-Type: text/plain\r\n\r\n"));

        assertThat(r).isPresent();
        assertThat(r.get().requested()).isEmpty();
        assertThat(r.get().wants(DispositionNotification.DISPLAY)).isFalse();
    }

    @Test
    void dispositionValuesRoundTrip() {
        EnumSet<DispositionNotification> all = EnumSet.allOf(DispositionNotification.class);
        assertThat(DispositionNotification.parse(DispositionNotification.encode(all))).isEqualTo(all);
        assertThat(DispositionNotification.encode(EnumSet.noneOf(DispositionNotification.class))).isEmpty();
    }

    @Test
    void refusesAMalformedMessageId() {
        assertThatThrownBy(() -> ImdnRequest.of("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImdnRequest.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
