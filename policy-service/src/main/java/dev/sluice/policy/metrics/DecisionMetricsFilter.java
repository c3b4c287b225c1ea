package dev.sluice.policy.metrics;

import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every {@code POST /v1/decisions} ({@code sluice_policy_decide_seconds}, a histogram) and counts it by the
 * effect it answered ({@code sluice_policy_decisions_total{effect}}). The effect comes from
 * {@link DecisionObservingAdvice}, which sees the decision before it is written; a request that produced no
 * decision (malformed body, server error) counts as {@code effect="error"}.
 *
 * <p>It also clears the log context keys the advice sets, so that a pooled servlet thread never carries one
 * request's session into the next.
 */
public final class DecisionMetricsFilter extends OncePerRequestFilter {

    /** Request attribute holding the {@link Effect} of the decision answered. */
    static final String EFFECT_ATTRIBUTE = DecisionMetricsFilter.class.getName() + ".effect";

    private static final Logger log = LoggerFactory.getLogger(DecisionMetricsFilter.class);

    private final MeterRegistry registry;
    private final Timer latency;
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();

    private final Runnable observeBundle;

    /**
     * @param observeBundle called on every decision request so bundle metrics notice a reload between scrapes
     */
    public DecisionMetricsFilter(MeterRegistry registry, Runnable observeBundle) {
        this.registry = registry;
        this.observeBundle = observeBundle;
        this.latency = Timer.builder("sluice.policy.decide")
                .description("Time policy-service takes to answer POST /v1/decisions")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !"/v1/decisions".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        observeBundle.run();
        try {
            chain.doFilter(request, response);
        } finally {
            long nanos = System.nanoTime() - start;
            latency.record(nanos, TimeUnit.NANOSECONDS);
            Object effect = request.getAttribute(EFFECT_ATTRIBUTE);
            String tag = effect == null ? "error" : effect.toString().toLowerCase(Locale.ROOT);
            counter(tag).increment();
            if (log.isDebugEnabled()) {
                // one line per decision for tracing a session at debug level; session and subject come from the MDC
                log.debug("Decision {} in {} us (HTTP {})", tag, nanos / 1_000, response.getStatus());
            }
            MDC.remove(LogContextKeys.SESSION);
            MDC.remove(LogContextKeys.SUBJECT);
        }
    }

    /** Puts the session and subject of a decision request into the log context (cleared by this filter). */
    public static void enterLogContext(DecisionRequest request) {
        MDC.put(LogContextKeys.SESSION, request.sessionId());
        MDC.put(LogContextKeys.SUBJECT, request.identity().subject());
    }

    /** Notes the effect a decision request was answered with, for the counter. */
    public static void answered(ServletRequest request, Effect effect) {
        request.setAttribute(EFFECT_ATTRIBUTE, effect);
    }

    private Counter counter(String effect) {
        return decisions.computeIfAbsent(effect, tag -> Counter.builder("sluice.policy.decisions")
                .description("Decisions answered, by effect (error: no decision was produced)")
                .tag("effect", tag)
                .register(registry));
    }
}
