package org.msrp4j.chat.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the IMDN (RFC 5438) reader (the JDK's XML parser as {@link SafeXml} sets it up, and the code
 * that reads the elements) with Jazzer. One fuzz test per class: Jazzer fuzzes one at a time.
 *
 * <p>By default ({@code mvn test}) this replays the committed inputs in
 * {@code src/test/resources/org/msrp4j/chat/payload/ImdnFuzzTestInputs/parse/}; with {@code JAZZER_FUZZ=1}
 * it fuzzes for {@code maxDuration}. A crash found while fuzzing is saved in that directory: commit
 * it with the fix, and every build replays it.
 *
 * <p>Checked on every input: parsing throws nothing but {@link PayloadException}; a parsed
 * document, encoded, parses back to an equal one.
 */
class ImdnFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">", "</imdn>", "<message-id>", "</message-id>",
        "<datetime>", "</datetime>", "<recipient-uri>", "<original-recipient-uri>", "<subject>", "</subject>",
        "<delivery-notification>", "<display-notification>", "<processing-notification>", "<status>",
        "</status>", "<delivered/>", "<displayed/>", "<failed/>", "<stored/>", "2008-04-04T12:16:49-05:00",
        "<!DOCTYPE", "<!ENTITY", "&#13;", "&amp;"})
    void parse(byte[] input) {
        Imdn doc;
        try {
            doc = Imdn.parse(input);
        } catch (PayloadException e) {
            return;
        }
        try {
            assertThat(Imdn.parse(doc.encode())).isEqualTo(doc);
        } catch (PayloadException e) {
            throw new AssertionError("re-encoded " + doc + " does not parse", e);
        }
    }
}
