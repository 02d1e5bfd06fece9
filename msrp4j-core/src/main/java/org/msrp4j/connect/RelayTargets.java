package org.msrp4j.connect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.msrp4j.protocol.MsrpUri;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The relay URIs {@link RelaySettings} names, in the order they are tried. */
final class RelayTargets {

    private static final Random RANDOM = new SecureRandom();

    private RelayTargets() {
    }

    /**
     * The relays to try: the explicit list, else host and port, else the SRV records of the domain
     * in RFC 2782 order, else the domain on port 2855. Each URI has no session id.
     *
     * @throws ConnectFailedException if the DNS query fails (no answer, bad domain name)
     */
    static List<MsrpUri> resolve(RelaySettings settings) throws ConnectFailedException {
        if (!settings.relays().isEmpty()) {
            List<MsrpUri> out = new ArrayList<>();
            for (MsrpUri u : settings.relays()) {
                out.add(u.sessionId() == null ? u : u.withSessionId(null));
            }
            return out;
        }
        if (settings.host() != null) {
            return List.of(uri(settings, settings.host(), settings.port() > 0 ? settings.port()
                    : RelaySettings.DEFAULT_PORT));
        }
        List<SRVRecord> records = lookUp(settings);
        if (records == null) {
            return List.of(uri(settings, settings.domain(), settings.port() > 0 ? settings.port()
                    : RelaySettings.DEFAULT_PORT));
        }
        List<MsrpUri> out = new ArrayList<>();
        for (SRVRecord r : order(records, RANDOM)) {
            out.add(uri(settings, r.getTarget().toString(true), r.getPort()));
        }
        return out;
    }

    /**
     * The socket address of a relay to try. With a DNS server configured, a host name is looked up
     * there (A, then AAAA records), as the SRV records were: names that only that server knows
     * resolve too. Otherwise, and for IP literals, the system's resolvers answer.
     *
     * @throws ConnectFailedException if the name does not resolve
     */
    static InetSocketAddress address(RelaySettings settings, MsrpUri target) throws ConnectFailedException {
        if (settings.dnsServer() == null || isIpLiteral(target.host())) {
            return Sockets.resolve(target);
        }
        int port = target.effectivePort();
        try {
            Name name = Name.fromString(target.host(), Name.root);
            Resolver resolver = resolver(settings);
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Message answer = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
                for (Record r : answer.getSection(Section.ANSWER)) {
                    if (r instanceof ARecord a) {
                        return new InetSocketAddress(a.getAddress(), port);
                    }
                    if (r instanceof AAAARecord aaaa) {
                        return new InetSocketAddress(aaaa.getAddress(), port);
                    }
                }
            }
        } catch (IOException e) {
            throw new ConnectFailedException("cannot resolve " + target.host() + " with the DNS server "
                    + settings.dnsServer() + ": " + e.getMessage(),
                    InetSocketAddress.createUnresolved(target.host(), port), e);
        }
        throw new ConnectFailedException("cannot resolve " + target.host() + ": the DNS server " + settings.dnsServer()
                + " has no A or AAAA record", InetSocketAddress.createUnresolved(target.host(), port), null);
    }

    /** The configured DNS server, or the system's resolvers, with the configured timeout. */
    private static Resolver resolver(RelaySettings settings) throws IOException {
        Resolver resolver = settings.dnsServer() != null ? new SimpleResolver(settings.dnsServer())
                : new ExtendedResolver();
        resolver.setTimeout(settings.dnsTimeout());
        return resolver;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static MsrpUri uri(RelaySettings settings, String host, int port) {
        return MsrpUri.builder().useTls(settings.useTls()).host(host).port(port).build();
    }

    /** The SRV records of the domain, or null when it has none (the fallback applies). */
    private static List<SRVRecord> lookUp(RelaySettings settings) throws ConnectFailedException {
        String service = (settings.useTls() ? "_msrps" : "_msrp") + "._tcp." + settings.domain();
        Message answer;
        try {
            Name name = Name.fromString(service, Name.root);
            answer = resolver(settings).send(Message.newQuery(Record.newRecord(name, Type.SRV, DClass.IN)));
        } catch (TextParseException e) {
            throw new ConnectFailedException("bad relay domain " + settings.domain() + ": " + e.getMessage(), null, e);
        } catch (IOException e) {
            throw new ConnectFailedException("SRV look-up of " + service + " failed: " + e.getMessage(), null, e);
        }
        int rcode = answer.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new ConnectFailedException("SRV look-up of " + service + " failed: " + Rcode.string(rcode), null,
                    null);
        }
        List<SRVRecord> records = new ArrayList<>();
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof SRVRecord srv) {
                records.add(srv);
            }
        }
        if (records.isEmpty()) {
            return null;
        }
        // RFC 2782: a single record with target "." says the service is decidedly not available
        if (records.size() == 1 && records.get(0).getTarget().equals(Name.root)) {
            throw new ConnectFailedException("the domain " + settings.domain()
                    + " offers no MSRP relay (SRV target \".\")",
                    null, null);
        }
        records.removeIf(r -> r.getTarget().equals(Name.root));
        return records;
    }

    /**
     * RFC 2782 order: ascending priority; within one priority a weighted random order, where a
     * record of weight w is picked next with probability w / (sum of the remaining weights), weight
     * 0 records having a small chance when all are 0.
     */
    static List<SRVRecord> order(List<SRVRecord> records, Random random) {
        List<SRVRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(SRVRecord::getPriority));
        List<SRVRecord> out = new ArrayList<>(sorted.size());
        int i = 0;
        while (i < sorted.size()) {
            int priority = sorted.get(i).getPriority();
            List<SRVRecord> group = new ArrayList<>();
            while (i < sorted.size() && sorted.get(i).getPriority() == priority) {
                group.add(sorted.get(i++));
            }
            group.sort(Comparator.comparingInt(SRVRecord::getWeight));
            while (!group.isEmpty()) {
                long sum = 0;
                for (SRVRecord r : group) {
                    sum += r.getWeight();
                }
                int pick = 0;
                if (sum > 0) {
                    long target = (long) (random.nextDouble() * (sum + 1));
                    long running = 0;
                    for (int k = 0; k < group.size(); k++) {
                        running += group.get(k).getWeight();
                        if (running >= target) {
                            pick = k;
                            break;
                        }
                    }
                } else {
                    pick = random.nextInt(group.size());
                }
                out.add(group.remove(pick));
            }
        }
        return out;
    }
}
