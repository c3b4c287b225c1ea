package dev.sluice.identity.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.MDC;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Counts requests to identity-adapter's token endpoints by outcome:
 * {@code sluice_identity_tokens_total{endpoint, outcome}} where {@code outcome} is {@code issued} (2xx),
 * {@code refused} (4xx) or {@code error} (anything else) and {@code endpoint} is the matched path pattern (never
 * the concrete path, so the series stay bounded whatever clients send).
 *
 * <p>It watches the HTTP exchange rather than the issuer so that refusals (unknown subject, bad lifetime) are
 * counted too. For a dev token request it puts the requested subject into the log context ({@code sluice.subject})
 * while the request runs; tokens themselves never go there.
 */
public final class TokenMetricsFilter extends OncePerRequestFilter {

    /** Paths that issue tokens: the dev issuer now; the token-exchange paths as they are added. */
    static final List<String> TOKEN_PATHS = List.of("/dev/tokens/{subject}", "/oauth2/token", "/v1/tokens", "/v1/tokens/**");

    private static final String SUBJECT = "sluice.subject";

    private final MeterRegistry registry;
    private final List<PathPattern> patterns;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public TokenMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
        this.patterns = TOKEN_PATHS.stream().map(PathPatternParser.defaultInstance::parse).toList();
        for (PathPattern pattern : patterns) {
            // Published at zero from the start, so that rate() and absence alerts work before the first token.
            counter(pattern.getPatternString(), "issued");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        PathPattern matched = patterns.stream().filter(pattern -> pattern.matches(path)).findFirst().orElse(null);
        if (matched == null) {
            chain.doFilter(request, response);
            return;
        }
        PathPattern.PathMatchInfo variables = matched.matchAndExtract(path);
        String subject = variables == null ? null : variables.getUriVariables().get("subject");
        if (subject != null) {
            MDC.put(SUBJECT, subject);
        }
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            int status = response.getStatus();
            String outcome = failed || status >= 500 ? "error" : status >= 400 ? "refused" : status >= 200 && status < 300 ? "issued" : "error";
            counter(matched.getPatternString(), outcome).increment();
            MDC.remove(SUBJECT);
        }
    }

    private Counter counter(String endpoint, String outcome) {
        return counters.computeIfAbsent(endpoint + ' ' + outcome, key -> Counter.builder("sluice.identity.tokens")
                .description("Token requests, by endpoint pattern and outcome (issued, refused, error)")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome)
                .register(registry));
    }
}
