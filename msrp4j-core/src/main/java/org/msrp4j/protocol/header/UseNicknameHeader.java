package org.msrp4j.protocol.header;

import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.MsrpGrammar;

/**
 * The {@code Use-Nickname} header of a NICKNAME request (RFC 7701): the nickname as a quoted
 * string. The decoded value is the nickname without quotes.
 */
public final class UseNicknameHeader extends MsrpHeader<String> {

    /** The header name. */
    public static final String NAME = "Use-Nickname";

    /**
     * Creates the header.
     *
     * @param nickname the nickname
     * @throws InvalidHeaderException if the nickname is empty or holds control characters
     */
    public UseNicknameHeader(String nickname) {
        this(nickname, null);
    }

    private UseNicknameHeader(String nickname, String encoded) {
        super(checked(nickname, encoded), encoded);
    }

    private static String checked(String nickname, String encoded) {
        if (nickname == null || nickname.isEmpty() || !MsrpGrammar.isText(nickname)) {
            throw new InvalidHeaderException(NAME, "empty nickname or control characters",
                    encoded == null ? nickname : encoded);
        }
        return nickname;
    }

    /**
     * Parses a quoted string, e.g. {@code "Alice"}; backslash escapes are removed.
     *
     * @param value the text to parse
     * @return the use nickname header
     */
    public static UseNicknameHeader parse(String value) {
        int n = value.length();
        if (n < 2 || value.charAt(0) != '"' || value.charAt(n - 1) != '"') {
            throw new InvalidHeaderException(NAME, "expected a quoted string", value);
        }
        StringBuilder b = new StringBuilder(n);
        for (int i = 1; i < n - 1; i++) {
            char c = value.charAt(i);
            if (c == '"') {
                throw new InvalidHeaderException(NAME, "unescaped quote", value);
            }
            if (c == '\\') {
                if (i + 1 >= n - 1) {
                    throw new InvalidHeaderException(NAME, "dangling backslash", value);
                }
                c = value.charAt(++i);
            }
            b.append(c);
        }
        return new UseNicknameHeader(b.toString(), value);
    }

    /**
     * The nickname.
     *
     * @return the nickname
     */
    public String nickname() {
        return decode();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String format(String decoded) {
        StringBuilder b = new StringBuilder(decoded.length() + 2).append('"');
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
