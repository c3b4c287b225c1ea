package dev.sluice.proxy.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's own metrics, exported with the {@code sluice_} prefix (Prometheus names in brackets):
 * active sessions by protocol and connection ({@code sluice_sessions_active}), commands by effect
 * ({@code sluice_commands_total}), decision latency by source ({@code sluice_policy_decision_seconds}, a
 * histogram), authentication failures by reason ({@code sluice_auth_failures_total}), refusals by a limit per
 * identity ({@code sluice_limit_exceeded_total}). Tags carry categories,
 * never user input, so cardinality stays bounded by configuration.
 */
public final class ProxyMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> activeSessions = new ConcurrentHashMap<>();
    private final Map<String, Counter> commands = new ConcurrentHashMap<>();
    private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> maskedValues = new ConcurrentHashMap<>();
    private final Map<String, Counter> held = new ConcurrentHashMap<>();
    private final Map<String, Counter> limitsExceeded = new ConcurrentHashMap<>();
    private final Timer cachedDecisions;
    private final Timer policyDecisions;

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.cachedDecisions = decisionTimer("cache");
        this.policyDecisions = decisionTimer("policy-service");
    }

    private Timer decisionTimer(String source) {
        return Timer.builder("sluice.policy.decision")
                .description("Time to decide a command, from the decision cache or policy-service")
                .tag("source", source)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(500))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /** A session was authorized and opened. */
    public void sessionOpened(String protocol, String connection) {
        sessions(protocol, connection).incrementAndGet();
    }

    /** A session that was opened has ended. */
    public void sessionClosed(String protocol, String connection) {
        sessions(protocol, connection).decrementAndGet();
    }

    private AtomicInteger sessions(String protocol, String connection) {
        return activeSessions.computeIfAbsent(protocol + '\0' + connection, key -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("sluice.sessions.active", count, AtomicInteger::get)
                    .description("Sessions open through the gateway")
                    .tag("protocol", protocol)
                    .tag("connection", connection)
                    .register(registry);
            return count;
        });
    }

    /** A command was decided with this effect (a gateway denial counts as DENY). */
    public void command(String protocol, String effect) {
        commands.computeIfAbsent(protocol + '\0' + effect, key -> Counter.builder("sluice.commands")
                .description("Commands decided, by effect")
                .tag("protocol", protocol)
                .tag("effect", effect.toLowerCase(Locale.ROOT))
                .register(registry)).increment();
    }

    /** A client failed to authenticate; {@code reason} is a category such as {@code expired}. */
    public void authenticationFailed(String protocol, String reason) {
        authFailures.computeIfAbsent(protocol + '\0' + reason, key -> Counter.builder("sluice.auth.failures")
                .description("Refused authentications, by reason")
                .tag("protocol", protocol)
                .tag("reason", reason)
                .register(registry)).increment();
    }

    /**
     * A statement held for an approval ended: {@code outcome} is the approval's state for it ({@code used} = ran,
     * {@code denied}, {@code expired}, {@code cancelled}, {@code approved} = approved but unusable,
     * {@code unavailable}).
     */
    public void held(String protocol, String outcome) {
        held.computeIfAbsent(protocol + '\0' + outcome, key -> Counter.builder("sluice.held.statements")
                .description("Statements held for an approval, by how the wait ended")
                .tag("protocol", protocol)
                .tag("outcome", outcome)
                .register(registry)).increment();
    }

    /** {@code count} values of one result were masked by masking rule {@code rule} (a count, never a value). */
    public void maskedValues(String rule, long count) {
        if (count <= 0) {
            return;
        }
        maskedValues.computeIfAbsent(rule, key -> Counter.builder("sluice.masked.values")
                .description("Values masked in results, by masking rule")
                .tag("rule", rule)
                .register(registry)).increment(count);
    }

    /**
     * A session or statement was refused by a limit per identity; {@code limit} is {@code sessions},
     * {@code sessions-per-connection} or {@code statement-rate}.
     */
    public void limitExceeded(String protocol, String limit) {
        limitsExceeded.computeIfAbsent(protocol + '\0' + limit, key -> Counter.builder("sluice.limit.exceeded")
                .description("Sessions and statements refused by a limit per identity, by limit")
                .tag("protocol", protocol)
                .tag("limit", limit)
                .register(registry)).increment();
    }

    /** Records a decision that took {@code nanos}. */
    public void decided(boolean cached, long nanos) {
        (cached ? cachedDecisions : policyDecisions).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Publishes the event sink's backlog and failures. */
    public void watchEvents(KafkaEventSink sink) {
        Gauge.builder("sluice.events.backlog", sink, KafkaEventSink::backlog)
                .description("Session events waiting to be handed to Kafka")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("sluice.events.failed", sink, KafkaEventSink::failures)
                .description("Session events Kafka did not acknowledge")
                .register(registry);
    }
}
