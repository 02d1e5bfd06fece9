package org.msrp4j.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.msrp4j.protocol.MsrpSyntaxException;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.InvalidFingerprintException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters for the MSRP values given on the command line; bad text is a usage error. */
final class Converters {

    private Converters() {
    }

    /** An MSRP URI, e.g. {@code msrp://192.0.2.7:2855/s3ss10n;tcp}. */
    static final class Uri implements ITypeConverter<MsrpUri> {
        @Override
        public MsrpUri convert(String value) {
            try {
                return MsrpUri.parse(value);
            } catch (MsrpSyntaxException e) {
                throw new TypeConversionException("bad MSRP URI: " + e.getMessage());
            }
        }
    }

    /** A certificate fingerprint as in SDP {@code a=fingerprint}, e.g. {@code SHA-256 AB:CD:…}. */
    static final class FingerprintValue implements ITypeConverter<Fingerprint> {
        @Override
        public Fingerprint convert(String value) {
            try {
                return Fingerprint.parse(value);
            } catch (InvalidFingerprintException e) {
                throw new TypeConversionException("bad fingerprint: " + e.getMessage());
            }
        }
    }

    /**
     * A size in bytes: digits, optionally followed by K, M, G or T (powers of 1000, as progress
     * shows sizes) or KiB, MiB, GiB or TiB (powers of 1024), e.g. {@code 500M}, {@code 2GiB}.
     */
    static final class Size implements ITypeConverter<Long> {
        private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(|[KMGT]|[KMGT]i?B)", Pattern.CASE_INSENSITIVE);

        @Override
        public Long convert(String value) {
            Matcher m = FORM.matcher(value.strip());
            if (!m.matches()) {
                throw new TypeConversionException("bad size '" + value + "': digits with K, M, G, T, KiB, MiB, GiB or "
                        + "TiB, or none for bytes");
            }
            String unit = m.group(2).toUpperCase(Locale.ROOT);
            int power = unit.isEmpty() ? 0 : "KMGT".indexOf(unit.charAt(0)) + 1;
            long base = unit.contains("I") ? 1024 : 1000;
            try {
                long bytes = Long.parseLong(m.group(1));
                for (int i = 0; i < power; i++) {
                    bytes = Math.multiplyExact(bytes, base);
                }
                return bytes;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("size too large: " + value);
            }
        }
    }
}
