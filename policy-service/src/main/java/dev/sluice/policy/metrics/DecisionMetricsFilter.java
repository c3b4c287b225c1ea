package dev.sluice.policy.metrics;

import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times and counts every {@code POST /v1/decisions} on the main HTTP port ({@link DecisionMetrics}). The effect comes
 * from {@link DecisionObservingAdvice} or the decision fast path, which see the decision before it is written; a
 * request that produced no decision (malformed body, server error) counts as {@code effect="error"}.
 *
 * <p>It also clears the log context keys set for the decision, so that a pooled servlet thread never carries one
 * request's session into the next.
 */
public final class DecisionMetricsFilter extends OncePerRequestFilter {

    /** Request attribute holding the {@link Effect} of the decision answered. */
    static final String EFFECT_ATTRIBUTE = DecisionMetricsFilter.class.getName() + ".effect";

    private static final Logger log = LoggerFactory.getLogger(DecisionMetricsFilter.class);

    private final DecisionMetrics metrics;

    public DecisionMetricsFilter(DecisionMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !"/v1/decisions".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        metrics.started();
        try {
            chain.doFilter(request, response);
        } finally {
            long nanos = System.nanoTime() - start;
            Effect effect = request.getAttribute(EFFECT_ATTRIBUTE) instanceof Effect e ? e : null;
            metrics.answered(nanos, effect);
            if (log.isDebugEnabled()) {
                // one line per decision for tracing a session at debug level; session and subject come from the MDC
                log.debug("Decision {} in {} us (HTTP {})", effect == null ? "error" : effect, nanos / 1_000, response.getStatus());
            }
            DecisionMetrics.leaveLogContext();
        }
    }

    /** Puts the session and subject of a decision request into the log context (cleared by this filter). */
    public static void enterLogContext(DecisionRequest request) {
        DecisionMetrics.enterLogContext(request);
    }

    /** Notes the effect a decision request was answered with, for the counter. */
    public static void answered(ServletRequest request, Effect effect) {
        request.setAttribute(EFFECT_ATTRIBUTE, effect);
    }
}
