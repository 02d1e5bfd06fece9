package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.chat.ChatPair.WAIT;
import static org.msrp4j.chat.ChatPair.await;
import static org.msrp4j.chat.ChatPair.next;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.msrp4j.chat.payload.DispositionNotification;
import org.msrp4j.chat.payload.ImdnNotification;
import org.msrp4j.chat.payload.ImdnStatus;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.cpim.CpimAddress;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.ConnectionClosedException;

/** Two chat streams on loopback, connected directly. */
class ChatStreamTest {

    @Test
    void messagesBothWaysInCpimByDefaultAndDeliveredOnTheSuccessReport() throws Exception {
        try (ChatPair p = ChatPair.started()) {
            OutgoingChatMessage hello = p.alice.sendMessage("Hello Bob");
            ChatEvent.GotMessage got = next(p.bobEvents, ChatEvent.GotMessage.class);
            assertThat(got.message().text()).isEqualTo("Hello Bob");
            assertThat(got.message().contentType()).isEqualTo("text/plain");
            assertThat(got.message().messageId()).isEqualTo(hello.messageId());
            assertThat(got.message().chunk().contentType()).isEqualTo("message/cpim");
            assertThat(got.message().sender()).isEqualTo(ChatPair.ALICE);
            assertThat(got.message().recipients()).containsExactly(ChatPair.BOB);
            assertThat(got.message().cpimHeaders()).extracting(h -> h.name()).contains("From", "To", "DateTime");
            assertThat(next(p.aliceEvents, ChatEvent.DidDeliverMessage.class).message()).isSameAs(hello);
            assertThat(hello.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(hello.delivery().join().delivered()).isTrue();

            OffsetDateTime when = OffsetDateTime.of(2026, 12, 7, 12, 0, 0, 0, ZoneOffset.UTC);
            OutgoingChatMessage back = p.bob.sendMessage("<b>Hi</b>", "text/html", null, when);
            IncomingChatMessage atAlice = next(p.aliceEvents, ChatEvent.GotMessage.class).message();
            assertThat(atAlice.text()).isEqualTo("<b>Hi</b>");
            assertThat(atAlice.contentType()).isEqualTo("text/html");
            assertThat(atAlice.dateTime()).contains(when);
            assertThat(back.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isTrue();
        }
    }

    @Test
    void plainWhenThePeerDoesNotAcceptCpimOrCpimIsNotPreferred() throws Exception {
        ChatSettings noCpim = ChatSettings.builder().acceptTypes(List.of("text/plain")).build();
        ChatSettings plainPreferred = ChatSettings.builder().preferCpim(false).build();
        try (ChatPair p = ChatPair.started(plainPreferred, noCpim)) {
            p.alice.sendMessage("plain to Bob");
            IncomingChatMessage atBob = next(p.bobEvents, ChatEvent.GotMessage.class).message();
            assertThat(atBob.text()).isEqualTo("plain to Bob");
            assertThat(atBob.cpim()).isEmpty();
            assertThat(atBob.chunk().contentType()).isEqualTo("text/plain");
            assertThat(atBob.sender()).isEqualTo(ChatPair.ALICE);

            p.bob.sendMessage("wrapped to Alice, who names message/cpim");
            IncomingChatMessage atAlice = await(p.aliceEvents, ChatEvent.GotMessage.class).message();
            assertThat(atAlice.cpim()).isPresent();
            assertThat(atAlice.text()).isEqualTo("wrapped to Alice, who names message/cpim");

            assertThatThrownBy(() -> p.alice.sendMessage("<b/>", "text/html")).isInstanceOf(ChatException.class)
                    .hasMessageContaining("does not accept text/html");
        }
    }

    @Test
    void longMessagesGoInChunksAndArriveWhole() throws Exception {
        ChatSettings small = ChatSettings.builder().chunkSize(1000).build();
        try (ChatPair p = ChatPair.started(small, small)) {
            String text = "0123456789abcdefghijklmnopqrstuvwxyz".repeat(1000);
            OutgoingChatMessage sent = p.alice.sendMessage(text);
            IncomingChatMessage got = next(p.bobEvents, ChatEvent.GotMessage.class).message();
            assertThat(got.text()).isEqualTo(text);
            assertThat(got.chunk().byteRange().start()).isGreaterThan(1);
            assertThat(sent.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isTrue();
        }
    }

    @Test
    void aListenerThatDoesNotKeepUpDoesNotStallTheSessionReader() throws Exception {
        ChatEventQueue slowBob = new ChatEventQueue(1);
        try (ChatPair p = ChatPair.started(ChatSettings.DEFAULT, ChatSettings.DEFAULT, slowBob)) {
            List<OutgoingChatMessage> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(p.alice.sendMessage("message " + i));
            }
            for (OutgoingChatMessage m : sent) {
                assertThat(m.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered())
                        .as("delivered while Bob's listener is stuck").isTrue();
            }
            assertThat(slowBob.size()).isOne();
            for (int i = 0; i < 20; i++) {
                assertThat(next(slowBob, ChatEvent.GotMessage.class).message().text()).isEqualTo("message " + i);
            }
        }
    }

    @Test
    void messagesSentBeforeStartAreQueuedAndSentInOrder() throws Exception {
        ChatPair p = ChatPair.unstarted(ChatSettings.DEFAULT, ChatSettings.DEFAULT);
        try (p) {
            OutgoingChatMessage first = p.alice.sendMessage("first");
            OutgoingChatMessage second = p.alice.sendMessage("second");
            p.start();
            assertThat(next(p.bobEvents, ChatEvent.GotMessage.class).message().text()).isEqualTo("first");
            assertThat(next(p.bobEvents, ChatEvent.GotMessage.class).message().text()).isEqualTo("second");
            assertThat(first.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isTrue();
            assertThat(second.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isTrue();
        }
    }

    @Test
    void overTlsTheOffererAcceptsOnlyTheCertificateTheAnswerNames() throws Exception {
        ChatSettings tls = ChatSettings.builder().useTls(true).build();
        try (ChatPair p = ChatPair.started(tls, tls)) {
            assertThat(p.bob.localMedia().fingerprints()).hasSize(1);
            ChatScenario.exercise(p);
        }
        ChatPair p = ChatPair.unstarted(tls, tls);
        try (p) {
            MsrpMedia offer = p.alice.initialize();
            String answer = p.bob.initialize(offer).encode();
            Matcher first = Pattern.compile("a=fingerprint:\\S+ ([0-9A-F]{2})").matcher(answer);
            assertThat(first.find()).isTrue();
            String forged = answer.substring(0, first.start(1)) + (first.group(1).equals("00") ? "01" : "00")
                    + answer.substring(first.end(1));
            Thread.ofVirtual().start(() -> {
                try {
                    p.bob.start(offer);
                } catch (Exception e) {
                    return;
                }
            });
            assertThatThrownBy(() -> p.alice.start(MsrpMedia.parse(forged))).isInstanceOf(IOException.class);
            await(p.aliceEvents, ChatEvent.DidFail.class);
            await(p.aliceEvents, ChatEvent.DidEnd.class);
        }
    }

    @Test
    void aQueuedMessageThePeerCannotTakeIsNotDeliveredOnceStarted() throws Exception {
        ChatPair p = ChatPair.unstarted(ChatSettings.DEFAULT, ChatSettings.builder()
                .acceptTypes(List.of("message/cpim", "text/plain")).acceptWrappedTypes(List.of("text/plain")).build());
        try (p) {
            OutgoingChatMessage secret = p.alice.sendMessage("psst", "text/plain", "sip:carol@example.org", null);
            OutgoingChatMessage html = p.alice.sendMessage("<b>hi</b>", "text/html");
            OutgoingChatMessage fine = p.alice.sendMessage("fine");
            p.start();
            assertThat(secret.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(403);
            assertThat(html.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(415);
            assertThat(fine.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isTrue();
            assertThat(await(p.aliceEvents, ChatEvent.DidNotDeliverMessage.class).message()).isSameAs(secret);
            assertThat(await(p.aliceEvents, ChatEvent.DidNotDeliverMessage.class).message()).isSameAs(html);
            assertThat(await(p.bobEvents, ChatEvent.GotMessage.class).message().text()).isEqualTo("fine");
        }
    }

    @Test
    void withSessmatchBothSidesSayMsrpCemaAndChat() throws Exception {
        ChatSettings cema = ChatSettings.builder().connect(ConnectSettings.builder().useSessmatch(true).build())
                .localHost("127.0.0.1").build();
        try (ChatPair p = ChatPair.started(cema, cema)) {
            assertThat(p.alice.localMedia().msrpCema()).isTrue();
            assertThat(p.bob.localMedia().msrpCema()).isTrue();
            p.alice.sendMessage("matched by session id");
            assertThat(next(p.bobEvents, ChatEvent.GotMessage.class).message().text())
                    .isEqualTo("matched by session id");
        }
    }

    @Test
    void endPostsWillEndThenDidEndAndThePeerFailsThenEnds() throws Exception {
        ChatPair p = ChatPair.started();
        try (p) {
            p.alice.end().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            next(p.aliceEvents, ChatEvent.WillEnd.class);
            next(p.aliceEvents, ChatEvent.DidEnd.class);
            assertThat(next(p.bobEvents, ChatEvent.DidFail.class).reason())
                    .isInstanceOf(ConnectionClosedException.class);
            next(p.bobEvents, ChatEvent.DidEnd.class);
            assertThat(p.bob.ended()).succeedsWithin(WAIT);
            assertThatThrownBy(() -> p.alice.sendMessage("too late")).isInstanceOf(ChatException.class);
        }
    }

    /**
     * Messages go under Failure-Report partial, whose responses never come on success: end() closes
     * as soon as the last fate is in, far sooner than the session's timeouts, and the success
     * REPORT this side owes the peer still goes out first.
     */
    @Test
    void endClosesOnceTheLastFateIsInAndStillWritesTheReportsItOwes() throws Exception {
        SessionSettings patient = SessionSettings.builder().responseTimeout(Duration.ofSeconds(60))
                .shutdownTimeout(Duration.ofSeconds(60)).build();
        ChatSettings settings = ChatSettings.builder().sessionSettings(patient).build();
        try (ChatPair p = ChatPair.started(settings, settings)) {
            OutgoingChatMessage mine = p.alice.sendMessage("last words");
            OutgoingChatMessage bobs = p.bob.sendMessage("report this to me");
            assertThat(await(p.aliceEvents, ChatEvent.GotMessage.class).message().text())
                    .isEqualTo("report this to me");
            assertThat(mine.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);

            long start = System.nanoTime();
            p.alice.end().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("far less than the session's 60 s timeouts").isLessThan(Duration.ofSeconds(10));
            assertThat(bobs.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void aMessageToAPeerThatWentAwayIsNotDelivered() throws Exception {
        try (ChatPair p = ChatPair.started()) {
            p.bob.end().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            next(p.aliceEvents, ChatEvent.DidFail.class);
            assertThatThrownBy(() -> p.alice.sendMessage("anyone?")).isInstanceOf(ChatException.class);
        }
    }

    @Test
    void typingBothWaysWithIdleTimeoutAndAMessageEndingIt() throws Exception {
        ChatSettings quick = ChatSettings.builder().composingIdleTimeout(Duration.ofMillis(300)).build();
        try (ChatPair p = ChatPair.started(quick, quick)) {
            p.alice.setComposing(true);
            assertThat(next(p.bobEvents, ChatEvent.ComposingChanged.class).composing()).isTrue();
            assertThat(next(p.bobEvents, ChatEvent.ComposingChanged.class).composing()).isFalse();
            assertThat(p.bob.isRemoteComposing()).isFalse();

            p.bob.setComposing(true);
            assertThat(next(p.aliceEvents, ChatEvent.ComposingChanged.class).composing()).isTrue();
            assertThat(p.alice.isRemoteComposing()).isTrue();
            p.bob.sendMessage("done typing");
            assertThat(next(p.aliceEvents, ChatEvent.ComposingChanged.class).composing()).isFalse();
            assertThat(next(p.aliceEvents, ChatEvent.GotMessage.class).message().text()).isEqualTo("done typing");
        }
    }

    @Test
    void typingIsNotSentToAPeerThatDoesNotAcceptIt() throws Exception {
        ChatSettings noTyping = ChatSettings.builder().acceptTypes(List.of("message/cpim", "text/plain"))
                .acceptWrappedTypes(List.of("text/plain")).build();
        try (ChatPair p = ChatPair.started(ChatSettings.DEFAULT, noTyping)) {
            p.alice.setComposing(true);
            p.alice.sendMessage("after typing");
            assertThat(next(p.bobEvents, ChatEvent.GotMessage.class).message().text()).isEqualTo("after typing");
            assertThat(p.bobEvents.size()).isZero();
        }
    }

    @Test
    void deliveryAndDisplayNotificationsBothWays() throws Exception {
        try (ChatPair p = ChatPair.started()) {
            OutgoingChatMessage m = p.alice.message("read me".getBytes(StandardCharsets.UTF_8), "text/plain")
                    .requestNotifications(DispositionNotification.POSITIVE_DELIVERY, DispositionNotification.DISPLAY)
                    .send();
            IncomingChatMessage got = next(p.bobEvents, ChatEvent.GotMessage.class).message();
            var delivered = await(p.aliceEvents, ChatEvent.GotNotification.class).notification();
            assertThat(delivered.messageId()).isEqualTo(m.messageId());
            assertThat(delivered.kind()).isEqualTo(ImdnNotification.DELIVERY);
            assertThat(delivered.status()).isEqualTo(ImdnStatus.DELIVERED);
            p.bob.sendDisplayNotification(got);
            var displayed = await(p.aliceEvents, ChatEvent.GotNotification.class).notification();
            assertThat(displayed.kind()).isEqualTo(ImdnNotification.DISPLAY);
            assertThat(displayed.status()).isEqualTo(ImdnStatus.DISPLAYED);
            assertThat(m.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isTrue();

            OutgoingChatMessage back = p.bob.message("and you".getBytes(StandardCharsets.UTF_8), "text/plain")
                    .requestNotifications(DispositionNotification.DISPLAY).send();
            IncomingChatMessage atAlice = await(p.aliceEvents, ChatEvent.GotMessage.class).message();
            p.alice.sendDisplayNotification(atAlice);
            assertThat(await(p.bobEvents, ChatEvent.GotNotification.class).notification().messageId())
                    .isEqualTo(back.messageId());
            IncomingChatMessage plainOne = sendAndReceive(p.bob, p.aliceEvents, "no notifications asked");
            assertThatThrownBy(() -> p.alice.sendDisplayNotification(plainOne)).isInstanceOf(ChatException.class);
        }
    }

    private static IncomingChatMessage sendAndReceive(ChatStream from, ChatEventQueue to, String text)
            throws Exception {
        from.sendMessage(text);
        return await(to, ChatEvent.GotMessage.class).message();
    }

    @Test
    void privateMessagesOnlyToAPeerThatOffersThem() throws Exception {
        try (ChatPair p = ChatPair.started()) {
            assertThatThrownBy(() -> p.alice.sendMessage("psst", "text/plain", "sip:carol@example.org", null))
                    .isInstanceOf(PrivateMessageException.class).hasMessageContaining("private-messages");
            p.alice.sendMessage("to Bob himself", "text/plain", ChatPair.BOB.uri(), null);
            assertThat(next(p.bobEvents, ChatEvent.GotMessage.class).message().text()).isEqualTo("to Bob himself");
        }
        ChatSettings room = ChatSettings.builder().chatroom(Set.of(ChatStream.PRIVATE_MESSAGES)).build();
        try (ChatPair p = ChatPair.started(ChatSettings.DEFAULT, room)) {
            OutgoingChatMessage m = p.alice.sendMessage("psst", "text/plain", "sip:carol@example.org", null);
            IncomingChatMessage got = next(p.bobEvents, ChatEvent.GotMessage.class).message();
            assertThat(got.recipients()).containsExactly(CpimAddress.of("sip:carol@example.org"));
            assertThat(m.delivery().get(WAIT.toSeconds(), TimeUnit.SECONDS).delivered()).isTrue();
        }
    }

    @Test
    void nicknameOnlyWhenOffered() throws Exception {
        ChatSettings room = ChatSettings.builder().chatroom(Set.of(ChatStream.NICKNAME)).build();
        try (ChatPair p = ChatPair.started(ChatSettings.DEFAULT, room)) {
            assertThat(p.alice.setNickname("Ali \"the\" Great").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(next(p.bobEvents, ChatEvent.GotNickname.class).nickname()).isEqualTo("Ali \"the\" Great");
            assertThatThrownBy(() -> p.bob.setNickname("Bobby")).isInstanceOf(ChatException.class)
                    .hasMessageContaining("nickname");
        }
    }
}
