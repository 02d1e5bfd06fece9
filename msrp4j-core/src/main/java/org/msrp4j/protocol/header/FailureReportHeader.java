package org.msrp4j.protocol.header;

import org.msrp4j.protocol.ReportMode;

/** The {@code Failure-Report} header: {@code yes}, {@code no} or {@code partial} (absent means yes). */
public final class FailureReportHeader extends MsrpHeader<ReportMode> {

    /** The header name. */
    public static final String NAME = "Failure-Report";

    /**
     * Creates the header.
     *
     * @param mode the mode
     */
    public FailureReportHeader(ReportMode mode) {
        super(mode, null);
    }

    private FailureReportHeader(ReportMode mode, String encoded) {
        super(mode, encoded);
    }

    /**
     * Parses {@code yes}, {@code no} or {@code partial} (any case).
     *
     * @param value the text to parse
     * @return the failure report header
     */
    public static FailureReportHeader parse(String value) {
        return new FailureReportHeader(ReportMode.of(value), value);
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
