package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpGrammar;

class MessageIdsTest {

    @Test
    void idsAreSixteenAlphanumericsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        int[] perCharacter = new int[128];
        for (int i = 0; i < 200_000; i++) {
            String id = MessageIds.next();
            assertThat(id).hasSize(16).matches("[0-9a-zA-Z]{16}");
            assertThat(MsrpGrammar.isIdent(id)).isTrue();
            assertThat(seen.add(id)).as("fresh: %s", id).isTrue();
            for (int k = 0; k < id.length(); k++) {
                perCharacter[id.charAt(k)]++;
            }
        }
        // 3.2 million characters over 62: each about 51,600 times; a broken mix would leave some out
        for (char c : "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
            assertThat(perCharacter[c]).as("'%s'", c).isBetween(48_000, 55_000);
        }
    }
}
