package org.msrp4j.tls;

/**
 * Text that is not a valid certificate fingerprint in the SDP {@code a=fingerprint} form
 * ({@code "SHA-256 AB:CD:..."}, RFC 8122 §5), or a hash function that is not supported. The message
 * quotes the offending input.
 */
public class InvalidFingerprintException extends IllegalArgumentException {

    /**
     * Creates an exception naming the problem and quoting the offending input.
     *
     * @param problem the problem
     * @param input the input
     */
    public InvalidFingerprintException(String problem, String input) {
        super("invalid fingerprint \"" + input + "\": " + problem);
    }
}
