package org.msrp4j.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SDP text into {@link SdpLine}s. Lines end with CRLF or a bare LF; empty lines are skipped;
 * anything else must be {@code <letter>=<value>} with no other control characters than tab, and an
 * {@code a=} line must start with an attribute name.
 */
final class SdpReader {

    /** The longest SDP text the parsers accept, in characters. */
    static final int MAX_LENGTH = 65_536;

    private SdpReader() {
    }

    static List<SdpLine> lines(String text) throws SdpException {
        if (text.length() > MAX_LENGTH) {
            throw new SdpException(SdpException.Reason.TOO_LARGE,
                    "SDP text of " + text.length() + " characters; at most " + MAX_LENGTH + " are accepted");
        }
        List<SdpLine> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        int lineNo = 0;
        while (i < n) {
            int lf = text.indexOf('\n', i);
            int end = lf < 0 ? n : lf;
            int next = lf < 0 ? n : lf + 1;
            if (end > i && text.charAt(end - 1) == '\r') {
                end--;
            }
            lineNo++;
            if (end > i) {
                out.add(line(text, i, end, lineNo));
            }
            i = next;
        }
        return out;
    }

    private static SdpLine line(String text, int start, int end, int lineNo) throws SdpException {
        char type = text.charAt(start);
        if (end - start < 2 || type < 'a' || type > 'z' || text.charAt(start + 1) != '=') {
            throw SdpText.syntax("line " + lineNo + " is not <letter>=<value>", text.substring(start, end));
        }
        for (int i = start + 2; i < end; i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw SdpText.syntax("line " + lineNo + " holds a control character", text.substring(start, end));
            }
        }
        SdpLine line = new SdpLine(type, text.substring(start + 2, end));
        if (type == 'a') {
            SdpAttribute.parseLine(line.value());
        }
        return line;
    }
}
