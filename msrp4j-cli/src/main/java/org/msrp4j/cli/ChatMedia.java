package org.msrp4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.msrp4j.protocol.MsrpSyntaxException;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MediaTypes;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.OfferAnswer;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.sdp.SessionDescription;
import org.msrp4j.sdp.Setup;
import org.msrp4j.tls.Fingerprint;

/**
 * The SDP media descriptions of {@code msrp listen} and {@code msrp connect}: this side's, printed
 * for the peer (the listener's an offer with {@code a=setup:actpass}, the connector's the answer
 * with {@code a=setup:active}), and the peer's, read from a whole SDP body, one {@code m=message}
 * media description, an {@code a=path:} line or the bare URIs of a path. A peer known only by its
 * path is taken to accept {@code text/plain} alone, as a plain MSRP endpoint would: messages then go
 * without CPIM, composing indications and display notifications.
 */
final class ChatMedia {

    /** The most lines of a media description read from stdin. */
    private static final int MAX_LINES = 200;
    /** The longest line of a media description read from stdin, in bytes. */
    private static final int MAX_LINE = 8192;

    private ChatMedia() {
    }

    /** The listener's offer: its path, fingerprint and accepted types. */
    static MsrpMedia offer(List<MsrpUri> localPath, List<Fingerprint> fingerprints, List<String> acceptTypes) {
        return OfferAnswer.offer(localPath, settings(acceptTypes, fingerprints, Setup.ACTPASS));
    }

    /**
     * The connector's answer to {@code offer}.
     *
     * @throws CliException if the offer cannot be used (no path, TLS mismatch, no common type)
     */
    static MsrpMedia answer(MsrpMedia offer, List<MsrpUri> localPath, List<Fingerprint> fingerprints,
            List<String> acceptTypes) throws CliException {
        try {
            return OfferAnswer.answer(offer, localPath, settings(acceptTypes, fingerprints, Setup.ACTIVE));
        } catch (SdpException e) {
            throw new CliException(ExitCode.USAGE, "the peer's media description cannot be used: " + e.getMessage());
        }
    }

    /**
     * The description of a peer known only by its path: {@code text/plain}, with {@code setup} (the
     * listener's {@code actpass} offer, or the connector's {@code active} answer).
     */
    static MsrpMedia fromPath(List<MsrpUri> path, Setup setup) {
        return OfferAnswer.offer(path, MediaSettings.builder().acceptTypes(List.of("text/plain"))
                .acceptWrappedTypes(List.of()).setup(setup).build());
    }

    private static MediaSettings settings(List<String> acceptTypes, List<Fingerprint> fingerprints, Setup setup) {
        return MediaSettings.builder().acceptTypes(acceptTypes).acceptWrappedTypes(Chat.ACCEPT_WRAPPED_TYPES)
                .maxSize(Chat.MAX_MESSAGE).fingerprints(fingerprints).setup(setup).build();
    }

    /** Whether the peer takes a display notification request: CPIM with {@code message/imdn+xml} inside. */
    static boolean takesNotifications(MsrpMedia remote) {
        List<String> wrapped = new ArrayList<>(remote.acceptWrappedTypes());
        wrapped.addAll(remote.acceptTypes());
        return MediaTypes.accepts(remote.acceptTypes(), "message/cpim")
                && MediaTypes.accepts(wrapped, "message/imdn+xml");
    }

    /** Prints {@code media} one line at a time, as SDP writes it. */
    static void print(MsrpMedia media, PrintWriter out) {
        media.encode().lines().forEach(out::println);
        out.flush();
    }

    /**
     * The peer's media description from {@code source}: a file, or {@code -} for the lines of {@code
     * stdin} up to the first empty one.
     *
     * @throws CliException if the file cannot be read, or it holds no usable description
     */
    static MsrpMedia read(String source, InputStream stdin) throws CliException {
        String text;
        try {
            text = "-".equals(source) ? readBlock(stdin) : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.FAILURE, "no such file: " + source);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read the peer's media description from " + source
                    + ": " + Main.message(e));
        }
        MsrpMedia media = parse(text);
        if (media == null) {
            throw new CliException(ExitCode.USAGE, "no media description (m=message ... or a=path:...) in "
                    + ("-".equals(source) ? "the input" : source));
        }
        return media;
    }

    /**
     * The peer's media description in {@code text}: a whole SDP body ({@code v=0 ...}), one media
     * description ({@code m=message ...}), or an {@code a=path:} line (made into a description with
     * {@link #fromPath}, {@code actpass}); null when the text is none of these (bare URIs).
     *
     * @throws CliException if the text is SDP but malformed or unusable
     */
    static MsrpMedia parse(String text) throws CliException {
        String t = text.strip();
        try {
            if (t.startsWith("v=")) {
                return SessionDescription.parse(t).msrpMedia("message");
            }
            if (t.startsWith("m=")) {
                return MsrpMedia.parse(t);
            }
            if (t.startsWith("a=path:")) {
                List<MsrpUri> path = new ArrayList<>();
                for (String uri : t.substring("a=path:".length()).strip().split("\\s+")) {
                    path.add(MsrpUri.parse(uri));
                }
                return fromPath(path, Setup.ACTPASS);
            }
        } catch (SdpException e) {
            throw new CliException(ExitCode.USAGE, "bad media description: " + Main.message(e));
        } catch (MsrpSyntaxException e) {
            throw new CliException(ExitCode.USAGE, "bad MSRP URI in a=path: " + Main.message(e));
        }
        return null;
    }

    /**
     * The lines of {@code in} up to the first empty one, read a byte at a time so that what follows
     * (the chat) stays in {@code in}.
     */
    static String readBlock(InputStream in) throws IOException, CliException {
        StringBuilder b = new StringBuilder();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int lines = 0;
        int c;
        while ((c = in.read()) >= 0) {
            if (c != '\n') {
                if (line.size() >= MAX_LINE) {
                    throw new CliException(ExitCode.USAGE, "a media description line of more than " + MAX_LINE
                            + " bytes");
                }
                line.write(c);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8).strip();
            line.reset();
            if (text.isEmpty()) {
                break;
            }
            if (++lines > MAX_LINES) {
                throw new CliException(ExitCode.USAGE, "a media description of more than " + MAX_LINES + " lines");
            }
            b.append(text).append("\r\n");
        }
        return b.append(line.toString(StandardCharsets.UTF_8).strip()).toString();
    }
}
