package org.msrp4j.protocol;

/**
 * Text that does not follow the MSRP grammar (RFC 4975 §9) was given where a value was expected:
 * a URI, a header value, a transaction id. Unchecked, like {@link IllegalArgumentException}, because
 * it is raised by value constructors and factories; the wire parser turns it into a checked
 * {@link ChunkParseException}.
 */
public class MsrpSyntaxException extends IllegalArgumentException {

    private static final int MAX_QUOTED = 200;

    /** The offending text, or null. */
    private final String input;

    /**
     * Creates an exception for {@code input}, which is quoted (shortened if long) in the message.
     *
     * @param problem what is wrong, e.g. "missing transport"
     * @param input the offending text, may be null
     */
    public MsrpSyntaxException(String problem, String input) {
        super(input == null ? problem : problem + ": \"" + shorten(input) + "\"");
        this.input = input;
    }

    /**
     * The offending text as given, or null.
     *
     * @return the offending text as given, or null
     */
    public String input() {
        return input;
    }

    static String shorten(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_QUOTED) + 8);
        for (int i = 0; i < s.length() && i < MAX_QUOTED; i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_QUOTED) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}
