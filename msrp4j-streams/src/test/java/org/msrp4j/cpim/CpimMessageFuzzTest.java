package org.msrp4j.cpim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.msrp4j.chat.payload.ImdnRequest;

/**
 * Fuzzes {@link CpimMessage#parse} with Jazzer.
 *
 * <p>By default ({@code mvn test}) this replays the committed inputs in
 * {@code src/test/resources/org/msrp4j/cpim/CpimMessageFuzzTestInputs/parse/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}. A crash found while fuzzing is saved in
 * that directory: commit it with the fix, and every build replays it.
 *
 * <p>Input: the bytes of a {@code message/cpim} body. Checked on every input:
 * <ol>
 *   <li>parsing throws nothing but {@link CpimException} (anything else fails the test), and nor
 *       do the accessors of a parsed message or {@link ContentType#parse} of its Content-Type;
 *   <li>a parsed message, encoded, parses back to an equal message that encodes to the same bytes.
 * </ol>
 */
class CpimMessageFuzzTest {

    // No CR or LF in dictionary entries: Jazzer writes them unescaped into libFuzzer's dictionary
    // file, which then fails to parse. The fuzzer learns line ends from comparisons anyway.
    @FuzzTest(maxDuration = "75s")
    @DictionaryEntries({"From: ", "To: ", "cc: ", "DateTime: ", "Subject:", ";lang=", "NS: ", "Require: ",
        "Required: ", "imdn.", "Message-ID: ", "Disposition-Notification: ", "<urn:ietf:params:imdn>",
        "<sip:a@example.com>", "\"", "\\u00e9", "\\\"", "2001-02-01T12:16:49-05:00", "Content-Type: ",
        "text/plain", "charset=\"utf8\""})
    void parse(byte[] input) {
        CpimMessage message;
        try {
            message = CpimMessage.parse(input);
        } catch (CpimException e) {
            return;
        }
        message.from();
        message.subject();
        message.required();
        message.headers().forEach(CpimHeader::value);
        ImdnRequest.of(message);
        if (message.contentType().isPresent()) {
            try {
                ContentType.parse(message.contentType().get()).charset();
            } catch (CpimException e) {
                // a malformed Content-Type is a typed error too
            }
        }

        byte[] encoded = message.encode();
        CpimMessage reparsed;
        try {
            reparsed = CpimMessage.parse(encoded);
        } catch (CpimException e) {
            throw new AssertionError("re-encoded " + message + " does not parse", e);
        }
        assertThat(reparsed).isEqualTo(message);
        assertThat(reparsed.encode()).isEqualTo(encoded);
    }
}
