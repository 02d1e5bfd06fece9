package org.msrp4j.bench;

import static org.msrp4j.bench.RelayBench.WAIT;
import static org.msrp4j.bench.RelayBench.openFds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.msrp4j.bench.RelayBench.Options;
import org.msrp4j.connect.AcceptorRelay;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * The parent's handle on the child JVM holding the capacity part's passive clients, and ({@link #serve})
 * that child's side.
 */
final class ChildClients implements AutoCloseable {
    final Process process;
    private final PrintStream in;
    private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
    private final Thread reader;

    private ChildClients(Process process) {
        this.process = process;
        this.in = new PrintStream(process.getOutputStream(), false, StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        this.reader = Thread.ofVirtual().name("relay-bench-clients").start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] w = line.split(" ", 3);
                    CompletableFuture<String> f = waiting.remove(w[1]);
                    if (f != null) {
                        if (w[0].equals("ok")) {
                            f.complete(w.length > 2 ? w[2] : "");
                        } else {
                            f.completeExceptionally(new IOException("passive client " + w[1] + ": "
                                    + (w.length > 2 ? w[2] : "")));
                        }
                    }
                }
            } catch (IOException e) {
                // the child ended
            }
            waiting.values().forEach(f -> f.completeExceptionally(new IOException("the clients' JVM ended")));
        });
    }

    static ChildClients start(Options o) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(Arrays.asList(o.clientJvm().trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayBench.class.getName(), "--clients"));
        return new ChildClients(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Sends {@code request} (whose second word is its key) and returns the future answer. */
    CompletableFuture<String> request(String request) {
        String key = request.split(" ", 3)[1];
        CompletableFuture<String> f = new CompletableFuture<>();
        waiting.put(key, f);
        synchronized (in) {
            in.println(request);
            in.flush();
        }
        return f;
    }

    long fds() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        waiting.put("fds", f);
        send("fds");
        return Long.parseLong(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    void closeAll() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        waiting.put("close", f);
        send("close");
        f.get(5 * WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private void send(String line) {
        synchronized (in) {
            in.println(line);
            in.flush();
        }
    }

    @Override
    public void close() throws InterruptedException {
        send("quit");
        in.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5_000);
    }

    /**
     * The child side holding the passive clients: {@code prepare ID RELAY} prepares an {@link
     * AcceptorRelay} and answers {@code ok ID PATH}; {@code complete ID PATH} binds it, takes the
     * active side's message, sends one back and answers {@code ok ID}; {@code fds} and {@code close}
     * (every transport) answer {@code ok fds N} and {@code ok close}. Failures answer {@code fail ID
     * MESSAGE}. Requests are served concurrently, answers come in any order.
     */
    static void serve() throws Exception {
        PrintStream out = System.out;
        Object printing = new Object();
        ConnectSettings settings = RelayCapacity.leanSettings();
        Map<String, AcceptorRelay> prepared = new ConcurrentHashMap<>();
        List<MsrpTransport> held = Collections.synchronizedList(new ArrayList<>());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                String[] w = line.split(" ", 3);
                ex.submit(() -> {
                    String answer;
                    try {
                        answer = switch (w[0]) {
                            case "prepare" -> {
                                AcceptorRelay a = new AcceptorRelay(RelayCapacity.relaySettings(MsrpUri.parse(w[2])),
                                        settings);
                                prepared.put(w[1], a);
                                yield "ok " + w[1] + " " + encodePath(a.prepare(null));
                            }
                            case "complete" -> {
                                MsrpTransport t = prepared.remove(w[1]).complete(parsePath(w[2]));
                                held.add(t);
                                MsrpChunk ping = t.readChunk(1 << 16, WAIT);
                                t.writeResponse(ping, 200, "OK");
                                MsrpChunk pong = t.newChunk().data("pong").contentType("text/plain").build();
                                t.writeChunk(pong);
                                RelayCapacity.expectOk(t.readChunk(1 << 16, WAIT), pong);
                                yield "ok " + w[1];
                            }
                            case "fds" -> "ok fds " + openFds();
                            case "close" -> {
                                List<MsrpTransport> all;
                                synchronized (held) {
                                    all = new ArrayList<>(held);
                                    held.clear();
                                }
                                try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
                                    for (MsrpTransport t : all) {
                                        closing.submit(t::close);
                                    }
                                }
                                yield "ok close";
                            }
                            default -> "fail " + w[0] + " unknown request";
                        };
                    } catch (Exception e) {
                        answer = "fail " + (w.length > 1 ? w[1] : w[0]) + " " + e;
                    }
                    synchronized (printing) {
                        out.println(answer);
                        out.flush();
                    }
                    return null;
                });
            }
        }
    }

    static String encodePath(List<MsrpUri> path) {
        return String.join(" ", path.stream().map(MsrpUri::encode).toList());
    }

    static List<MsrpUri> parsePath(String text) {
        return Arrays.stream(text.trim().split(" ")).map(MsrpUri::parse).toList();
    }
}
