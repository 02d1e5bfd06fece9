package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.testing.LoopbackSockets.V4;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.Interop;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Closing a TLS transport looks clean to an independent TLS peer (issue 17, item 5): GnuTLS's
 * {@code gnutls-cli} (Debian gnutls-bin), connected to an msrp4j transport over TLS 1.3, reports
 * "Peer has closed the GnuTLS connection" and exits 0 when the transport closes, rather than "A TLS
 * fatal alert has been received ... User canceled" as after the JDK's plain {@code SSLSocket.close()}.
 */
class TlsCloseTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void gnutlsSeesACleanCloseNotAnAlert() throws Exception {
        Interop.requireService("gnutls-cli (Debian package gnutls-bin)",
                Files.isExecutable(Path.of("/usr/bin/gnutls-cli")));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(V4))) {
            Process client = new ProcessBuilder("gnutls-cli", "--insecure", "-p", String.valueOf(server.getLocalPort()),
                    V4).redirectErrorStream(true).start();
            try {
                List<String> output = new CopyOnWriteArrayList<>();
                CompletableFuture<Void> reading = new CompletableFuture<>();
                CompletableFuture<Void> readyToRead = new CompletableFuture<>();
                Thread.ofVirtual().name("gnutls-cli-output").start(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(client.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        for (String l = r.readLine(); l != null; l = r.readLine()) {
                            output.add(l);
                            if (l.contains("Simple Client Mode")) {
                                readyToRead.complete(null);
                            }
                        }
                        reading.complete(null);
                    } catch (IOException e) {
                        reading.completeExceptionally(e);
                    }
                });
                Socket tcp = server.accept();
                SSLSocket tls = Sockets.serverTls(tcp, TlsContexts.server(PkixCredentials.selfSigned("msrp4j")), WAIT);
                assertThat(tls.getSession().getProtocol()).isEqualTo("TLSv1.3");
                MsrpTransport transport = TransportInternals.open(tls, tcp,
                        MsrpUri.parse("msrps://127.0.0.1:1/close;tcp"), List.of(), TransportSettings.DEFAULT);
                readyToRead.get(WAIT.toSeconds(), TimeUnit.SECONDS);

                transport.close();

                assertThat(client.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                reading.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                String said = String.join("\n", output);
                assertThat(said).contains("Peer has closed the GnuTLS connection").doesNotContain("alert");
                assertThat(client.exitValue()).as(said).isZero();
            } finally {
                client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
