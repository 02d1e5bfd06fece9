package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.ContentDispositionHeader;
import org.msrp4j.protocol.header.ExpiresHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.relay.RelayConfig;
import org.msrp4j.relay.RelayListener;
import org.msrp4j.relay.RelayUsers;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;
import org.msrp4j.transport.TransportSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code msrp demo}: an MSRP session on loopback, end to end, with no set-up. An embedded relay
 * ({@link MsrpRelay}, TLS, port 0, an account made for the run) starts; Bob (the SDP answerer,
 * passive) connects to it and authenticates, and his path starts with the relay's URI; Alice (the
 * offerer, active) connects directly to that URI; both bind, chat both ways over {@link
 * MsrpSession}s, and Alice sends a generated file through the relay whose SHA-256 Bob checks, with
 * the throughput. {@code --direct} leaves the relay out.
 *
 * <p>How the two ends reach each other is decided in {@link LoopbackPair}; the transcript prints
 * the full paths and, through the relay, Bob's AUTH exchange as his connection logged it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows msrp4j at work with no set-up: an MSRP relay (RFC 4976) starts on this machine; "
                + "Bob connects to it and authenticates (AUTH, HTTP digest), which gives him a relay URI for the "
                + "front of his path; Alice connects to that URI directly. They exchange their paths as SIP "
                + "would, bind, chat both ways, and Alice sends a generated file (200 MB by default) through the "
                + "relay whose SHA-256 Bob checks. Prints each step, the AUTH exchange, the a=path values, the "
                + "first message as it looks on the wire, the throughput, and where to go next.",
            "",
            "With --direct, Alice connects straight to Bob, without a relay."},
        footer = {"", "Exit codes: see 'msrp --help' (7: the file arrived with another SHA-256)."})
final class DemoCommand implements Callable<Integer> {

    private static final String[] ALICE_SAYS = {"Hello Bob! Bodies are bytes: caf\u00e9 \u2615", "Can you take a file?",
        "Sending it now."};
    private static final String[] BOB_SAYS = {"Hi Alice, I hear you.", "Sure, send it over.", "Ready when you are."};

    @Option(names = "--size", paramLabel = "MB", defaultValue = "200",
            description = "Size of the generated file in megabytes (10^6 bytes; default: ${DEFAULT-VALUE}).")
    private int sizeMb;

    @Option(names = "--direct", description = "No relay: Alice connects straight to Bob.")
    private boolean direct;

    @Option(names = "--tls", description = {"With --direct, run the session over TLS (msrps:), with certificates "
            + "made for the run. Through the relay the session is always over TLS."})
    private boolean tls;

    @Spec
    private CommandSpec spec;

    private PrintWriter out;
    private int step;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (sizeMb < 0) {
            throw new CliException(ExitCode.USAGE, "--size must be 0 or more");
        }
        if (direct) {
            out.println("msrp4j demo: an MSRP session (RFC 4975) between two endpoints on this machine, connected "
                    + "directly");
            return run(LoopbackPair.prepare(ConnectSettings.DEFAULT, tls), false);
        }
        out.println("msrp4j demo: an MSRP session (RFC 4975) between two endpoints on this machine, Bob behind an "
                + "MSRP relay (RFC 4976)");
        String password = MsrpGrammar.randomIdent(16);
        RelayConfig config = RelayConfig.builder()
                .listener(RelayListener.tls("127.0.0.1", 0))
                .realm("msrp4j-demo")
                .users(RelayUsers.ofPasswords(Map.of("bob", password)))
                .build();
        try (MsrpRelay relay = MsrpRelay.start(config)) {
            MsrpUri relayUri = relay.listenerUri(true);
            step("A relay starts: " + relayUri + " (TLS, a certificate made for the run), realm " + relay.realm()
                    + ", one account: bob, with a password made for the run.");
            step("Bob connects to the relay and authenticates: AUTH, a digest challenge, AUTH with the answer; "
                    + "the relay grants him a URI (Use-Path) for the front of his path.");
            AuthExchange auth = new AuthExchange();
            // the relay's certificate is self-signed: Bob pins it, as 'msrp listen --relay ... --fingerprint' does
            RelaySettings bobRelay = RelaySettings.builder(relayUri.host(), "bob", password)
                    .host(relayUri.host()).port(relayUri.port()).useTls(true)
                    .relayFingerprint(relay.tlsCredentials().fingerprint()).build();
            // this relay takes frames of any size, so Alice need not keep to the 8 KiB default
            ConnectSettings alice = ConnectSettings.builder()
                    .transportSettings(TransportSettings.builder().relayedChunkSize(64 * 1024).build()).build();
            LoopbackPair pair = LoopbackPair.throughRelay(alice, ConnectSettings.builder().logger(auth).build(),
                    bobRelay);
            auth.stop();
            auth.lines.forEach(out::println);
            return run(pair, true);
        }
    }

    private int run(LoopbackPair pair, boolean viaRelay) throws Exception {
        step("Alice (who will connect) and Bob (who listens) prepare their connections. Their paths, "
                + "which SIP carries in SDP a=path" + (viaRelay ? "; Bob's starts with his relay URI:" : ":"));
        out.println("   Alice  a=path:" + Connections.join(pair.alicePath()));
        out.println("   Bob    a=path:" + Connections.join(pair.bobPath()));

        step(viaRelay ? "Alice connects to the first URI of Bob's path, the relay, and binds with an empty SEND "
                + "addressed to Bob's whole path; the relay passes it to Bob, who checks that it comes from Alice's "
                + "path." : "Alice connects to the first URI of Bob's path and binds with an empty SEND; Bob checks "
                + "that it comes from Alice's path.");
        long t0 = System.nanoTime();
        LoopbackPair.Transports transports = pair.complete();
        MsrpTransport aliceTransport = transports.alice();
        MsrpTransport bobTransport = transports.bob();
        out.printf("   bound in %.1f ms: Alice %s -> %s %s%s%n", (System.nanoTime() - t0) / 1e6,
                aliceTransport.localAddress(), viaRelay ? "relay" : "Bob", aliceTransport.remoteAddress(),
                aliceTransport.isTls() ? " over TLS, " + (viaRelay ? "the relay's" : "Bob's") + " certificate "
                        + aliceTransport.peerFingerprint().map(Object::toString).orElse("?") : " over TCP");
        if (viaRelay) {
            out.printf("   Bob %s -> relay %s over TLS, the connection he authenticated on%n",
                    bobTransport.localAddress(), bobTransport.remoteAddress());
        }

        BlockingQueue<MsrpChunk> toAlice = new LinkedBlockingQueue<>();
        BobReceiver bobReceiver = new BobReceiver();
        MsrpSession aliceSession = MsrpSession.start(aliceTransport, SessionSettings.DEFAULT, new IncomingHandler() {
            @Override
            public void onChunk(MsrpChunk chunk) {
                toAlice.add(chunk);
            }
        });
        MsrpSession bobSession = MsrpSession.start(bobTransport, SessionSettings.DEFAULT, bobReceiver);
        Path dir = Files.createTempDirectory("msrp4j-demo");
        try {
            chat(aliceSession, aliceTransport, bobSession, bobTransport, toAlice, bobReceiver, viaRelay);
            boolean same = file(aliceSession, bobReceiver, dir, viaRelay);
            aliceSession.shutdown(true);
            bobSession.shutdown(true);
            step("Both sides shut their sessions down" + (viaRelay ? "; the relay ends Bob's reservation with his "
                    + "connection, and stops." : "."));
            out.println();
            out.println("Next:");
            out.println("  msrp relay                                run a relay; prints an account and how to use it");
            out.println("  msrp listen --relay USER:PASS@HOST:PORT   chat behind it: the path printed starts with it");
            out.println("  msrp connect PATH                         chat with a listener, from another terminal or "
                    + "machine");
            out.println("  msrp receive --out DIR [--relay ...]      then: msrp send FILE --to PATH (verified, "
                    + "resumable)");
            out.println("  msrp bench                                measure sessions against raw sockets here");
            out.println("  README.md                                 the Java API; docs/benchmarks.md for figures");
            out.flush();
            if (!same) {
                throw new CliException(ExitCode.CHECKSUM, "the file arrived with another SHA-256");
            }
            return ExitCode.OK;
        } finally {
            aliceSession.close();
            bobSession.close();
            bobReceiver.closeQuietly();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private void chat(MsrpSession alice, MsrpTransport aliceTransport, MsrpSession bob, MsrpTransport bobTransport,
            BlockingQueue<MsrpChunk> toAlice, BobReceiver bobReceiver, boolean viaRelay) throws Exception {
        MsrpChunk first = aliceTransport.newChunk().data(ALICE_SAYS[0]).build();
        step("They chat. Alice's first message as it goes on the wire" + (viaRelay ? " to the relay (which answers "
                + "each SEND with a 200 and passes it on with its URI moved from To-Path to From-Path):"
                : " (Bob answers each SEND with a 200):"));
        new String(first.encode(), StandardCharsets.UTF_8).lines().forEach(l -> out.println("   | " + l));
        for (int i = 0; i < ALICE_SAYS.length; i++) {
            MsrpChunk said = i == 0 ? first : aliceTransport.newChunk().data(ALICE_SAYS[i]).build();
            long t = System.nanoTime();
            MsrpChunk ok = alice.deliverChunk(said);
            double ms = (System.nanoTime() - t) / 1e6;
            MsrpChunk heard = bobReceiver.text.poll(10, TimeUnit.SECONDS);
            line("Alice", "Bob", heard, String.format("%d %s in %.2f ms", ok.code(), ok.comment(), ms));
            bob.sendChunk(bobTransport.newChunk().data(BOB_SAYS[i]).build());
            line("Bob", "Alice", toAlice.poll(10, TimeUnit.SECONDS), null);
        }
    }

    private void line(String from, String to, MsrpChunk chunk, String response) throws CliException {
        if (chunk == null) {
            throw new CliException(ExitCode.TIMEOUT, to + " received nothing within 10 s");
        }
        out.printf("   %-5s -> %-5s [Message-ID %s] %s%s%n", from, to, chunk.messageId(),
                new String(chunk.data(), StandardCharsets.UTF_8), response == null ? "" : "  (" + response + ")");
    }

    private boolean file(MsrpSession alice, BobReceiver bob, Path dir, boolean viaRelay) throws Exception {
        long size = sizeMb * 1_000_000L;
        Path source = dir.resolve("demo.bin");
        step("Alice sends a generated file of " + Progress.bytes(size) + (viaRelay ? " through the relay" : "")
                + " (in chunks of 64 KiB, 16 awaiting their 200 at a time); Bob writes it to disk and computes its "
                + "SHA-256 as it arrives." + (viaRelay ? " This relay streams chunks of any size; for relays that "
                + "cap frames (Kamailio: 11238 bytes) chunks through relays keep to 8 KiB by default "
                + "(RelaySettings.maxChunkSize, TransportSettings.relayedChunkSize), as 'msrp send' does." : ""));
        String sent = generate(source, size);
        bob.expect(dir.resolve("received.bin"), size);
        OutgoingFile file = OutgoingFile.of(source, "application/octet-stream")
                .addHeader(new ContentDispositionHeader("attachment", Map.of("filename", "demo.bin")));
        long t = System.nanoTime();
        alice.sendFile(file);
        file.completion().get(120, TimeUnit.SECONDS);
        String received = bob.hash.get(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t) / 1e9;
        out.printf("   %s in %.2f s: %.0f MB/s (%.0f Mbit/s), Message-ID %s%n", Progress.bytes(size), seconds,
                size / seconds / 1e6, size * 8 / seconds / 1e6, file.messageId());
        out.println("   SHA-256 sent     " + sent);
        out.println("   SHA-256 received " + received + (sent.equals(received) ? "  (match)" : "  (MISMATCH)"));
        return sent.equals(received);
    }

    /** Writes {@code size} pseudo-random bytes to {@code path}; returns their SHA-256. */
    private static String generate(Path path, long size) throws IOException {
        MessageDigest digest = sha256Digest();
        SplittableRandom random = new SplittableRandom(4975);
        byte[] block = new byte[1 << 20];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(block.length, size - done);
                random.nextBytes(block);
                digest.update(block, 0, n);
                ByteBuffer b = ByteBuffer.wrap(block, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                done += n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void step(String text) {
        out.println();
        out.println(++step + ". " + text);
        out.flush();
    }

    /**
     * Bob's AUTH exchange with the relay, as his relay connection logs it: each request and
     * response with the headers that carry the authentication, until {@link #stop}.
     */
    private static final class AuthExchange implements TrafficLogger {
        private static final int WIDTH = 110;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private volatile boolean recording = true;

        void stop() {
            recording = false;
        }

        @Override
        public void sentNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
            if (recording) {
                lines.add("   Bob   -> relay  " + chunk.method() + (chunk.header(AuthorizationHeader.NAME) == null
                        ? " (no credentials)" : ""));
                header(chunk, AuthorizationHeader.NAME);
            }
        }

        @Override
        public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
            if (recording) {
                lines.add("   relay -> Bob    " + chunk.code() + " " + chunk.comment());
                header(chunk, WwwAuthenticateHeader.NAME);
                header(chunk, UsePathHeader.NAME);
                header(chunk, ExpiresHeader.NAME);
            }
        }

        private void header(MsrpChunk chunk, String name) {
            MsrpHeader<?> h = chunk.header(name);
            if (h != null) {
                String line = "                   " + name + ": " + h.encode();
                lines.add(line.length() > WIDTH ? line.substring(0, WIDTH - 3) + "..." : line);
            }
        }
    }

    /**
     * Bob's side of the session: text messages go to {@link #text}; the file's chunks are written to
     * disk in order and hashed on the way, {@link #hash} completing with the SHA-256 once all bytes
     * are there. Runs on Bob's session reader thread.
     */
    private static final class BobReceiver implements IncomingHandler {
        final BlockingQueue<MsrpChunk> text = new LinkedBlockingQueue<>();
        final CompletableFuture<String> hash = new CompletableFuture<>();
        private final MessageDigest digest = sha256Digest();
        private FileChannel channel;
        private long size;
        private long received;

        void expect(Path path, long bytes) throws IOException {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            size = bytes;
            if (bytes == 0) {
                finish();
            }
        }

        @Override
        public void onChunk(MsrpChunk chunk) {
            String type = chunk.contentType();
            if (type != null && type.startsWith("text/plain")) {
                text.add(chunk);
                return;
            }
            if (!"SEND".equals(chunk.method()) || channel == null || hash.isDone()) {
                return;
            }
            try {
                ByteRange range = chunk.byteRange();
                if (range != null && range.start() - 1 != received) {
                    throw new IOException("a chunk starts at byte " + range.start() + ", expected " + (received + 1));
                }
                ByteBuffer data = ByteBuffer.wrap(chunk.data());
                digest.update(chunk.data());
                while (data.hasRemaining()) {
                    received += channel.write(data, received);
                }
                if (received == size) {
                    finish();
                }
            } catch (IOException e) {
                hash.completeExceptionally(e);
            }
        }

        @Override
        public void onError(IOException error) {
            hash.completeExceptionally(error);
        }

        private void finish() throws IOException {
            channel.close();
            hash.complete(HexFormat.of().formatHex(digest.digest()));
        }

        void closeQuietly() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // the demo's directory is deleted next; nothing to keep
            }
        }
    }

    /** A SHA-256 digest. */
    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
