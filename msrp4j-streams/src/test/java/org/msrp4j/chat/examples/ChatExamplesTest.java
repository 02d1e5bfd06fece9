package org.msrp4j.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.msrp4j.chat.DeliveryStatus;

/**
 * Runs the examples against each other on loopback, and checks that the README's chat example is
 * their code: every line of it, in order, in {@link AliceChats} (the caller) and {@link BobAnswers}
 * (the answerer), which may hold more lines (printing, what the test checks) between them.
 */
class ChatExamplesTest {

    private static final Path EXAMPLES = Path.of("src/test/java/org/msrp4j/chat/examples");
    private static final Path README = Path.of("../README.md");

    @Test
    void aliceAndBobChat() throws Exception {
        Sip sip = new Sip();
        CompletableFuture<Void> bob = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                BobAnswers.run(sip);
                bob.complete(null);
            } catch (Exception e) {
                bob.completeExceptionally(e);
            }
        });

        AliceChats.Seen seen = AliceChats.run(sip);

        assertThat(seen.fate()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(seen.reply()).isEqualTo("Hi Alice, nice to hear from you");
        assertThat(seen.sawTyping()).as("Alice heard Bob typing before his reply").isTrue();
        bob.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theReadmeExampleIsTheCodeOfTheExamples() throws IOException {
        List<String> block = readmeChatBlock();
        int answerer = block.indexOf("// The answerer (outgoing=False), queue style");
        assertThat(answerer).as("the README's chat example has the answerer's part").isPositive();

        assertInOrder(block.subList(0, answerer), EXAMPLES.resolve("AliceChats.java"));
        assertInOrder(block.subList(answerer + 1, block.size()), EXAMPLES.resolve("BobAnswers.java"));
    }

    /** The lines of the Java block in the README's "Chat in Java" section. */
    private static List<String> readmeChatBlock() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int section = lines.indexOf("## Chat in Java");
        assertThat(section).as("README has the section Chat in Java").isNotNegative();
        int start = lines.subList(section, lines.size()).indexOf("```java") + section + 1;
        int end = lines.subList(start, lines.size()).indexOf("```") + start;
        return new ArrayList<>(lines.subList(start, end));
    }

    /** Every code line of {@code readme} (not imports, comments or blank) is in {@code source}, in order. */
    private static void assertInOrder(List<String> readme, Path source) throws IOException {
        String code = normalized(Files.readString(source));
        int at = 0;
        for (String line : readme) {
            String wanted = normalized(line);
            if (wanted.isEmpty() || line.startsWith("import ")) {
                continue;
            }
            int found = code.indexOf(wanted, at);
            assertThat(found).as("README line '%s' in %s after what came before", line.strip(), source.getFileName())
                    .isNotNegative();
            at = found + wanted.length();
        }
    }

    /** Code without comments and white space. */
    private static String normalized(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").replaceAll("\\s+", "");
    }
}
