package org.msrp4j.sdp;

import java.util.List;
import java.util.Locale;

/**
 * Media type matching for {@code a=accept-types} and {@code a=accept-wrapped-types} (RFC 4975 §8.6):
 * entries are {@code *}, {@code type/*} or {@code type/subtype}, optionally with parameters, which take
 * no part in matching; names compare case-insensitively.
 */
public final class MediaTypes {

    private MediaTypes() {
    }

    /**
     * Whether a list of accepted types accepts {@code type} (a concrete {@code type/subtype}, parameters
     * ignored).
     *
     * @param accepted {@code a=accept-types} entries
     * @param type a concrete media type
     * @return true if an entry matches it
     */
    public static boolean accepts(List<String> accepted, String type) {
        for (String range : accepted) {
            if (matches(range, type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two entries can name the same type: equal, or either is {@code *}, or either is
     * {@code type/*} and the other has that type.
     *
     * @param a an accept-types entry
     * @param b another
     * @return true if some type matches both
     */
    public static boolean overlap(String a, String b) {
        String x = base(a);
        String y = base(b);
        if (x.equals("*") || y.equals("*") || x.equals(y)) {
            return true;
        }
        int sx = x.indexOf('/');
        int sy = y.indexOf('/');
        if (sx < 0 || sy < 0 || !x.regionMatches(0, y, 0, Math.max(sx, sy) + 1)) {
            return false;
        }
        return x.endsWith("/*") || y.endsWith("/*");
    }

    /**
     * Whether any entry of {@code a} overlaps any entry of {@code b}.
     *
     * @param a accept-types entries
     * @param b other accept-types entries
     * @return true if some type matches an entry of each
     */
    public static boolean anyOverlap(List<String> a, List<String> b) {
        for (String x : a) {
            for (String y : b) {
                if (overlap(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the range {@code range} ({@code *}, {@code type/*} or {@code type/subtype}) matches {@code type}.
     *
     * @param range an accept-types entry
     * @param type a concrete media type
     * @return true if the range covers the type
     */
    public static boolean matches(String range, String type) {
        String r = base(range);
        String t = base(type);
        if (r.equals("*") || r.equals(t)) {
            return true;
        }
        if (r.endsWith("/*")) {
            return t.startsWith(r.substring(0, r.length() - 1));
        }
        return false;
    }

    /** {@code *}, or {@code type/subtype} or {@code type/*} of tokens, then optional {@code ;} parameters. */
    static boolean isMediaRange(String s) {
        if (s.equals("*")) {
            return true;
        }
        return FileSelector.isMediaType(s) && s.indexOf(' ') < 0 && s.indexOf('\t') < 0;
    }

    /** The entry without parameters, lower case, trimmed. */
    private static String base(String s) {
        int semi = s.indexOf(';');
        return (semi < 0 ? s : s.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }
}
