package org.msrp4j.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code msrp demo}: what msrp4j does today, shown end to end without any set-up. This release
 * has the protocol layer, so the demo builds a chunk, streams it through the parser in random
 * pieces, shows how bad input is answered, and measures the parser on this machine.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Shows msrp4j's protocol layer at work, with no set-up: builds an MSRP SEND chunk, "
                + "prints its wire form, parses it back from randomly cut pieces as a socket would deliver "
                + "them, shows the typed errors bad input gets, and measures parser throughput on this machine."})
final class DemoCommand implements Callable<Integer> {

    private static final int CHUNKS = 200_000;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws ChunkParseException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("msrp4j demo: the MSRP protocol layer (RFC 4975)");
        out.println();

        MsrpUri alice = MsrpUri.builder().host("127.0.0.1").port(2855).sessionId(MsrpGrammar.randomIdent(12)).build();
        MsrpUri bob = MsrpUri.builder().host("::1").port(2856).sessionId(MsrpGrammar.randomIdent(12)).build();
        byte[] text = "Hello Bob! Bodies are bytes: caf\u00e9 \u2615 and a line of dashes -------".getBytes(
                StandardCharsets.UTF_8);
        MsrpChunk send = MsrpChunk.request(MsrpGrammar.randomIdent(10), "SEND")
                .addHeader(new ToPathHeader(List.of(bob)))
                .addHeader(new FromPathHeader(List.of(alice)))
                .addHeader(new MessageIdHeader(MsrpGrammar.randomIdent(16)))
                .addHeader(new ByteRangeHeader(new ByteRange(1, text.length, text.length)))
                .addHeader(new ContentTypeHeader("text/plain; charset=utf-8"))
                .setData(text);
        byte[] wire = send.encode();
        out.println("1. A SEND chunk from " + alice + " to " + bob + ", as it goes on the wire:");
        new String(wire, StandardCharsets.UTF_8).lines().forEach(l -> out.println("   | " + l));
        out.println();

        Random random = new Random();
        StringBuilder cuts = new StringBuilder();
        MsrpChunk[] parsed = new MsrpChunk[1];
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        ChunkParser parser = new ChunkParser(new ChunkListener() {
            @Override
            public void chunkStarted(MsrpChunk chunk) {
            }

            @Override
            public void chunkData(MsrpChunk chunk, ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                body.writeBytes(b);
            }

            @Override
            public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
                parsed[0] = chunk.setData(body.toByteArray());
            }
        });
        for (int off = 0; off < wire.length; ) {
            int n = Math.min(wire.length - off, 1 + random.nextInt(40));
            parser.feed(wire, off, n);
            cuts.append(cuts.length() == 0 ? "" : "+").append(n);
            off += n;
        }
        MsrpChunk c = parsed[0];
        out.println("2. Parsed back from pieces of " + cuts + " bytes:");
        out.println("   transaction " + c.transactionId() + ", method " + c.method() + ", Message-ID " + c.messageId()
                + ", Byte-Range " + c.byteRange() + ", " + c.size() + " body bytes, flag " + c.continuation().flag());
        out.println("   body: " + new String(c.data(), StandardCharsets.UTF_8));
        out.println("   identical to what was sent: " + c.equals(send));
        out.println();

        out.println("3. Bad input gets a typed error:");
        showError(out, ("MSRP t4k3 SEND\r\nTo-Path: " + bob + "\r\nFrom-Path: " + alice
                + "\r\nByte-Range: 9-1/5\r\n-------t4k3$\r\n").getBytes(StandardCharsets.UTF_8));
        showError(out, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        out.println();

        out.println("4. Parser throughput on this machine (" + CHUNKS + " chunks of " + wire.length
                + " bytes, fed in 16 KiB reads):");
        byte[] stream = new byte[wire.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(wire, 0, stream, i * wire.length, wire.length);
        }
        long[] ended = new long[1];
        ChunkParser counter = new ChunkParser(new ChunkListener() {
            @Override
            public void chunkStarted(MsrpChunk chunk) {
            }

            @Override
            public void chunkData(MsrpChunk chunk, ByteBuffer data) {
            }

            @Override
            public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
                ended[0]++;
            }
        });
        long start = System.nanoTime();
        for (int round = 0; round < CHUNKS / 1000; round++) {
            for (int off = 0; off < stream.length; off += 16384) {
                counter.feed(stream, off, Math.min(16384, stream.length - off));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("   %,d chunks in %.2f s: %,.0f chunks/s, %.0f MB/s (a cold JVM; see docs/benchmarks.md for JMH figures)%n",
                ended[0], seconds, ended[0] / seconds, ended[0] * (double) wire.length / seconds / 1e6);
        out.println();
        out.println("Next: README.md for the Java API, docs/benchmarks.md for measurements.");
        out.flush();
        return 0;
    }

    private static void showError(PrintWriter out, byte[] input) {
        String first = new String(input, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        try {
            ChunkParser.parse(input);
            out.println("   \"" + first + "...\" was accepted (unexpected)");
        } catch (ChunkParseException e) {
            out.println("   \"" + first + "...\" -> " + (e.isFatal() ? "fatal, connection closed: "
                    : "answer " + e.statusCode() + ", connection kept: ") + e.getMessage());
        }
    }
}
