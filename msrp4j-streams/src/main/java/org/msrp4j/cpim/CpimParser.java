package org.msrp4j.cpim;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code message/cpim} bytes: the CPIM header block, an empty line, the wrapped MIME header
 * block, an empty line, the body. One pass over the input, linear in its length.
 *
 * <p>Liberal where peers are known to differ from RFC 3862: lines may end in a bare LF as well as
 * CRLF (sipsimple writes its MIME part with LF), header lines may be folded, {@code Name:value}
 * without the space is read, and a MIME block that ends with the input gives an empty body.
 */
final class CpimParser {

    private final byte[] data;
    private final int end;
    private int pos;
    private int lineNumber;

    private CpimParser(byte[] data, int offset, int length) {
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    static CpimMessage parse(byte[] data, int offset, int length) throws CpimException {
        return new CpimParser(data, offset, length).parse();
    }

    private CpimMessage parse() throws CpimException {
        List<Line> cpimLines = readBlock("CPIM header", false);
        List<Line> mimeLines = readBlock("MIME header", true);
        List<CpimHeader> headers = new ArrayList<>(cpimLines.size());
        for (Line line : cpimLines) {
            headers.add(cpimHeader(line));
        }
        List<MimeHeader> mimeHeaders = new ArrayList<>(mimeLines.size());
        for (Line line : mimeLines) {
            mimeHeaders.add(mimeHeader(line));
        }
        byte[] body = new byte[end - pos];
        System.arraycopy(data, pos, body, 0, body.length);
        return new CpimMessage(headers, mimeHeaders, body);
    }

    /** A header line, unfolded, with the number of the line it starts on. */
    private record Line(int number, String text) {
    }

    /**
     * Reads header lines up to and including the empty line that ends the block, unfolding
     * continuation lines.
     */
    private List<Line> readBlock(String what, boolean mayEndWithInput) throws CpimException {
        List<Line> lines = new ArrayList<>();
        String current = null;
        StringBuilder folded = null;
        int currentNumber = 0;
        while (true) {
            if (pos >= end) {
                if (mayEndWithInput) {
                    break;
                }
                throw error("the " + what + " block does not end with an empty line");
            }
            String line = readLine(what);
            if (line.isEmpty()) {
                break;
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (current == null) {
                    throw error("a " + what + " block starts with a continuation line");
                }
                if (folded == null) {
                    folded = new StringBuilder(current);
                }
                folded.append(line);
            } else {
                if (current != null) {
                    lines.add(new Line(currentNumber, folded == null ? current : folded.toString()));
                }
                current = line;
                folded = null;
                currentNumber = lineNumber;
            }
        }
        if (current != null) {
            lines.add(new Line(currentNumber, folded == null ? current : folded.toString()));
        }
        return lines;
    }

    /** Reads one line, without its CRLF or LF; the last line of the input may lack a line end. */
    private String readLine(String what) throws CpimException {
        lineNumber++;
        int start = pos;
        int lf = start;
        while (lf < end && data[lf] != '\n') {
            lf++;
        }
        int contentEnd = lf > start && data[lf - 1] == '\r' ? lf - 1 : lf;
        pos = lf < end ? lf + 1 : end;
        boolean ascii = true;
        for (int i = start; i < contentEnd; i++) {
            if (data[i] == '\r' || data[i] == 0) {
                throw error((data[i] == 0 ? "NUL" : "bare CR") + " in a " + what + " line");
            }
            ascii &= data[i] >= 0;
        }
        if (ascii) {
            return new String(data, start, contentEnd - start, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, start, contentEnd - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("a " + what + " line is not UTF-8");
        }
    }

    private CpimHeader cpimHeader(Line header) throws CpimException {
        lineNumber = header.number();
        String line = header.text();
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw error("CPIM header line without ':': " + CpimGrammar.shorten(line));
        }
        String name = line.substring(0, colon);
        if (!CpimGrammar.isLiberalHeaderName(name)) {
            throw error("not a CPIM header name: " + CpimGrammar.shorten(name));
        }
        Map<String, String> parameters = Map.of();
        int i = colon + 1;
        while (i < line.length() && line.charAt(i) == ';') {
            if (parameters.isEmpty()) {
                parameters = new LinkedHashMap<>();
            }
            i = parameter(line, i + 1, parameters);
        }
        if (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        String rawValue = line.substring(i);
        for (int k = 0; k < rawValue.length(); k++) {
            char c = rawValue.charAt(k);
            if (CpimGrammar.isCtl(c) && c != '\t') {
                throw error(String.format("control character 0x%02x in the value of CPIM header %s", (int) c,
                        name));
            }
        }
        try {
            return new CpimHeader(name, parameters, rawValue);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** Reads {@code name=value} from {@code start}; returns the index after it. */
    private int parameter(String line, int start, Map<String, String> parameters) throws CpimException {
        int equals = line.indexOf('=', start);
        if (equals < 0) {
            throw error("CPIM header parameter without '=': " + CpimGrammar.shorten(line));
        }
        String name = line.substring(start, equals);
        if (!CpimGrammar.isName(name)) {
            throw error("not a CPIM parameter name: " + CpimGrammar.shorten(name));
        }
        int valueStart = equals + 1;
        int valueEnd;
        String value;
        if (valueStart < line.length() && line.charAt(valueStart) == '"') {
            valueEnd = CpimGrammar.endOfQuoted(line, valueStart);
            if (valueEnd < 0) {
                throw error("unterminated quoted CPIM parameter value: " + CpimGrammar.shorten(line));
            }
            value = CpimGrammar.unescape(line.substring(valueStart + 1, valueEnd - 1));
        } else {
            valueEnd = valueStart;
            while (valueEnd < line.length() && line.charAt(valueEnd) != ';' && line.charAt(valueEnd) != ' ') {
                valueEnd++;
            }
            value = line.substring(valueStart, valueEnd);
            if (value.isEmpty()) {
                throw error("empty CPIM parameter value: " + CpimGrammar.shorten(line));
            }
            for (int k = 0; k < value.length(); k++) {
                if (CpimGrammar.isCtl(value.charAt(k))) {
                    throw error("control character in a CPIM parameter value: " + CpimGrammar.shorten(line));
                }
            }
        }
        parameters.putIfAbsent(name, value);
        return valueEnd;
    }

    private MimeHeader mimeHeader(Line header) throws CpimException {
        lineNumber = header.number();
        String line = header.text();
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw error("MIME header line without ':': " + CpimGrammar.shorten(line));
        }
        String name = line.substring(0, colon).strip();
        if (!CpimGrammar.isLiberalHeaderName(name)) {
            throw error("not a MIME header name: " + CpimGrammar.shorten(name));
        }
        try {
            return new MimeHeader(name, line.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private CpimException error(String what) {
        return new CpimException("malformed message/cpim, line " + lineNumber + ": " + what);
    }
}
