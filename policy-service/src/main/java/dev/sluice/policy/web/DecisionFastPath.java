package dev.sluice.policy.web;

import dev.sluice.policy.metrics.DecisionMetricsFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers {@code POST /v1/decisions} (JSON body, no query string) on the main HTTP port straight from the servlet
 * filter chain, through the same {@link DecisionExchange} as the decision listener. Spring MVC's dispatch (handler
 * lookup, argument resolution, body advice, message converter negotiation) cost more CPU than the decision itself.
 *
 * <p>Anything else — {@code ?explain=true}, another content type, another method — goes on to the controller, which
 * stays the one place with the full HTTP semantics (415, 405, parameter errors).
 */
final class DecisionFastPath implements Filter {

    private final DecisionExchange exchange;

    DecisionFastPath(DecisionExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!handles(request)) {
            chain.doFilter(req, res);
            return;
        }
        DecisionExchange.Reply reply = exchange.answer(request.getInputStream().readAllBytes());
        if (reply.effect() != null) {
            DecisionMetricsFilter.answered(request, reply.effect());
        }
        HttpServletResponse response = (HttpServletResponse) res;
        response.setStatus(reply.status());
        response.setContentType("application/json");
        response.setContentLength(reply.body().length);
        response.getOutputStream().write(reply.body());
    }

    /** A plain decision: POST, JSON, no parameters (explain goes to the controller). */
    static boolean handles(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && request.getQueryString() == null && isJson(request.getContentType());
    }

    /** Whether a Content-Type header names {@code application/json} (parameters allowed). */
    static boolean isJson(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "application/json", 0, "application/json".length())
                && (contentType.length() == "application/json".length() || contentType.charAt("application/json".length()) == ';');
    }
}
