package org.msrp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.transport.Loop.A;
import static org.msrp4j.transport.Loop.B;
import static org.msrp4j.transport.Loop.WAIT;
import static org.msrp4j.transport.Loop.read;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * Binding a connection to a session (RFC 4975 §5.4): {@link Binding#active} and {@link
 * Binding#passive}.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MsrpTransportBindingTest {

    private static final MsrpUri C = MsrpUri.parse("msrp://127.0.0.1:7003/cccc3333;tcp");

    private Loop loop;

    @BeforeEach
    void setUp() {
        loop = new Loop();
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
    }

    interface Action {
        void run() throws Exception;
    }

    private static CompletableFuture<Void> inBackground(String name, Action action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    /** Both sides can talk after binding. */
    private static void assertTalking(Loop.Pair p) throws Exception {
        MsrpChunk ab = p.a().newChunk().data("a to b").build();
        p.a().writeChunk(ab);
        assertThat(read(p.b())).isEqualTo(ab);
        MsrpChunk ba = p.b().newChunk().data("b to a").build();
        p.b().writeChunk(ba);
        assertThat(read(p.a())).isEqualTo(ba);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void activeBindMeetsPassiveAccept(String address) throws Exception {
        Loop.Pair p = loop.tcp(address, TransportSettings.DEFAULT, TransportSettings.DEFAULT);

        CompletableFuture<Void> active = inBackground("test-bind", () -> Binding.active(p.a(), List.of(B), WAIT));
        Binding.passive(p.b(), p.b().localUri(), List.of(A), null, WAIT);
        active.get(5, TimeUnit.SECONDS);

        assertThat(p.a().remoteUri()).isEqualTo(B);
        assertThat(p.a().fullRemotePath()).containsExactly(B);
        assertThat(p.b().remoteUri()).isEqualTo(A);
        assertTalking(p);
    }

    @Test
    void bindingOverTls() throws Exception {
        Loop.Pair p = loop.tls();
        Duration limit = Duration.ofSeconds(2);

        CompletableFuture<Void> active = inBackground("test-bind", () -> Binding.active(p.a(), List.of(B), limit));
        Binding.passive(p.b(), p.b().localUri(), List.of(A), null, limit);
        active.get(5, TimeUnit.SECONDS);

        assertThat(p.a().isTls()).isTrue();
        assertThat(p.a().peerFingerprint()).isPresent();
        assertThat(p.b().peerFingerprint()).isEmpty();
        assertTalking(p);
    }

    @Test
    void serverSideLearnsItsUriFromAcceptBinding() throws Exception {
        Socket[] s = loop.socketPair("127.0.0.1");
        MsrpTransport client = loop.transport(s[0], A, TransportSettings.DEFAULT);
        MsrpTransport server = loop.transport(s[1], null, TransportSettings.DEFAULT);

        CompletableFuture<Void> active = inBackground("test-bind", () -> Binding.active(client, List.of(B), WAIT));
        MsrpChunk first = read(server);
        assertThat(first.toPath()).containsExactly(B);
        Binding.passive(server, B, List.of(A), first, WAIT);
        active.get(5, TimeUnit.SECONDS);

        assertThat(server.localUri()).isEqualTo(B);
        assertTalking(new Loop.Pair(client, server));
    }

    @Test
    void passiveSideWithAnotherRemotePathRefusesWith481() throws Exception {
        Loop.Pair p = loop.tcp();

        CompletableFuture<Void> active = inBackground("test-bind", () -> Binding.active(p.a(), List.of(B), WAIT));
        assertThatThrownBy(() -> Binding.passive(p.b(), p.b().localUri(), List.of(C), null, WAIT))
                .isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.code()).isEqualTo(481));

        Throwable activeFailure = failureOf(active);
        assertThat(activeFailure).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
    }

    @Test
    void activeSideAddressingAnotherSessionIsRefused() throws Exception {
        Loop.Pair p = loop.tcp();

        CompletableFuture<Void> active = inBackground("test-bind", () -> Binding.active(p.a(), List.of(C), WAIT));
        assertThatThrownBy(() -> Binding.passive(p.b(), p.b().localUri(), List.of(A), null, WAIT))
                .isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.code()).isEqualTo(481));

        assertThat(failureOf(active)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
    }

    @Test
    void bothSidesBindingAtOnceBothSucceed() throws Exception {
        Loop.Pair p = loop.tcp();

        CompletableFuture<Void> a = inBackground("test-bind-a", () -> Binding.active(p.a(), List.of(B), WAIT));
        CompletableFuture<Void> b = inBackground("test-bind-b", () -> Binding.active(p.b(), List.of(A), WAIT));
        a.get(5, TimeUnit.SECONDS);
        b.get(5, TimeUnit.SECONDS);

        assertTalking(p);
    }

    @Test
    void bindingSendWithDataIsLeftForReadChunkUnanswered() throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk first = p.a().newChunk().data("hello with the binding").build();
        p.a().writeChunk(first);

        Binding.passive(p.b(), p.b().localUri(), List.of(A), null, WAIT);

        assertThat(read(p.b())).isEqualTo(first);
        assertThatThrownBy(() -> p.a().readChunk(0, Duration.ofMillis(200)))
                .as("nothing answered automatically").isInstanceOf(MsrpTimeoutException.class);
        p.b().writeResponse(first, 200, "OK");
        assertThat(read(p.a()).code()).isEqualTo(200);
    }

    @Test
    void requestsArrivingWhileBindingAreKeptForReadChunk() throws Exception {
        Loop.Raw r = loop.raw();
        MsrpTransport t = r.transport();
        CompletableFuture<Void> active = inBackground("test-bind", () -> Binding.active(t, List.of(A), WAIT));

        MsrpChunk binding = r.peer().read();
        assertThat(binding.method()).isEqualTo("SEND");
        assertThat(binding.toPath()).containsExactly(A);
        assertThat(binding.fromPath()).containsExactly(B);
        assertThat(binding.data()).isEmpty();
        String early = "MSRP early123 SEND\r\nTo-Path: " + B + "\r\nFrom-Path: " + A + "\r\nMessage-ID: m1234\r\n"
                + "Byte-Range: 1-5/5\r\nContent-Type: text/plain\r\n\r\nearly\r\n-------early123$\r\n";
        String otherResponse = "MSRP unrelated1 200 OK\r\nTo-Path: " + B + "\r\nFrom-Path: " + A
                + "\r\n-------unrelated1$\r\n";
        String ok = "MSRP " + binding.transactionId() + " 200 OK\r\nTo-Path: " + B + "\r\nFrom-Path: " + A
                + "\r\n-------" + binding.transactionId() + "$\r\n";
        r.peer().send(early + otherResponse + ok);
        active.get(5, TimeUnit.SECONDS);

        MsrpChunk kept = read(t);
        assertThat(kept.transactionId()).isEqualTo("early123");
        assertThat(kept.data()).isEqualTo(Loop.ascii("early"));
        assertThat(r.peer().silentFor(Duration.ofMillis(150))).isTrue();
    }

    @Test
    void passiveSideIgnoresReportsAndRefusesOtherRequestsBeforeTheSend() throws Exception {
        Loop.Raw r = loop.raw();
        String paths = "To-Path: " + B + "\r\nFrom-Path: " + A + "\r\n";
        r.peer().send("MSRP rep12345 REPORT\r\n" + paths + "Message-ID: m1234\r\nByte-Range: 1-5/5\r\n"
                + "Status: 000 200 OK\r\n-------rep12345$\r\n"
                + "MSRP nick1234 NICKNAME\r\n" + paths + "Use-Nickname: \"x\"\r\n-------nick1234$\r\n"
                + "MSRP bind1234 SEND\r\n" + paths + "Message-ID: m2345\r\nByte-Range: 1-0/0\r\n-------bind1234$\r\n");

        Binding.passive(r.transport(), r.transport().localUri(), List.of(A), null, WAIT);

        MsrpChunk refused = r.peer().read();
        assertThat(refused.transactionId()).isEqualTo("nick1234");
        assertThat(refused.code()).isEqualTo(481);
        MsrpChunk accepted = r.peer().read();
        assertThat(accepted.transactionId()).isEqualTo("bind1234");
        assertThat(accepted.code()).isEqualTo(200);
        assertThat(accepted.toPath()).containsExactly(A);
        assertThat(accepted.fromPath()).containsExactly(B);
        assertThat(r.peer().silentFor(Duration.ofMillis(150))).isTrue();
    }

    @Test
    void simultaneousBindingSendWithWrongPathsIsAnswered481() throws Exception {
        Loop.Raw r = loop.raw();
        MsrpTransport t = r.transport();
        CompletableFuture<Void> active = inBackground("test-bind", () -> Binding.active(t, List.of(A), WAIT));
        MsrpChunk binding = r.peer().read();

        MsrpChunk stray = MsrpChunk.request("stray123", "SEND").addHeader(new ToPathHeader(List.of(C)))
                .addHeader(new FromPathHeader(List.of(A)));
        r.peer().send(stray.encode());
        MsrpChunk answer = r.peer().read();
        assertThat(answer.transactionId()).isEqualTo("stray123");
        assertThat(answer.code()).isEqualTo(481);

        r.peer().send("MSRP " + binding.transactionId() + " 200 OK\r\nTo-Path: " + B + "\r\nFrom-Path: " + A
                + "\r\n-------" + binding.transactionId() + "$\r\n");
        active.get(5, TimeUnit.SECONDS);
    }

    @Test
    void bindTimesOutWhenThePeerIsSilent() throws Exception {
        Loop.Raw r = loop.raw();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Binding.active(r.transport(), List.of(A), Duration.ofMillis(400)))
                .isInstanceOf(MsrpTimeoutException.class);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(ms).isBetween(350L, 2000L);
        assertThat(r.peer().read().method()).isEqualTo("SEND");
    }

    @Test
    void acceptBindingTimesOutWhenNoSendComes() throws Exception {
        Loop.Raw r = loop.raw();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Binding.passive(r.transport(), r.transport().localUri(), List.of(A), null,
                Duration.ofMillis(300)))
                .isInstanceOf(MsrpTimeoutException.class);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 2000L);
    }

    @Test
    void peerErrorOnTheBindingSendIsABindingExceptionWithItsCode() throws Exception {
        Loop.Raw r = loop.raw();
        CompletableFuture<Void> active = inBackground("test-bind",
                () -> Binding.active(r.transport(), List.of(A), WAIT));
        MsrpChunk binding = r.peer().read();

        r.peer().send("MSRP " + binding.transactionId() + " 506 session in use\r\nTo-Path: " + B + "\r\nFrom-Path: "
                + A + "\r\n-------" + binding.transactionId() + "$\r\n");

        assertThat(failureOf(active)).isInstanceOfSatisfying(BindingException.class, e -> {
            assertThat(e.code()).isEqualTo(506);
            assertThat(e.comment()).isEqualTo("session in use");
        });
    }
}
