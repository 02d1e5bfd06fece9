package org.msrp4j.protocol;

/** Text that is not a valid {@code msrp:} or {@code msrps:} URI (RFC 4975 §6). */
public class InvalidUriException extends MsrpSyntaxException {

    /**
     * Creates an exception naming the problem and the offending URI text.
     *
     * @param problem the problem
     * @param uri the URI
     */
    public InvalidUriException(String problem, String uri) {
        super("invalid MSRP URI (" + problem + ")", uri);
    }
}
