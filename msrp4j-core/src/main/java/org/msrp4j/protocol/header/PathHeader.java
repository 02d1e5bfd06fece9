package org.msrp4j.protocol.header;

import java.util.ArrayList;
import java.util.List;
import org.msrp4j.protocol.InvalidHeaderException;
import org.msrp4j.protocol.InvalidUriException;
import org.msrp4j.protocol.MsrpUri;

/**
 * A header whose value is a list of MSRP URIs separated by spaces: To-Path, From-Path, Use-Path.
 * The decoded value is an immutable list, nearest hop first.
 */
public abstract class PathHeader extends MsrpHeader<List<MsrpUri>> {

    PathHeader(String name, List<MsrpUri> path, String encoded) {
        super(checked(name, path), encoded);
    }

    private static List<MsrpUri> checked(String name, List<MsrpUri> path) {
        List<MsrpUri> copy = List.copyOf(path);
        if (copy.isEmpty()) {
            throw new InvalidHeaderException(name, "empty path", "");
        }
        return copy;
    }

    static List<MsrpUri> parsePath(String name, String text, int maxUriLength) {
        if (!text.isEmpty() && text.indexOf(' ') < 0) {
            try {
                return List.of(MsrpUri.parse(text, maxUriLength));
            } catch (InvalidUriException e) {
                throw new InvalidHeaderException(name, e.getMessage(), text);
            }
        }
        List<MsrpUri> out = new ArrayList<>(2);
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && text.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                try {
                    out.add(MsrpUri.parse(text.substring(start, i), maxUriLength));
                } catch (InvalidUriException e) {
                    throw new InvalidHeaderException(name, e.getMessage(), text);
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidHeaderException(name, "empty path", text);
        }
        return out;
    }

    /**
     * The URIs, nearest hop first.
     *
     * @return the URIs, nearest hop first
     */
    public List<MsrpUri> path() {
        return decode();
    }

    /**
     * The first URI: the next hop of a To-Path, the previous hop of a From-Path.
     *
     * @return the first URI: the next hop of a To-Path, the previous hop of a From-Path
     */
    public MsrpUri first() {
        return decode().get(0);
    }

    /**
     * The last URI: the final destination of a To-Path, the origin of a From-Path.
     *
     * @return the last URI: the final destination of a To-Path, the origin of a From-Path
     */
    public MsrpUri last() {
        List<MsrpUri> p = decode();
        return p.get(p.size() - 1);
    }

    @Override
    final String format(List<MsrpUri> path) {
        StringBuilder b = new StringBuilder(path.size() * 64);
        for (MsrpUri u : path) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(u.encode());
        }
        return b.toString();
    }
}
