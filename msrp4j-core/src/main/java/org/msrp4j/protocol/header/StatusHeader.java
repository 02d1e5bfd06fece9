package org.msrp4j.protocol.header;

import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.Status;

/**
 * The {@code Status} header of a REPORT: {@code namespace SP code [SP comment]}, where namespace
 * {@code 000} is the one RFC 4975 defines.
 */
public final class StatusHeader extends MsrpHeader<Status> {

    /** The header name. */
    public static final String NAME = "Status";

    private final int namespace;

    /**
     * Creates the header in namespace {@code 000}.
     *
     * @param status the status
     */
    public StatusHeader(Status status) {
        this(0, status, null);
    }

    /**
     * Creates the header in another namespace (0..999).
     *
     * @param namespace the status namespace (000)
     * @param status the status
     */
    public StatusHeader(int namespace, Status status) {
        this(namespace, status, null);
    }

    private StatusHeader(int namespace, Status status, String encoded) {
        super(status, encoded);
        if (namespace < 0 || namespace > 999) {
            throw new InvalidHeaderException(NAME, "namespace must have three digits", Integer.toString(namespace));
        }
        this.namespace = namespace;
    }

    /**
     * Parses {@code 000 200 OK}.
     *
     * @param value the text to parse
     * @return the status header
     * @throws InvalidHeaderException if the namespace or code is not three digits
     */
    public static StatusHeader parse(String value) {
        if (value.length() < 7 || value.charAt(3) != ' ' || !digits(value, 0) || !digits(value, 4)
                || (value.length() > 7 && value.charAt(7) != ' ')) {
            throw new InvalidHeaderException(NAME, "expected namespace SP code [SP comment]", value);
        }
        int ns = Integer.parseInt(value, 0, 3, 10);
        int code = Integer.parseInt(value, 4, 7, 10);
        String comment = value.length() > 8 ? value.substring(8) : null;
        return new StatusHeader(ns, new Status(code, comment), value);
    }

    private static boolean digits(String s, int at) {
        for (int i = at; i < at + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The namespace, 0 for RFC 4975's.
     *
     * @return the namespace, 0 for RFC 4975's
     */
    public int namespace() {
        return namespace;
    }

    /**
     * The status code.
     *
     * @return the status code
     */
    public int code() {
        return decode().code();
    }

    /**
     * The comment, or null.
     *
     * @return the comment, or null
     */
    public String comment() {
        return decode().comment();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String format(Status decoded) {
        String ns = String.format("%03d", namespace);
        return decoded.comment() == null ? ns + " " + decoded.code()
                : ns + " " + decoded.code() + " " + decoded.comment();
    }
}
