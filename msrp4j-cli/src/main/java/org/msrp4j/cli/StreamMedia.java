package org.msrp4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.sdp.SessionDescription;

/**
 * The SDP media descriptions of the commands whose stream runs the offer/answer exchange itself
 * ({@code share-screen}, {@code view-screen}): this side's, printed for the peer and ended by an
 * empty line, and the peer's, read from an argument, a file or stdin (a whole SDP body, or one
 * media description starting with {@code m=}).
 */
final class StreamMedia {

    private StreamMedia() {
    }

    /** Prints {@code media} one line at a time, as SDP writes it, then an empty line. */
    static void print(MsrpMedia media, PrintWriter out) {
        media.encode().lines().forEach(out::println);
        out.println();
        out.flush();
    }

    /**
     * The peer's description of type {@code mediaType} from {@code source}: a file, or {@code -} for
     * the lines of {@code stdin} up to the first empty one (the rest stays in {@code stdin}).
     *
     * @throws CliException if the file cannot be read, or it holds no usable description
     */
    static MsrpMedia read(String source, InputStream stdin, String mediaType) throws CliException {
        String text;
        try {
            text = "-".equals(source) ? ChatMedia.readBlock(stdin)
                    : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.FAILURE, "no such file: " + source);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read the peer's media description from " + source
                    + ": " + Main.message(e));
        }
        return parse(text, mediaType, "-".equals(source) ? "the input" : source);
    }

    /**
     * The peer's description of type {@code mediaType} in {@code text}: a whole SDP body ({@code
     * v=0 ...}) or one media description ({@code m=...}).
     *
     * @param from what the text came from, for the error message
     * @throws CliException if the text is neither, or is malformed
     */
    static MsrpMedia parse(String text, String mediaType, String from) throws CliException {
        String t = text.strip();
        try {
            if (t.startsWith("v=")) {
                return SessionDescription.parse(t).msrpMedia(mediaType);
            }
            if (t.startsWith("m=")) {
                return MsrpMedia.parse(t);
            }
        } catch (SdpException e) {
            throw new CliException(ExitCode.USAGE, "bad media description: " + Main.message(e));
        }
        throw new CliException(ExitCode.USAGE, "no media description (m=" + mediaType + " ... or a whole SDP body) in "
                + from);
    }
}
