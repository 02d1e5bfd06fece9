package org.msrp4j.stream;

/** Where a stream is in its life cycle: initialize, start, end. */
public enum StreamState {
    /** Made; not initialized yet. */
    NEW,
    /** {@code initialize} is preparing the connection. */
    INITIALIZING,
    /** The local media description is ready; waiting for {@code start}. */
    INITIALIZED,
    /** {@code start} is connecting and binding. */
    STARTING,
    /** The session runs. */
    STARTED,
    /** {@code end} (or a failure) is ending the stream. */
    ENDING,
    /** The stream has ended; final. */
    ENDED
}
