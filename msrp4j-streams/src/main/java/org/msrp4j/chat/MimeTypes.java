package org.msrp4j.chat;

import java.util.Collection;
import java.util.Locale;

/** MIME type helpers beside {@link org.msrp4j.sdp.MediaTypes}. */
final class MimeTypes {

    private MimeTypes() {
    }

    /** The type without parameters, lower case: {@code Text/Plain; charset=utf-8} gives {@code text/plain}. */
    static String bare(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code contentType} is {@code bareType} (lower-case US-ASCII, as the constants here),
     * whatever its parameters and the case of its letters: {@code bare(contentType).equals(bareType)}
     * without making strings, as it runs for every message received.
     */
    static boolean is(String contentType, String bareType) {
        int semi = contentType.indexOf(';');
        int end = semi < 0 ? contentType.length() : semi;
        int start = 0;
        while (start < end && contentType.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && contentType.charAt(end - 1) <= ' ') {
            end--;
        }
        if (end - start != bareType.length()) {
            return false;
        }
        for (int i = 0; i < bareType.length(); i++) {
            char c = contentType.charAt(start + i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != bareType.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code accepted} names {@code type} explicitly (no wildcard). */
    static boolean names(Collection<String> accepted, String type) {
        for (String a : accepted) {
            if (bare(a).equals(type)) {
                return true;
            }
        }
        return false;
    }
}
