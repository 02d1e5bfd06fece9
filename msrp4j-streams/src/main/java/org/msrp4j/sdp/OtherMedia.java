package org.msrp4j.sdp;

import java.util.List;
import java.util.Objects;

/**
 * A media description that is not MSRP (e.g. {@code m=audio ... RTP/AVP 0}), kept exactly as
 * received so a re-emitted body carries it unchanged.
 *
 * @param mLine the m-line's value (after {@code m=}), as written
 * @param lines the lines after the m-line, in order
 */
public record OtherMedia(String mLine, List<SdpLine> lines) implements MediaDescription {

    /** Copies the lines; checks the m-line has no line break. */
    public OtherMedia {
        Objects.requireNonNull(mLine, "mLine");
        if (mLine.indexOf('\r') >= 0 || mLine.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("m-line holds a line break");
        }
        lines = List.copyOf(lines);
    }

    @Override
    public String media() {
        List<String> w = SdpText.words(mLine);
        return w.isEmpty() ? "" : w.get(0);
    }

    @Override
    public String encode() {
        StringBuilder b = new StringBuilder(64 + 32 * lines.size());
        b.append("m=").append(mLine).append("\r\n");
        for (SdpLine l : lines) {
            b.append(l.encode()).append("\r\n");
        }
        return b.toString();
    }
}
