package dev.sluice.policy.metrics;

import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * The decision meters, shared by both ways in ({@code POST /v1/decisions} on the main HTTP port and on the decision
 * listener): {@code sluice_policy_decide_seconds} (a histogram of the time from request to answer) and
 * {@code sluice_policy_decisions_total{effect}}, where {@code effect="error"} counts requests that produced no
 * decision (malformed body, server error). Also the log context of a decision (session and subject in the MDC).
 */
public final class DecisionMetrics {

    private final Timer latency;
    private final Map<Effect, Counter> byEffect = new EnumMap<>(Effect.class);
    private final Counter errors;
    private final Runnable observeBundle;

    /**
     * @param observeBundle called on every decision request so bundle metrics notice a reload between scrapes
     */
    public DecisionMetrics(MeterRegistry registry, Runnable observeBundle) {
        this.observeBundle = observeBundle;
        this.latency = Timer.builder("sluice.policy.decide")
                .description("Time policy-service takes to answer POST /v1/decisions")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        for (Effect effect : Effect.values()) {
            byEffect.put(effect, counter(registry, effect.name().toLowerCase(Locale.ROOT)));
        }
        this.errors = counter(registry, "error");
    }

    /** Called when a decision request arrives. */
    public void started() {
        observeBundle.run();
    }

    /** Records a request answered {@code nanos} after it arrived, with its effect ({@code null}: no decision). */
    public void answered(long nanos, Effect effect) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        (effect == null ? errors : byEffect.get(effect)).increment();
    }

    /** Puts the session and subject of a decision request into the log context (see {@link #leaveLogContext()}). */
    public static void enterLogContext(DecisionRequest request) {
        MDC.put(LogContextKeys.SESSION, request.sessionId());
        MDC.put(LogContextKeys.SUBJECT, request.identity().subject());
    }

    /** Clears what {@link #enterLogContext} set, so a pooled thread never carries one request's session into the next. */
    public static void leaveLogContext() {
        MDC.remove(LogContextKeys.SESSION);
        MDC.remove(LogContextKeys.SUBJECT);
    }

    private static Counter counter(MeterRegistry registry, String effect) {
        return Counter.builder("sluice.policy.decisions")
                .description("Decisions answered, by effect (error: no decision was produced)")
                .tag("effect", effect)
                .register(registry);
    }
}
