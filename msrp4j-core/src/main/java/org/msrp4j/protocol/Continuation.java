package org.msrp4j.protocol;

/**
 * The continuation flag of a chunk's end-line (RFC 4975 §7.1): whether the message is complete,
 * continues in another chunk, or was aborted.
 */
public enum Continuation {
    /** {@code $}: the last chunk of the message. */
    END('$'),
    /** {@code +}: more chunks of the message follow. */
    MORE('+'),
    /** {@code #}: the sender aborted the message. */
    ABORT('#');

    private final char flag;

    Continuation(char flag) {
        this.flag = flag;
    }

    /**
     * The flag character.
     *
     * @return the flag character
     */
    public char flag() {
        return flag;
    }

    /**
     * The continuation for flag character {@code c}, or null if {@code c} is none of {@code $+#}.
     *
     * @param c the character
     * @return the continuation for flag character {@code c}, or null if {@code c} is none of {@code $+#}
     */
    public static Continuation of(int c) {
        switch (c) {
            case '$':
                return END;
            case '+':
                return MORE;
            case '#':
                return ABORT;
            default:
                return null;
        }
    }
}
