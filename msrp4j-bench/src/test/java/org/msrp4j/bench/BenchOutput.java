package org.msrp4j.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a harness's {@code main} and hands back what it printed (also passed on to the test's own output). */
final class BenchOutput {

    /** A harness's entry point. */
    interface Main {
        void run(String[] args) throws Exception;
    }

    private BenchOutput() {
    }

    /** What {@code main} printed on standard output when run with {@code args}. */
    static synchronized String of(Main main, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(both);
        try {
            main.run(args);
        } finally {
            both.flush();
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
