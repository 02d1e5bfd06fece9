package org.msrp4j.bench.harness;

/** A command line a harness cannot run: an unknown option, a value of the wrong type or out of range. */
public final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * A bad command line.
     *
     * @param message what is wrong, naming the option
     */
    public UsageException(String message) {
        super(message);
    }
}
