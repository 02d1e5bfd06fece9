package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.ContentDispositionHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page in headless Chromium against an msrp4j relay with a plain {@code ;ws} listener that
 * serves the page ({@code ws.page}), and a Java {@link MsrpSession} on the far side of the relay,
 * connected with {@link ConnectorRelay} over TCP: sign-in (AUTH with digest from the page's own
 * MD5, a 423 first, then refreshes), the paths exchanged as SDP would, text both ways with success
 * reports, a file from Java offered as a download, and a 10 MB file chosen in the page's file input
 * whose SHA-256 the Java side checks. Also the error text of failed sign-ins.
 */
@Timeout(300)
class BrowserChatTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FILE_SIZE = 10 * 1024 * 1024;

    private MsrpRelay relay;
    private Chromium chromium;
    private ConnectorRelay connector;
    private MsrpSession java;

    @BeforeEach
    void start() throws IOException {
        // Expires at most 20 s: the page's first AUTH (600 s) meets a 423, and it refreshes every 10 s
        relay = RelayTestKit.relay(b -> b.listener(RelayListener.webSocket(false, "127.0.0.1", 0))
                .wsPage(true).expires(10, 4, 20));
        chromium = Chromium.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (java != null) {
            java.close();
        }
        if (connector != null) {
            connector.cleanup();
        }
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            relay.close();
        }
    }

    @Test
    void theBrowserChatsAndSendsAFileToAJavaPeerThroughTheRelay(@TempDir Path dir) throws Exception {
        ChromeDriver page = chromium.driver();
        MsrpTransport transport = signInAndBind(page);
        page.findElement(By.id("text")).sendKeys("hello from Chromium");
        page.findElement(By.id("send")).click();
        MsrpChunk fromPage = next("SEND");
        assertThat(new String(fromPage.data(), StandardCharsets.UTF_8)).isEqualTo("hello from Chromium");
        assertThat(fromPage.contentType()).startsWith("text/plain");
        until(page, d -> messages(d).contains("delivered (" + fromPage.messageId() + ")") ? true : null,
                "the page's note of the success report");

        MsrpChunk toPage = transport.newChunk().data("hello from Java, ünïcödé").contentType("text/plain")
                .header(new SuccessReportHeader(ReportMode.YES)).build();
        assertThat(java.deliverChunk(toPage).code()).isEqualTo(200);
        until(page, d -> messages(d).contains("peer: hello from Java, ünïcödé") ? true : null,
                "the Java message shown in the page");
        MsrpChunk report = next("REPORT");
        assertThat(report.messageId()).isEqualTo(toPage.messageId());
        assertThat(report.status().code()).isEqualTo(200);

        byte[] fromJava = new byte[300_000];
        new Random(7).nextBytes(fromJava);
        OutgoingFile offered = new OutgoingFile(new ByteArrayInputStream(fromJava), fromJava.length,
                "application/octet-stream", 0, "from-java-" + System.nanoTime())
                .addHeader(ContentDispositionHeader.parse("attachment; filename=\"from-java.bin\""));
        java.sendFile(offered);
        offered.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        until(page, d -> d.findElement(By.id("received")).getText().contains("from-java.bin (300000 bytes)") ? true
                : null, "the Java file offered as a download");
        Object downloaded = page.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const link = document.querySelector('#received a');
                fetch(link.href).then((r) => r.arrayBuffer()).then((b) => crypto.subtle.digest('SHA-256', b))
                  .then((h) => done([link.download, Array.from(new Uint8Array(h),
                    (x) => x.toString(16).padStart(2, '0')).join('')]), (e) => done(String(e)));
                """);
        assertThat(downloaded).as("the download's name and SHA-256")
                .isEqualTo(List.of("from-java.bin", sha256(fromJava)));

        Path file = dir.resolve("ten-megabytes.bin");
        String sent = writeRandom(file);
        page.findElement(By.id("file")).sendKeys(file.toString());
        long started = System.nanoTime();
        page.findElement(By.id("sendfile")).click();
        byte[] received = new byte[FILE_SIZE];
        long got = 0;
        String messageId = null;
        while (got < FILE_SIZE) {
            MsrpChunk c = next("SEND");
            messageId = messageId == null ? c.messageId() : messageId;
            assertThat(c.messageId()).isEqualTo(messageId);
            byte[] d = c.data();
            System.arraycopy(d, 0, received, (int) c.byteRange().start() - 1, d.length);
            got += d.length;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("BrowserChatTest: %d bytes from Chromium to Java through the relay in %.1f s (%.1f MB/s),"
                + " wall clock on a shared machine%n", FILE_SIZE, seconds, FILE_SIZE / 1e6 / seconds);
        assertThat(sha256(received)).as("SHA-256 of the file the Java side received").isEqualTo(sent);
        until(page, d -> messages(d).contains("file sent: ten-megabytes.bin") ? true : null,
                "the page's note that the file was sent");
        assertThat(page.findElement(By.id("progress")).getDomProperty("value")).isEqualTo(String.valueOf(FILE_SIZE));

        until(page, d -> messages(d).split("AUTH refreshed", -1).length > 2 ? true : null,
                "two refreshes of the page's reservation");
        MsrpChunk later = transport.newChunk().data("still there?").contentType("text/plain").build();
        assertThat(java.deliverChunk(later).code()).as("a message after the refreshes").isEqualTo(200);
        until(page, d -> messages(d).contains("peer: still there?") ? true : null, "the message after the refreshes");
    }

    @Test
    void sendsThePageRefusesComeBackAsFailureReportsAndThePageGoesOn() throws Exception {
        ChromeDriver page = chromium.driver();
        MsrpTransport transport = signInAndBind(page);
        MsrpChunk huge = transport.newChunk().data("abc").contentType("application/octet-stream")
                .start(1).end(3).total(300_000_000L).continuation(Continuation.MORE).build();
        // the relay answers 200 hop by hop; the page's refusal comes back as its failure REPORT
        assertThat(java.deliverChunk(huge).code()).isEqualTo(200);
        assertFailureReport(huge, 413, "a message over the page's size bound");
        String id = "overlap-" + System.nanoTime();
        MsrpChunk first = transport.newChunk().data("abcd").contentType("application/octet-stream").messageId(id)
                .start(1).end(4).total(8).continuation(Continuation.MORE).build();
        assertThat(java.deliverChunk(first).code()).isEqualTo(200);
        MsrpChunk overlapping = transport.newChunk().data("cdef").contentType("application/octet-stream")
                .messageId(id).start(3).end(6).total(8).continuation(Continuation.MORE).build();
        assertThat(java.deliverChunk(overlapping).code()).isEqualTo(200);
        assertFailureReport(overlapping, 400, "a chunk overlapping one received");
        MsrpChunk honest = transport.newChunk().data("after the refusals").contentType("text/plain").build();
        assertThat(java.deliverChunk(honest).code()).isEqualTo(200);
        until(page, d -> messages(d).contains("peer: after the refusals") ? true : null,
                "the honest message after the refused ones");
        assertThat(page.findElement(By.id("received")).getText()).as("nothing offered as a file").isEmpty();
    }

    @Test
    void aWrongPasswordAndAnUnreachableRelayAreShownAsFailedSignIns() {
        ChromeDriver page = chromium.driver();
        page.get(pageUrl() + "?user=alice&password=wrong");
        page.findElement(By.id("signin")).click();
        String refused = until(page, d -> failed(d), "the failed sign-in");
        assertThat(refused).contains("refused the credentials of alice").contains("401");
        assertThat(page.findElement(By.id("session")).isDisplayed()).isFalse();

        WebElement relayField = page.findElement(By.id("relay"));
        relayField.clear();
        relayField.sendKeys("ws://127.0.0.1:" + tcpListener().port() + "/msrp");
        page.findElement(By.id("signin")).click();
        until(page, d -> failed(d) != null && !failed(d).equals(refused) ? true : null, "the second failed sign-in");
        assertThat(failed(page)).startsWith("Sign-in failed:");
    }

    private void assertFailureReport(MsrpChunk refused, int code, String what) throws Exception {
        MsrpChunk report = next("REPORT");
        assertThat(report.messageId()).as(what).isEqualTo(refused.messageId());
        assertThat(report.status().code()).as(what).isEqualTo(code);
    }

    private static String failed(WebDriver d) {
        WebElement status = d.findElement(By.id("status"));
        return status.getDomAttribute("class") != null && status.getDomAttribute("class").contains("error")
                ? status.getText() : null;
    }

    /**
     * Signs the page in, binds a Java session to its path through the relay's TCP listener and gives
     * the page the Java side's path, as an SDP offer/answer would.
     */
    private MsrpTransport signInAndBind(ChromeDriver page) throws IOException {
        page.get(pageUrl() + "?user=alice&password=secret");
        page.findElement(By.id("signin")).click();
        String browserPath = until(page, d -> {
            String path = d.findElement(By.id("path")).getDomProperty("value");
            return path == null || path.isEmpty() ? null : path;
        }, "the page's path after sign-in");
        assertThat(browserPath).as("the relay's URI for the page, then the page's own (RFC 7977)")
                .matches("msrp://127\\.0\\.0\\.1:\\d+/\\S+;ws msrps://[a-z0-9]+\\.invalid:2855/\\S+;ws");
        connector = new ConnectorRelay(RelayTestKit.clientSettings("bob", "secret").host("127.0.0.1")
                .port(tcpListener().port()).useTls(false).authTimeout(WAIT).build(),
                ConnectSettings.builder().connectTimeout(WAIT).bindTimeout(WAIT).build());
        List<MsrpUri> javaPath = connector.prepare();
        MsrpTransport transport = connector.complete(Arrays.stream(browserPath.split(" "))
                .map(MsrpUri::parse).toList());
        java = MsrpSession.startQueued(transport, SessionSettings.builder().responseTimeout(WAIT).build());
        page.findElement(By.id("peer")).sendKeys(String.join(" ", javaPath.stream().map(MsrpUri::encode).toList()));
        page.findElement(By.id("setpeer")).click();
        return transport;
    }

    private String pageUrl() {
        return "http://127.0.0.1:" + relay.webSocketUri(false).port() + "/";
    }

    private MsrpUri tcpListener() {
        return relay.listenerUri(false);
    }

    private static String messages(WebDriver d) {
        return d.findElement(By.id("messages")).getText();
    }

    private <T> T until(WebDriver page, Function<WebDriver, T> what, String description) {
        try {
            return new WebDriverWait(page, WAIT).until(what);
        } catch (RuntimeException e) {
            throw new AssertionError("waiting for " + description + "; the page says: "
                    + page.findElement(By.id("status")).getText() + " / " + messages(page) + "; console:\n"
                    + chromium.console(), e);
        }
    }

    /** The next chunk of {@code method} on the Java session, skipping others. */
    private MsrpChunk next(String method) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            MsrpChunk c = java.receiveChunk(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (method.equals(c.method())) {
                return c;
            }
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String writeRandom(Path file) throws Exception {
        Random random = new Random(FILE_SIZE);
        byte[] block = new byte[64 * 1024];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = FILE_SIZE; left > 0; left -= block.length) {
                random.nextBytes(block);
                int n = Math.min(left, block.length);
                out.write(block, 0, n);
                sha.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
