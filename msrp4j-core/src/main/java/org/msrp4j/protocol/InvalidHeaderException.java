package org.msrp4j.protocol;

/** A header value that does not follow its grammar, or a header missing where one is required. */
public class InvalidHeaderException extends MsrpSyntaxException {

    /** The name of the header at fault. */
    private final String headerName;

    /**
     * Creates an exception for header {@code headerName}.
     *
     * @param headerName the header's name, e.g. "Byte-Range"
     * @param problem what is wrong
     * @param value the offending value, or null when the header is missing
     */
    public InvalidHeaderException(String headerName, String problem, String value) {
        super("invalid " + headerName + " header (" + problem + ")", value);
        this.headerName = headerName;
    }

    /**
     * The name of the header at fault.
     *
     * @return the name of the header at fault
     */
    public String headerName() {
        return headerName;
    }
}
