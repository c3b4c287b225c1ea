package dev.sluice.policy.web;

import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.policy.decision.PolicyEngine;
import dev.sluice.policy.metrics.DecisionMetricsFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the gateway's {@code POST /v1/decisions} (JSON body, no query string) straight from the servlet filter
 * chain: read the {@link DecisionRequest}, ask the {@link PolicyEngine}, write the {@link Decision}. Every statement
 * through the gateway waits for this call, and Spring MVC's dispatch (handler lookup, argument resolution, body
 * advice, message converter negotiation) cost more CPU than the decision itself. The JSON is read and written by
 * the application's {@link JsonMapper}, so the wire format is exactly the one {@link DecisionController} produces.
 *
 * <p>Anything else — {@code ?explain=true}, another content type, another method — goes on to the controller, which
 * stays the one place with the full HTTP semantics (415, 405, parameter errors). Bad bodies get the same
 * {@code 400 malformed_request} body as there.
 */
final class DecisionFastPath implements Filter {

    private final PolicyEngine engine;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    DecisionFastPath(PolicyEngine engine, JsonMapper json) {
        this.engine = engine;
        this.reader = json.readerFor(DecisionRequest.class);
        this.writer = json.writerFor(Decision.class);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!handles(request)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        DecisionRequest decisionRequest;
        try {
            decisionRequest = reader.readValue(request.getInputStream());
        } catch (JacksonException e) {
            write(response, 400, ApiErrors.malformed(e));
            return;
        }
        if (decisionRequest == null) {
            write(response, 400, new ApiErrors.ErrorResponse("malformed_request", "the request body is empty"));
            return;
        }
        DecisionMetricsFilter.enterLogContext(decisionRequest);
        Decision decision;
        try {
            decision = engine.decide(decisionRequest);
        } catch (IllegalArgumentException e) {
            write(response, 400, new ApiErrors.ErrorResponse("bad_request", e.getMessage()));
            return;
        }
        byte[] body = writer.writeValueAsBytes(decision);
        DecisionMetricsFilter.answered(request, decision.effect());
        response.setStatus(200);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A plain decision: POST, JSON, no parameters (explain goes to the controller). */
    static boolean handles(HttpServletRequest request) {
        String contentType = request.getContentType();
        return "POST".equals(request.getMethod()) && request.getQueryString() == null && contentType != null
                && contentType.regionMatches(true, 0, "application/json", 0, "application/json".length())
                && (contentType.length() == "application/json".length() || contentType.charAt("application/json".length()) == ';');
    }

    private void write(HttpServletResponse response, int status, ApiErrors.ErrorResponse error) throws IOException {
        byte[] body = writer.forType(ApiErrors.ErrorResponse.class).writeValueAsBytes(error);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
