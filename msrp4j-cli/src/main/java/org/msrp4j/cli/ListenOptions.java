package org.msrp4j.cli;

import java.util.List;
import org.msrp4j.protocol.MsrpUri;
import picocli.CommandLine.Option;

/** The options of the commands that wait for the peer's connection ({@code listen}, {@code receive}). */
final class ListenOptions {

    @Option(names = "--tls", description = {"Listen for MSRP over TLS (msrps:). A self-signed certificate is "
            + "made for the run; its fingerprint is printed as a=fingerprint so the peer can pin it."})
    boolean tls;

    @Option(names = "--remote-path", paramLabel = "URI", split = "\\s+", converter = Converters.Uri.class,
            description = {"The peer's path (its a=path; several URIs separated by spaces): only a "
                    + "connection whose binding SEND comes from it is accepted. Without it, the first "
                    + "connection that binds to this side's path is accepted, whoever it comes from."})
    List<MsrpUri> remotePath;
}
