package org.msrp4j.sdp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The RFC 5547 §6 {@code a=file-selector} value: the file's name, media type, size and hashes, any of
 * which may be absent, e.g. {@code name:"My cool picture.jpg" type:image/jpeg size:32349
 * hash:sha-1:72:24:5F:...}. Immutable; build with {@link #builder()}.
 *
 * <p>Parsing is liberal where peers differ: selectors in any order, hex digits in either case, and
 * unknown selectors skipped. The name is percent-decoded (RFC 5547 escapes {@code "} as {@code %22});
 * {@link #encode()} escapes {@code "}, {@code %} and control characters again.
 */
public final class FileSelector {

    private final String name;
    private final String type;
    private final long size;
    private final List<FileHash> hashes;

    private FileSelector(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.size = b.size;
        this.hashes = List.copyOf(b.hashes);
    }

    /**
     * A builder with nothing selected.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this selector's values.
     *
     * @return a new builder; changing it leaves this selector as it is
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.type = type;
        b.size = size;
        b.hashes.addAll(hashes);
        return b;
    }

    /**
     * Parses an {@code a=file-selector} value (empty selects nothing in particular).
     *
     * @param value the text after {@code a=file-selector:}
     * @return the selector
     * @throws SdpException ({@code SYNTAX}) if a name, type, size or hash is malformed
     */
    public static FileSelector parse(String value) throws SdpException {
        Builder b = new Builder();
        int n = value.length();
        int i = 0;
        while (i < n) {
            if (SdpText.isBlank(value.charAt(i))) {
                i++;
                continue;
            }
            if (value.startsWith("name:", i)) {
                i += 5;
                if (i >= n || value.charAt(i) != '"') {
                    throw SdpText.syntax("file-selector name must be in double quotes", value);
                }
                int close = value.indexOf('"', i + 1);
                if (close < 0) {
                    throw SdpText.syntax("file-selector name has no closing quote", value);
                }
                String decoded = percentDecode(value.substring(i + 1, close));
                if (decoded.isEmpty()) {
                    throw SdpText.syntax("file-selector name is empty", value);
                }
                b.name = decoded;
                i = close + 1;
                continue;
            }
            int end = wordEnd(value, i);
            String word = value.substring(i, end);
            if (word.startsWith("type:")) {
                String t = word.substring(5);
                if (!isMediaType(t)) {
                    throw SdpText.syntax("file-selector type must be <type>/<subtype>", value);
                }
                b.type = t;
            } else if (word.startsWith("size:")) {
                long s = SdpText.parseCount(word.substring(5));
                if (s < 0) {
                    throw SdpText.syntax("file-selector size must be a decimal number", value);
                }
                b.size = s;
            } else if (word.startsWith("hash:")) {
                b.hashes.add(FileHash.parse(word.substring(5)));
            }
            i = end;
        }
        return new FileSelector(b);
    }

    /**
     * The file name, if selected.
     *
     * @return the name, unescaped, or empty
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * The media type with any parameters, e.g. {@code image/jpeg}, if selected.
     *
     * @return the type, or empty
     */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /**
     * The size in octets, if selected.
     *
     * @return the size, or empty
     */
    public OptionalLong size() {
        return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
    }

    /**
     * The hashes, in the order written.
     *
     * @return an unmodifiable list
     */
    public List<FileHash> hashes() {
        return hashes;
    }

    /**
     * The hash with the given function name (case-insensitive), if present.
     *
     * @param algorithm a hash function's name, e.g. {@code sha-1}
     * @return the hash, or empty
     */
    public Optional<FileHash> hash(String algorithm) {
        return hashes.stream().filter(h -> h.algorithm().equalsIgnoreCase(algorithm)).findFirst();
    }

    /**
     * The attribute value: {@code name:"…" type:… size:… hash:…}, in that order, the absent ones left out.
     *
     * @return the text after {@code a=file-selector:}
     */
    public String encode() {
        List<String> parts = new ArrayList<>(3 + hashes.size());
        if (name != null) {
            parts.add("name:\"" + percentEncode(name) + "\"");
        }
        if (type != null) {
            parts.add("type:" + type);
        }
        if (size >= 0) {
            parts.add("size:" + size);
        }
        for (FileHash h : hashes) {
            parts.add("hash:" + h.encode());
        }
        return String.join(" ", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileSelector f && Objects.equals(name, f.name) && Objects.equals(type, f.type)
                && size == f.size && hashes.equals(f.hashes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, size, hashes);
    }

    @Override
    public String toString() {
        return encode();
    }

    /** The end of the word at {@code i}: the next blank outside double quotes, or the end. */
    private static int wordEnd(String s, int i) {
        boolean quoted = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && SdpText.isBlank(c)) {
                break;
            }
            i++;
        }
        return i;
    }

    /** {@code type/subtype} with optional {@code ;param=value} parts, no blanks outside quotes. */
    static boolean isMediaType(String t) {
        int semi = t.indexOf(';');
        String base = semi < 0 ? t : t.substring(0, semi);
        int slash = base.indexOf('/');
        return slash > 0 && SdpText.isToken(base.substring(0, slash)) && SdpText.isToken(base.substring(slash + 1));
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && SdpText.hexDigit(s.charAt(i + 1)) >= 0
                    && SdpText.hexDigit(s.charAt(i + 2)) >= 0) {
                out.write(SdpText.hexDigit(s.charAt(i + 1)) << 4 | SdpText.hexDigit(s.charAt(i + 2)));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String percentEncode(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '%' || c < 0x20 || c == 0x7f) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Builds a {@link FileSelector}. */
    public static final class Builder {
        private String name;
        private String type;
        private long size = -1;
        private final List<FileHash> hashes = new ArrayList<>();

        private Builder() {
        }

        /**
         * The file name (any text; escaped when written), or null for none.
         *
         * @param value the name, or null
         * @return this builder
         */
        public Builder name(String value) {
            if (value != null && value.isEmpty()) {
                throw new IllegalArgumentException("empty file name");
            }
            this.name = value;
            return this;
        }

        /**
         * The media type, e.g. {@code image/jpeg}, or null for none.
         *
         * @param value the type, or null
         * @return this builder
         */
        public Builder type(String value) {
            if (value != null && !isMediaType(value)) {
                throw new IllegalArgumentException("not a media type: \"" + value + "\"");
            }
            this.type = value;
            return this;
        }

        /**
         * The size in octets, or -1 for none.
         *
         * @param value octets, or -1
         * @return this builder
         */
        public Builder size(long value) {
            if (value < -1) {
                throw new IllegalArgumentException("negative size: " + value);
            }
            this.size = value;
            return this;
        }

        /**
         * Adds a hash.
         *
         * @param value the hash to add
         * @return this builder
         */
        public Builder hash(FileHash value) {
            hashes.add(Objects.requireNonNull(value, "hash"));
            return this;
        }

        /**
         * Builds the selector.
         *
         * @return an immutable selector
         */
        public FileSelector build() {
            return new FileSelector(this);
        }
    }
}
