package org.msrp4j.relay;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which addresses and ports the relay may open a connection to when a request names a next hop
 * it is not yet connected to. Without it any user could make the relay scan ports or write MSRP
 * requests to any service it can reach, inside its own network included.
 *
 * <p>A next hop is judged by the address it resolves to (the relay then connects to that very
 * address) and its port, in this order:
 * <ol>
 *   <li>a {@link Builder#deny deny} rule that matches: refused;
 *   <li>an {@link Builder#allow allow} rule that matches: permitted;
 *   <li>loopback addresses unless {@link Builder#allowLoopback}, private, shared (100.64/10),
 *       unique-local (fc00::/7) and link-local addresses unless {@link Builder#allowPrivate}, and
 *       always the unspecified, multicast and broadcast addresses: refused;
 *   <li>otherwise permitted when the port is in {@link Builder#ports} (default 1024-65535: MSRP
 *       endpoints and relays listen on unprivileged ports, the services worth forging requests to
 *       mostly on the others).
 * </ol>
 * A rule is {@code address[/prefix][:port[-port]]}; an IPv6 address in brackets when a prefix or
 * port follows, e.g. {@code 192.0.2.0/24}, {@code 198.51.100.7:2855}, {@code [2001:db8::]/32:2855-2860}.
 * Immutable.
 */
public final class NextHopPolicy {

    /** The default: public addresses on ports 1024-65535 only. */
    public static final NextHopPolicy DEFAULT = builder().build();

    private final List<Rule> allow;
    private final List<Rule> deny;
    private final boolean allowLoopback;
    private final boolean allowPrivate;
    private final List<int[]> ports;

    private NextHopPolicy(Builder b) {
        this.allow = List.copyOf(b.allow);
        this.deny = List.copyOf(b.deny);
        this.allowLoopback = b.allowLoopback;
        this.allowPrivate = b.allowPrivate;
        this.ports = List.copyOf(b.ports.isEmpty() ? List.of(new int[] {1024, 65535}) : b.ports);
    }

    /**
     * A builder starting from the default policy.
     *
     * @return a new builder holding {@link #DEFAULT}'s rules
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the relay may connect to {@code port} at {@code address}.
     *
     * @param address the next hop's resolved address
     * @param port the next hop's port
     * @return true if a deny rule does not match and an allow rule or the default rules permit it
     */
    public boolean permits(InetAddress address, int port) {
        Objects.requireNonNull(address, "address");
        for (Rule r : deny) {
            if (r.matches(address, port)) {
                return false;
            }
        }
        for (Rule r : allow) {
            if (r.matches(address, port)) {
                return true;
            }
        }
        if (address.isLoopbackAddress()) {
            if (!allowLoopback) {
                return false;
            }
        } else if (isPrivate(address)) {
            if (!allowPrivate) {
                return false;
            }
        } else if (address.isAnyLocalAddress() || address.isMulticastAddress() || isBroadcast(address)) {
            return false;
        }
        for (int[] range : ports) {
            if (port >= range[0] && port <= range[1]) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrivate(InetAddress a) {
        if (a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10, shared address space
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }

    private static boolean isBroadcast(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
    }

    @Override
    public String toString() {
        return "NextHopPolicy[allow=" + allow + ", deny=" + deny + ", loopback=" + allowLoopback + ", private="
                + allowPrivate + ", ports=" + ports.stream().map(r -> r[0] + "-" + r[1]).toList() + "]";
    }

    /**
     * An address block and a port range.
     *
     * @param network the block's first address
     * @param prefix how many leading bits of an address must equal the network's
     * @param lowPort the lowest port the rule covers
     * @param highPort the highest port the rule covers
     */
    record Rule(InetAddress network, int prefix, int lowPort, int highPort) {

        /** Parses {@code address[/prefix][:port[-port]]} (IPv6 in brackets when more follows). */
        static Rule parse(String text) {
            String t = text.strip();
            String address;
            String rest;
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in next-hop rule: " + text);
                }
                address = t.substring(1, close);
                rest = t.substring(close + 1);
            } else if (t.indexOf(':') != t.lastIndexOf(':')) {
                int slash = t.indexOf('/');
                address = slash < 0 ? t : t.substring(0, slash);
                rest = slash < 0 ? "" : t.substring(slash);
            } else {
                int cut = indexOfAny(t, '/', ':');
                address = cut < 0 ? t : t.substring(0, cut);
                rest = cut < 0 ? "" : t.substring(cut);
            }
            InetAddress network = literal(address, text);
            int bits = network.getAddress().length * 8;
            int prefix = bits;
            if (rest.startsWith("/")) {
                int colon = rest.indexOf(':');
                prefix = number(rest.substring(1, colon < 0 ? rest.length() : colon), 0, bits, text);
                rest = colon < 0 ? "" : rest.substring(colon);
            }
            int low = 0;
            int high = 65535;
            if (rest.startsWith(":")) {
                String ports = rest.substring(1);
                int dash = ports.indexOf('-');
                low = number(dash < 0 ? ports : ports.substring(0, dash), 0, 65535, text);
                high = dash < 0 ? low : number(ports.substring(dash + 1), low, 65535, text);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("bad next-hop rule: " + text);
            }
            return new Rule(network, prefix, low, high);
        }

        boolean matches(InetAddress address, int port) {
            if (port < lowPort || port > highPort) {
                return false;
            }
            byte[] a = address.getAddress();
            byte[] n = network.getAddress();
            if (a.length != n.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != n[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((a[full] ^ n[full]) & (0xff << (8 - rest))) == 0;
        }

        @Override
        public String toString() {
            String host = network instanceof Inet6Address ? "[" + MsrpRelay.hostText(network) + "]"
                    : network.getHostAddress();
            return host + "/" + prefix + ":" + lowPort + "-" + highPort;
        }

        private static int indexOfAny(String s, char a, char b) {
            int i = s.indexOf(a);
            int j = s.indexOf(b);
            return i < 0 ? j : j < 0 ? i : Math.min(i, j);
        }

        private static InetAddress literal(String address, String rule) {
            if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("next-hop rule needs an IP address: " + rule);
            }
            try {
                return InetAddress.getByName(address); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad address in next-hop rule: " + rule, e);
            }
        }

        private static int number(String s, int min, int max, String rule) {
            try {
                int n = Integer.parseInt(s);
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number '" + s + "' in next-hop rule: " + rule, e);
            }
        }
    }

    /** Builds a {@link NextHopPolicy}; every setter returns the builder. */
    public static final class Builder {
        private final List<Rule> allow = new ArrayList<>();
        private final List<Rule> deny = new ArrayList<>();
        private boolean allowLoopback;
        private boolean allowPrivate;
        private final List<int[]> ports = new ArrayList<>();

        private Builder() {
        }

        /**
         * Permits next hops matching {@code rule}, loopback and private ones too.
         *
         * @param rule {@code address[/prefix][:port[-port]]}
         * @return this builder
         */
        public Builder allow(String rule) {
            allow.add(Rule.parse(rule));
            return this;
        }

        /**
         * Refuses next hops matching {@code rule}, whatever else says.
         *
         * @param rule {@code address[/prefix][:port[-port]]}
         * @return this builder
         */
        public Builder deny(String rule) {
            deny.add(Rule.parse(rule));
            return this;
        }

        /**
         * Whether loopback next hops (127/8, ::1) are permitted (default false).
         *
         * @param value true to permit them
         * @return this builder
         */
        public Builder allowLoopback(boolean value) {
            this.allowLoopback = value;
            return this;
        }

        /**
         * Whether private, shared, unique-local and link-local next hops are permitted (default false).
         *
         * @param value true to permit them
         * @return this builder
         */
        public Builder allowPrivate(boolean value) {
            this.allowPrivate = value;
            return this;
        }

        /**
         * The ports permitted outside the allow rules, e.g. {@code 1024-65535} or {@code 2855, 5000-6000};
         * replaces the default 1024-65535.
         *
         * @param ranges comma-separated ports and port ranges
         * @return this builder
         */
        public Builder ports(String ranges) {
            ports.clear();
            for (String item : ranges.split(",")) {
                if (!item.isBlank()) {
                    Rule r = Rule.parse("0.0.0.0/0:" + item.strip());
                    ports.add(new int[] {r.lowPort(), r.highPort()});
                }
            }
            if (ports.isEmpty()) {
                throw new IllegalArgumentException("no port range in '" + ranges + "'");
            }
            return this;
        }

        /**
         * The policy.
         *
         * @return an immutable policy holding the rules set so far
         */
        public NextHopPolicy build() {
            return new NextHopPolicy(this);
        }
    }
}
