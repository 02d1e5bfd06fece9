package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.chat.ChatPair.ALICE;
import static org.msrp4j.chat.ChatPair.BOB;
import static org.msrp4j.chat.ChatPair.WAIT;
import static org.msrp4j.chat.ChatPair.await;
import static org.msrp4j.chat.ChatPair.next;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.chat.payload.Imdn;
import org.msrp4j.chat.payload.ImdnNotification;
import org.msrp4j.chat.payload.ImdnStatus;
import org.msrp4j.cpim.CpimMessage;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.Role;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;

/**
 * A chat stream against a peer made of core parts ({@link RawPeer}): peers that refuse, go silent
 * or go away, and peers that send what the stream must refuse (malformed CPIM, hostile XML, types it
 * does not accept, messages over its max-size) while it goes on working; and sipsimple's habits.
 */
class ChatPeerTest {

    private static final MediaSettings CPIM_PEER = MediaSettings.builder()
            .acceptTypes(List.of("message/cpim", "text/plain", "application/im-iscomposing+xml"))
            .acceptWrappedTypes(List.of("text/plain", "application/im-iscomposing+xml", "message/imdn+xml")).build();

    private final ChatEventQueue events = new ChatEventQueue();
    private ChatStream alice;
    private RawPeer peer;
    private MsrpSession session;

    @AfterEach
    void stop() throws Exception {
        if (alice != null) {
            alice.end().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        if (session != null) {
            session.shutdown(false);
        }
        if (peer != null) {
            peer.close();
        }
    }

    private void connect(ChatSettings settings, MediaSettings media) throws Exception {
        alice = new ChatStream(ALICE, BOB, Role.OFFERER, settings, events);
        peer = RawPeer.answering(alice, media);
        next(events, ChatEvent.DidInitialize.class);
        next(events, ChatEvent.DidStart.class);
    }

    private MsrpChunk send(String type, byte[] body) {
        return peer.transport.newChunk().contentType(type).data(body).build();
    }

    private MsrpChunk send(String type, String body) {
        return send(type, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReceiverThatRefusesTheTypeMakesItNotDeliveredWithItsCode() throws Exception {
        connect(ChatSettings.DEFAULT, CPIM_PEER);
        session = MsrpSession.startQueued(peer.transport, SessionSettings.builder().acceptTypes(List.of("text/html"))
                .build());

        OutgoingChatMessage m = alice.sendMessage("refused");

        ChatEvent.DidNotDeliverMessage not = next(events, ChatEvent.DidNotDeliverMessage.class);
        assertThat(not.message()).isSameAs(m);
        assertThat(not.code()).isEqualTo(415);
        assertThat(m.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(415);
    }

    @Test
    void aReceiverThatNeverReportsTimesOut() throws Exception {
        connect(ChatSettings.builder().deliveryTimeout(Duration.ofMillis(500)).build(), CPIM_PEER);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    peer.transport.readChunk();
                }
            } catch (Exception e) {
                return;
            }
        });

        OutgoingChatMessage m = alice.sendMessage("into the void");

        ChatEvent.DidNotDeliverMessage not = next(events, ChatEvent.DidNotDeliverMessage.class);
        assertThat(not.message()).isSameAs(m);
        assertThat(not.code()).isEqualTo(408);
        peer.close();
        reader.join(WAIT.toMillis());
    }

    @Test
    void aReceiverThatGoesAwayBeforeReportingMakesTheMessageNotDelivered() throws Exception {
        connect(ChatSettings.DEFAULT, CPIM_PEER);

        OutgoingChatMessage m = alice.sendMessage("are you there?");
        assertThat(peer.transport.readChunk().messageId()).isEqualTo(m.messageId());
        peer.close();

        await(events, ChatEvent.DidFail.class);
        assertThat(m.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isFalse();
        await(events, ChatEvent.DidEnd.class);
    }

    @Test
    void badInputIsRefusedOnTheWireWithItsOwnCodeAndTheStreamGoesOn() throws Exception {
        connect(ChatSettings.builder().maxMessageSize(2000).build(), CPIM_PEER);
        session = MsrpSession.startQueued(peer.transport, SessionSettings.DEFAULT);

        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE isComposing [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"><state>&xxe;</state></isComposing>";
        String cpimOf = "From: <sip:bob@example.org>\r\nTo: <sip:alice@example.org>\r\n\r\nContent-Type: %s\r\n\r\n%s";
        List<MsrpChunk> hostile = List.of(
                send("message/cpim", "this is not CPIM at all"),
                send("application/im-iscomposing+xml", xxe),
                send("message/cpim", String.format(cpimOf, "application/im-iscomposing+xml", xxe)),
                send("message/cpim", String.format(cpimOf, "message/imdn+xml", "<imdn><message-id>x")),
                send("message/cpim", String.format(cpimOf, "image/png", "PNG")),
                send("text/plain", "x".repeat(3000)));
        int[] codes = {400, 400, 400, 400, 415, 413};
        for (int i = 0; i < hostile.size(); i++) {
            MsrpChunk chunk = hostile.get(i);
            int code = codes[i];
            assertThatThrownBy(() -> session.deliverChunk(chunk)).isInstanceOf(MsrpTransactionException.class)
                    .extracting(e -> ((MsrpTransactionException) e).code()).as("the peer sees the refusal's code")
                    .isEqualTo(code);
            ChatInputException error = next(events, ChatEvent.GotInvalidMessage.class).error();
            assertThat(error.statusCode()).as(error.getMessage()).isEqualTo(codes[i]);
            assertThat(error.messageId()).isEqualTo(chunk.messageId());
        }

        assertThat(session.deliverChunk(send("text/plain", "still here")).code()).isEqualTo(200);
        assertThat(next(events, ChatEvent.GotMessage.class).message().text()).isEqualTo("still here");
        assertThat(alice.isStarted()).isTrue();
    }

    @Test
    void aRefusedMessageThatAskedForItGetsANegativeDeliveryNotification() throws Exception {
        connect(ChatSettings.DEFAULT, CPIM_PEER);
        session = MsrpSession.startQueued(peer.transport, SessionSettings.DEFAULT);
        String png = "From: <sip:bob@example.org>\r\nTo: <sip:alice@example.org>\r\nNS: imdn <urn:ietf:params:imdn>\r\n"
                + "imdn.Message-ID: Png0000001\r\nDateTime: 2026-12-07T12:00:00Z\r\n"
                + "imdn.Disposition-Notification: negative-delivery\r\n\r\nContent-Type: image/png\r\n\r\nPNG";

        assertThatThrownBy(() -> session.deliverChunk(send("message/cpim", png)))
                .isInstanceOf(MsrpTransactionException.class)
                .extracting(e -> ((MsrpTransactionException) e).code()).isEqualTo(415);

        MsrpChunk notification = session.receiveChunk(WAIT);
        if ("REPORT".equals(notification.method())) {
            assertThat(notification.status().code()).as("the failure REPORT Failure-Report: yes asks for")
                    .isEqualTo(415);
            notification = session.receiveChunk(WAIT);
        }
        assertThat(notification.method()).isEqualTo("SEND");
        assertThat(notification.contentType()).isEqualTo("message/cpim");
        Imdn imdn = Imdn.parse(CpimMessage.parse(notification.data()).body());
        assertThat(imdn.messageId()).isEqualTo("Png0000001");
        assertThat(imdn.kind()).isEqualTo(ImdnNotification.DELIVERY);
        assertThat(imdn.status()).isEqualTo(ImdnStatus.FAILED);
        assertThat(next(events, ChatEvent.GotInvalidMessage.class).error().statusCode()).isEqualTo(415);
    }

    @Test
    void aPeerOpeningTooManyMessagesAtOnceIsRefusedTheExtraOnesUntilOneIsDone() throws Exception {
        connect(ChatSettings.DEFAULT, CPIM_PEER);
        session = MsrpSession.startQueued(peer.transport, SessionSettings.DEFAULT);
        List<String> open = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            MsrpChunk first = peer.transport.newChunk().contentType("text/plain").data("first half").total(20).build();
            assertThat(session.deliverChunk(first).code()).isEqualTo(200);
            open.add(first.messageId());
        }
        MsrpChunk ninth = peer.transport.newChunk().contentType("text/plain").data("one too many").total(30).build();

        assertThatThrownBy(() -> session.deliverChunk(ninth)).isInstanceOf(MsrpTransactionException.class)
                .extracting(e -> ((MsrpTransactionException) e).code()).isEqualTo(413);
        assertThat(next(events, ChatEvent.GotInvalidMessage.class).error().statusCode()).isEqualTo(413);

        MsrpChunk rest = peer.transport.newChunk().messageId(open.get(3)).contentType("text/plain").data("other half")
                .start(11).total(20).build();
        assertThat(session.deliverChunk(rest).code()).isEqualTo(200);
        assertThat(next(events, ChatEvent.GotMessage.class).message().text()).isEqualTo("first halfother half");
        assertThat(session.deliverChunk(send("text/plain", "now a new one goes")).code()).isEqualTo(200);
        assertThat(next(events, ChatEvent.GotMessage.class).message().text()).isEqualTo("now a new one goes");
    }

    @Test
    void sipsimpleCpimWithRequiredLfLineEndsAndCharsetUtf8IsRead() throws Exception {
        connect(ChatSettings.DEFAULT, CPIM_PEER);
        session = MsrpSession.startQueued(peer.transport, SessionSettings.DEFAULT);
        String sipsimple = "From: Bob <sip:bob@example.org>\nTo: <sip:alice@example.org>\n"
                + "DateTime: 2026-12-07T12:00:00+00:00\nRequired: DateTime\n\n"
                + "Content-Type: text/plain; charset=\"utf8\"\n\nGrüße, Alice";

        assertThat(session.deliverChunk(send("message/cpim", sipsimple)).code()).isEqualTo(200);

        IncomingChatMessage got = next(events, ChatEvent.GotMessage.class).message();
        assertThat(got.text()).isEqualTo("Grüße, Alice");
        assertThat(got.sender()).isEqualTo(BOB);
    }

    @Test
    void aNicknameThePeerNeverAnswersEndsIn408AndTheStreamGoesOn() throws Exception {
        ChatSettings quick = ChatSettings.builder()
                .sessionSettings(SessionSettings.builder().responseTimeout(Duration.ofMillis(500)).build()).build();
        connect(quick, MediaSettings.builder().acceptTypes(List.of("message/cpim", "text/plain"))
                .acceptWrappedTypes(List.of("text/plain")).chatroom(List.of("nickname")).build());

        var nick = alice.setNickname("Ali");
        MsrpChunk request = peer.transport.readChunk();
        assertThat(request.method()).isEqualTo("NICKNAME");

        assertThat(nick.get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(408);
        assertThat(alice.isStarted()).isTrue();
    }
}
