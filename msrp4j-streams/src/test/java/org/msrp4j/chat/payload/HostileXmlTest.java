package org.msrp4j.chat.payload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Documents built to attack an XML reader: external entities (XXE) that would read a local file or
 * fetch from a loopback HTTP server, external DTDs and parameter entities, XInclude, schema
 * locations, entity expansion bombs, deep nesting. Each gives a {@link PayloadException} (or, for
 * what a safe reader simply ignores, a normal result), reads no file, fetches nothing, and returns
 * within a generous bound.
 */
class HostileXmlTest {

    private static final String SECRET = "s3cr3t-do-not-leak";
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String IC = "urn:ietf:params:xml:ns:im-iscomposing";

    @TempDir
    Path dir;

    private Path secretFile;
    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        secretFile = Files.writeString(dir.resolve("secret.txt"), SECRET);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            fetches.incrementAndGet();
            byte[] body = ("<!ENTITY leak \"" + SECRET + "\">").getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private String fileXxe() {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE isComposing [<!ENTITY xxe SYSTEM \"" + secretFile.toUri() + "\">]>\n"
                + "<isComposing xmlns=\"" + IC + "\"><state>active</state><contenttype>&xxe;</contenttype>"
                + "</isComposing>";
    }

    private void assertRefused(String xml) {
        byte[] bytes = xml.getBytes(UTF_8);
        assertTimeoutPreemptively(BOUND, () -> {
            assertThatThrownBy(() -> IsComposing.parse(bytes)).isInstanceOf(PayloadException.class)
                    .hasMessageNotContaining(SECRET);
            assertThatThrownBy(() -> Imdn.parse(bytes)).isInstanceOf(PayloadException.class)
                    .hasMessageNotContaining(SECRET);
        });
        assertThat(fetches).as("requests to the loopback server").hasValue(0);
    }

    /** The attack is real: the JDK's parser with its defaults reads the file. */
    @Test
    void aDefaultParserWouldReadTheFile() throws Exception {
        DocumentBuilderFactory naive = DocumentBuilderFactory.newDefaultInstance();
        naive.setNamespaceAware(true);
        Document d = naive.newDocumentBuilder().parse(new ByteArrayInputStream(fileXxe().getBytes(UTF_8)));

        assertThat(d.getDocumentElement().getTextContent()).contains(SECRET);
    }

    @Test
    void externalEntityReadingAFileIsRefused() {
        assertRefused(fileXxe());
    }

    @Test
    void externalEntityFetchingAUrlIsRefused() {
        assertRefused("<!DOCTYPE isComposing [<!ENTITY xxe SYSTEM \"" + url("/entity") + "\">]>"
                + "<isComposing xmlns=\"" + IC + "\"><state>&xxe;</state></isComposing>");
    }

    @Test
    void externalDtdAndParameterEntitiesAreRefused() {
        assertRefused("<!DOCTYPE isComposing SYSTEM \"" + url("/dtd") + "\">"
                + "<isComposing xmlns=\"" + IC + "\"><state>active</state></isComposing>");
        assertRefused("<!DOCTYPE isComposing [<!ENTITY % p SYSTEM \"" + url("/param") + "\"> %p;]>"
                + "<isComposing xmlns=\"" + IC + "\"><state>&leak;</state></isComposing>");
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"");
            for (int k = 0; k < 10; k++) {
                xml.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            xml.append("\">\n");
        }
        xml.append("]>\n<isComposing xmlns=\"").append(IC).append("\"><state>&lol9;</state></isComposing>");
        assertRefused(xml.toString());
    }

    @Test
    void quadraticBlowupIsRefused() {
        String big = "x".repeat(50_000);
        String refs = "&a;".repeat(50_000);
        assertRefused("<!DOCTYPE isComposing [<!ENTITY a \"" + big + "\">]><isComposing xmlns=\"" + IC
                + "\"><state>" + refs + "</state></isComposing>");
    }

    @Test
    void xincludeAndSchemaLocationsAreNotFollowed() throws PayloadException {
        String xml = "<isComposing xmlns=\"" + IC + "\" xmlns:xi=\"http://www.w3.org/2001/XInclude\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"" + IC + " " + url("/schema.xsd") + "\">"
                + "<state>idle</state><xi:include href=\"" + url("/include") + "\" parse=\"text\"/>"
                + "</isComposing>";

        assertThat(IsComposing.parse(xml.getBytes(UTF_8))).isEqualTo(IsComposing.idle(null, null));
        assertThat(fetches).hasValue(0);
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        String open = "<a>".repeat(200_000);
        String close = "</a>".repeat(200_000);
        assertRefused("<isComposing xmlns=\"" + IC + "\"><state>idle</state>" + open + close + "</isComposing>");
    }
}
