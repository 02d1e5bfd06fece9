package org.msrp4j.protocol.header;

import org.msrp4j.protocol.ByteRange;

/** The {@code Byte-Range} header: which bytes of the message a chunk carries. */
public final class ByteRangeHeader extends MsrpHeader<ByteRange> {

    /** The header name. */
    public static final String NAME = "Byte-Range";

    /**
     * Creates the header.
     *
     * @param range the range
     */
    public ByteRangeHeader(ByteRange range) {
        super(range, null);
    }

    private ByteRangeHeader(ByteRange range, String encoded) {
        super(range, encoded);
    }

    /**
     * Parses {@code start-end/total}; end and total may be {@code *}.
     *
     * @param value the text to parse
     * @return the byte range header
     * @throws org.msrp4j.protocol.InvalidHeaderException if the value is malformed or inconsistent
     */
    public static ByteRangeHeader parse(String value) {
        return new ByteRangeHeader(ByteRange.parse(value), value);
    }

    /**
     * The first byte's position (the seed's {@code fro}).
     *
     * @return the first byte's position (the seed's {@code fro})
     */
    public long start() {
        return decode().start();
    }

    /**
     * The last byte's position, inclusive, or {@link ByteRange#UNKNOWN}.
     *
     * @return the last byte's position, inclusive, or {@link ByteRange#UNKNOWN}
     */
    public long end() {
        return decode().end();
    }

    /**
     * The message size, or {@link ByteRange#UNKNOWN} (the seed's {@code length}).
     *
     * @return the message size, or {@link ByteRange#UNKNOWN} (the seed's {@code length})
     */
    public long total() {
        return decode().total();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String format(ByteRange decoded) {
        return decoded.encode();
    }
}
