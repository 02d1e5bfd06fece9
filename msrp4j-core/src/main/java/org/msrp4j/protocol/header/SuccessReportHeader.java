package org.msrp4j.protocol.header;

import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.ReportMode;

/** The {@code Success-Report} header: {@code yes} or {@code no} (absent means no). */
public final class SuccessReportHeader extends MsrpHeader<ReportMode> {

    /** The header name. */
    public static final String NAME = "Success-Report";

    /**
     * Creates the header.
     *
     * @param mode the mode
     * @throws InvalidHeaderException for {@link ReportMode#PARTIAL}, which only Failure-Report takes
     */
    public SuccessReportHeader(ReportMode mode) {
        this(mode, null);
    }

    private SuccessReportHeader(ReportMode mode, String encoded) {
        super(mode, encoded);
        if (mode == ReportMode.PARTIAL) {
            throw new InvalidHeaderException(NAME, "must be yes or no", mode.token());
        }
    }

    /**
     * Parses {@code yes} or {@code no} (any case).
     *
     * @param value the text to parse
     * @return the success report header
     */
    public static SuccessReportHeader parse(String value) {
        return new SuccessReportHeader(ReportMode.of(value), value);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String format(ReportMode decoded) {
        return decoded.token();
    }
}
