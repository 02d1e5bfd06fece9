package org.msrp4j.cli;

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
}
