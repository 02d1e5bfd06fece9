package org.msrp4j.chat.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the isComposing (RFC 3994) reader (the JDK's XML parser as {@link SafeXml} sets it up, and the code
 * that reads the elements) with Jazzer. One fuzz test per class: Jazzer fuzzes one at a time.
 *
 * <p>By default ({@code mvn test}) this replays the committed inputs in
 * {@code src/test/resources/org/msrp4j/chat/payload/IsComposingFuzzTestInputs/parse/}; with {@code JAZZER_FUZZ=1}
 * it fuzzes for {@code maxDuration}. A crash found while fuzzing is saved in that directory: commit
 * it with the fix, and every build replays it.
 *
 * <p>Checked on every input: parsing throws nothing but {@link PayloadException}; a parsed
 * document, encoded, parses back to an equal one.
 */
class IsComposingFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\">", "</isComposing>",
        "<state>", "</state>", "active", "idle", "<lastactive>", "</lastactive>", "<contenttype>", "</contenttype>",
        "<refresh>", "</refresh>", "2003-01-27T10:43:00Z", "<!DOCTYPE", "<!ENTITY", "&#13;", "&amp;", "<![CDATA["})
    void parse(byte[] input) {
        IsComposing doc;
        try {
            doc = IsComposing.parse(input);
        } catch (PayloadException e) {
            return;
        }
        try {
            assertThat(IsComposing.parse(doc.encode())).isEqualTo(doc);
        } catch (PayloadException e) {
            throw new AssertionError("re-encoded " + doc + " does not parse", e);
        }
    }
}
