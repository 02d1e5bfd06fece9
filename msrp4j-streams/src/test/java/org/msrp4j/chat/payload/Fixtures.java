package org.msrp4j.chat.payload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the test fixtures next to this package (see INDEX.md there). */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
