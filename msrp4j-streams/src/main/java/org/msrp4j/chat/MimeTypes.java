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
