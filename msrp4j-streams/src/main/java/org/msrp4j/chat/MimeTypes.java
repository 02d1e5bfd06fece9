package org.msrp4j.chat;

import java.util.Collection;
import java.util.Locale;

/** MIME type matching against SDP accept lists ({@code *} and {@code type/*} allowed). */
final class MimeTypes {

    private MimeTypes() {
    }

    /** The type without parameters, lower case: {@code Text/Plain; charset=utf-8} gives {@code text/plain}. */
    static String bare(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code contentType} (parameters ignored) matches one of {@code accepted}. */
    static boolean matches(Collection<String> accepted, String contentType) {
        String type = bare(contentType);
        int slash = type.indexOf('/');
        for (String a : accepted) {
            String x = a.trim().toLowerCase(Locale.ROOT);
            if (x.equals("*") || x.equals(type)) {
                return true;
            }
            if (slash > 0 && x.endsWith("/*") && x.regionMatches(0, type, 0, slash + 1) && x.length() == slash + 2) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code accepted} names {@code type} explicitly (no wildcard). */
    static boolean names(Collection<String> accepted, String type) {
        for (String a : accepted) {
            if (a.trim().equalsIgnoreCase(type)) {
                return true;
            }
        }
        return false;
    }
}
