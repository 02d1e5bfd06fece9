package org.msrp4j.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.msrp4j.protocol.header.ContentDescriptionHeader;
import org.msrp4j.protocol.header.ContentDispositionHeader;
import org.msrp4j.protocol.header.ContentIdHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.GenericHeader;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * The headers of a chunk: a small ordered multimap, names compared case-insensitively.
 *
 * <p>Headers are kept in wire order, which {@link #add} maintains as RFC 4975 §9 wants it:
 * To-Path, then From-Path, then other headers in insertion order, then MIME headers
 * ({@code Content-*}), Content-Type last. A chunk parsed from the wire in that order keeps it
 * exactly. Not thread-safe.
 */
public final class MsrpHeaders implements Iterable<MsrpHeader<?>> {

    private final ArrayList<MsrpHeader<?>> list;

    /** Creates an empty header list. */
    public MsrpHeaders() {
        list = new ArrayList<>(8);
    }

    private MsrpHeaders(MsrpHeaders other) {
        list = new ArrayList<>(other.list);
    }

    /**
     * A copy of these headers (the headers themselves are immutable and shared).
     *
     * @return a copy of these headers (the headers themselves are immutable and shared)
     */
    public MsrpHeaders copy() {
        return new MsrpHeaders(this);
    }

    /**
     * Adds a header at its place in wire order, keeping any others of the same name.
     *
     * @param header the header
     * @return the MSRP headers
     */
    public MsrpHeaders add(MsrpHeader<?> header) {
        int rank = rank(header);
        int i = list.size();
        while (i > 0 && rank(list.get(i - 1)) > rank) {
            i--;
        }
        list.add(i, header);
        return this;
    }

    /**
     * Replaces the first header of the same name, or adds it when there is none.
     *
     * @param header the header
     * @return the MSRP headers
     */
    public MsrpHeaders set(MsrpHeader<?> header) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equalsIgnoreCase(header.name())) {
                list.set(i, header);
                for (int j = list.size() - 1; j > i; j--) {
                    if (list.get(j).name().equalsIgnoreCase(header.name())) {
                        list.remove(j);
                    }
                }
                return this;
            }
        }
        return add(header);
    }

    /**
     * The first header called {@code name}, or null.
     *
     * @param name the name
     * @return the first header called {@code name}, or null
     */
    public MsrpHeader<?> get(String name) {
        for (int i = 0, n = list.size(); i < n; i++) {
            MsrpHeader<?> h = list.get(i);
            if (h.name().equalsIgnoreCase(name)) {
                return h;
            }
        }
        return null;
    }

    /**
     * The first header of class {@code type}, or null.
     *
     * @param <H> the header class
     * @param type the header class
     * @return the first header of class {@code type}, or null
     */
    public <H extends MsrpHeader<?>> H get(Class<H> type) {
        for (int i = 0, n = list.size(); i < n; i++) {
            MsrpHeader<?> h = list.get(i);
            if (type.isInstance(h)) {
                return type.cast(h);
            }
        }
        return null;
    }

    /**
     * Every header called {@code name}, in order.
     *
     * @param name the name
     * @return every header called {@code name}, in order
     */
    public List<MsrpHeader<?>> getAll(String name) {
        List<MsrpHeader<?>> out = new ArrayList<>(1);
        for (MsrpHeader<?> h : list) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * Whether a header called {@code name} is present.
     *
     * @param name the name
     * @return whether a header called {@code name} is present
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Removes every header called {@code name}; returns whether any was present.
     *
     * @param name the header name, in any case
     * @return whether any was present
     */
    public boolean remove(String name) {
        return list.removeIf(h -> h.name().equalsIgnoreCase(name));
    }

    /**
     * The number of headers.
     *
     * @return the number of headers
     */
    public int size() {
        return list.size();
    }

    /**
     * The headers in wire order, unmodifiable.
     *
     * @return the headers in wire order, unmodifiable
     */
    public List<MsrpHeader<?>> asList() {
        return Collections.unmodifiableList(list);
    }

    @Override
    public Iterator<MsrpHeader<?>> iterator() {
        return asList().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MsrpHeaders h && list.equals(h.list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }

    private static int rank(MsrpHeader<?> header) {
        if (header instanceof ToPathHeader) {
            return 0;
        }
        if (header instanceof FromPathHeader) {
            return 1;
        }
        if (header instanceof ContentTypeHeader) {
            return 4;
        }
        if (header instanceof ContentIdHeader || header instanceof ContentDescriptionHeader
                || header instanceof ContentDispositionHeader
                || (header instanceof GenericHeader && header.name().regionMatches(true, 0, "Content-", 0, 8))) {
            return 3;
        }
        return 2;
    }
}
