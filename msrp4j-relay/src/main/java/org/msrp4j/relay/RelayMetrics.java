package org.msrp4j.relay;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The relay's metrics, in a Prometheus registry of its own (no global one): counters the relay's
 * threads move and gauges read when scraped. Every labelled counter is resolved once here, so
 * counting on the forwarding path is an add to a striped adder, without a lock or an allocation.
 *
 * <p>Metrics (all named {@code msrp_relay_...}):
 * <ul>
 * <li>{@code connections{listener}}: open connections by listener URI ({@code outbound} for the
 *     ones the relay opened to next hops); {@code reservations}: relay URIs reserved now.
 * <li>{@code auth_total{outcome}}: AUTH answers by {@link AuthOutcome}.
 * <li>{@code forwarded_chunks_total}, {@code forwarded_bytes_total}: requests passed on to their
 *     next hop in full and their body bytes, counted when each chunk ends.
 * <li>{@code resplit_chunks_total}: pieces of forwarded chunks ended with '+' to let other senders
 *     to the same destination take turns (RFC 4976 §7.2).
 * <li>{@code refusals_total{limit}}: connections closed and requests refused by a limit, by
 *     {@link Refusal} (labelled with the setting that set it).
 * <li>{@code next_hop_failures_total{reason}}: by {@link NextHopFailure}.
 * <li>{@code forward_latency_seconds}: histogram of the time from reading a chunk's header block
 *     to its first bytes leaving for the next hop (staged for the write at the end of that read; a
 *     short chunk is gathered whole first, so its time includes reading its body).
 * </ul>
 */
final class RelayMetrics {

    /** How an AUTH was answered. */
    enum AuthOutcome {
        /** 200, a relay URI reserved or refreshed. */
        OK,
        /** 401 to an AUTH without credentials: the usual first step. */
        CHALLENGED,
        /** 401 for a wrong password or an unknown user. */
        BAD_CREDENTIALS,
        /** 401 with stale=true: good credentials, old nonce. */
        STALE_NONCE,
        /** 401 for an unknown nonce, a replayed count, a wrong realm, algorithm, scheme or opaque. */
        BAD_NONCE_OR_PARAMETERS,
        /** 400 for a malformed Authorization. */
        MALFORMED,
        /** 403 held back by the AUTH throttle (address or account). */
        THROTTLED,
        /** 403 for a user who may not use the relay ({@code users.allowed}). */
        NOT_ALLOWED,
        /** 403 while the account source cannot answer. */
        ACCOUNTS_UNAVAILABLE,
        /** 403: the user or connection holds too many reservations. */
        TOO_MANY_RESERVATIONS,
        /** 423 for an Expires out of bounds. */
        EXPIRES_OUT_OF_BOUNDS,
        /** 481 for an AUTH to a relay URI that is not this relay's. */
        NOT_THIS_RELAY,
        /** 403 while the relay shuts down, or an AUTH over a connection the relay opened. */
        REFUSED;

        final String label = name().toLowerCase(Locale.ROOT);
    }

    /** A limit that closed a connection or refused a request, labelled with its setting. */
    enum Refusal {
        CONNECTIONS_MAX("connections.max"),
        CONNECTIONS_PER_ADDRESS("connections.per-address"),
        AUTH_ADDRESS_FAILURES("auth.address.max-failures"),
        AUTH_USER_FAILURES("auth.user.max-failures"),
        AUTH_CONNECTION_FAILURES("auth.max-failures"),
        HANDSHAKE_TIMEOUT("timeout.handshake"),
        FIRST_REQUEST_TIMEOUT("timeout.first-request"),
        AUTH_TIMEOUT("timeout.auth"),
        USER_RESERVATIONS("users.max-reservations"),
        USER_CONNECTIONS("users.max-connections"),
        CHUNK_TOO_SLOW("chunk.min-rate/chunk.max-time");

        final String label;

        Refusal(String label) {
            this.label = label;
        }
    }

    /** Why the relay could not pass a request on to its next hop. */
    enum NextHopFailure {
        /** The next hop could not be resolved, connected to, or its TLS handshake failed. */
        UNREACHABLE,
        /** The next-hop policy refused its address or port. */
        POLICY,
        /** A write to the next hop's connection failed. */
        WRITE,
        /** No response within {@code timeout.response}. */
        RESPONSE_TIMEOUT;

        final String label = name().toLowerCase(Locale.ROOT);
    }

    private static final String PREFIX = "msrp_relay_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final CounterDataPoint[] auth = new CounterDataPoint[AuthOutcome.values().length];
    private final CounterDataPoint[] refusals = new CounterDataPoint[Refusal.values().length];
    private final CounterDataPoint[] nextHop = new CounterDataPoint[NextHopFailure.values().length];
    private final Counter forwardedChunks;
    private final Counter forwardedBytes;
    private final Counter resplit;
    private final Histogram latency;

    /**
     * The metrics of a relay whose open connections, by listener URI (null: outbound), {@code
     * connections} lists when scraped, and whose reservations {@code reservations} counts.
     */
    RelayMetrics(Supplier<Iterable<String>> connections, Supplier<Integer> reservations) {
        Counter authCounter = Counter.builder().name(PREFIX + "auth").labelNames("outcome").withoutExemplars()
                .help("AUTH requests answered, by outcome").register(registry);
        for (AuthOutcome o : AuthOutcome.values()) {
            auth[o.ordinal()] = authCounter.labelValues(o.label);
        }
        Counter refusalCounter = Counter.builder().name(PREFIX + "refusals").labelNames("limit").withoutExemplars()
                .help("Connections closed and requests refused by a limit, by the setting of the limit")
                .register(registry);
        for (Refusal r : Refusal.values()) {
            refusals[r.ordinal()] = refusalCounter.labelValues(r.label);
        }
        Counter nextHopCounter = Counter.builder().name(PREFIX + "next_hop_failures").labelNames("reason")
                .withoutExemplars().help("Requests the relay could not pass on to their next hop, by reason")
                .register(registry);
        for (NextHopFailure f : NextHopFailure.values()) {
            nextHop[f.ordinal()] = nextHopCounter.labelValues(f.label);
        }
        forwardedChunks = Counter.builder().name(PREFIX + "forwarded_chunks").withoutExemplars()
                .help("Requests passed on to their next hop in full").register(registry);
        forwardedBytes = Counter.builder().name(PREFIX + "forwarded_bytes").withoutExemplars()
                .help("Body bytes of the requests passed on in full").register(registry);
        resplit = Counter.builder().name(PREFIX + "resplit_chunks").withoutExemplars()
                .help("Pieces of forwarded chunks ended with '+' so that other senders could take turns")
                .register(registry);
        latency = Histogram.builder().name(PREFIX + "forward_latency").unit(Unit.SECONDS).classicOnly()
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                        0.5, 1, 2.5, 5, 10)
                .withoutExemplars()
                .help("Time from reading a chunk's header block to its first bytes leaving for the next hop")
                .register(registry);
        GaugeWithCallback.builder().name(PREFIX + "connections").labelNames("listener")
                .help("Open connections, by listener URI (outbound: opened by the relay to next hops)")
                .callback(cb -> {
                    Map<String, Integer> byListener = new HashMap<>();
                    for (String listener : connections.get()) {
                        byListener.merge(listener == null ? "outbound" : listener, 1, Integer::sum);
                    }
                    byListener.forEach((listener, n) -> cb.call(n, listener));
                })
                .register(registry);
        GaugeWithCallback.builder().name(PREFIX + "reservations").help("Relay URIs reserved now")
                .callback(cb -> cb.call(reservations.get())).register(registry);
    }

    /** An AUTH was answered with {@code outcome}. */
    void auth(AuthOutcome outcome) {
        auth[outcome.ordinal()].inc();
    }

    /** A limit closed a connection or refused a request. */
    void refused(Refusal limit) {
        refusals[limit.ordinal()].inc();
    }

    /** A request could not be passed on to its next hop. */
    void nextHopFailed(NextHopFailure reason) {
        nextHop[reason.ordinal()].inc();
    }

    /** A request with {@code bodyBytes} of body went on to its next hop in full. */
    void forwarded(long bodyBytes) {
        forwardedChunks.inc();
        forwardedBytes.inc(bodyBytes);
    }

    /** A piece of a forwarded chunk ended with '+' for other senders to take turns. */
    void resplit() {
        resplit.inc();
    }

    /** The first bytes of a chunk left {@code nanos} after its header block was read. */
    void forwardLatency(long nanos) {
        latency.observe(nanos / 1e9);
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The content type of {@link #write}. */
    String contentType() {
        return writer.getContentType();
    }
}
