package dev.sluice.policy.web;

import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.policy.decision.PolicyEngine;
import dev.sluice.policy.metrics.DecisionMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * One plain decision exchange, independent of the HTTP server carrying it: the JSON body of a
 * {@code POST /v1/decisions} in, the status and JSON body of the answer out. The JSON is read and written by the
 * application's {@link JsonMapper}, so both ways in (the main HTTP port's fast path and the decision listener)
 * answer exactly what {@link DecisionController} would. Bad bodies get {@code 400 malformed_request}; the request
 * body is never echoed (it may hold SQL with secrets).
 */
final class DecisionExchange {

    /** An answer: HTTP status, JSON body, and the effect decided ({@code null} when there was no decision). */
    record Reply(int status, byte[] body, Effect effect) {}

    private static final Logger log = LoggerFactory.getLogger(DecisionExchange.class);

    private final PolicyEngine engine;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final ObjectWriter errors;

    DecisionExchange(PolicyEngine engine, JsonMapper json) {
        this.engine = engine;
        this.reader = json.readerFor(DecisionRequest.class);
        this.writer = json.writerFor(Decision.class);
        this.errors = json.writerFor(ApiErrors.ErrorResponse.class);
    }

    /**
     * Decides the request in {@code body}; never throws. Leaves the request's session and subject in the log context
     * ({@link DecisionMetrics#leaveLogContext()} clears them).
     */
    Reply answer(byte[] body) {
        DecisionRequest request;
        try {
            request = reader.readValue(body);
        } catch (JacksonException e) {
            return error(400, ApiErrors.malformed(e));
        }
        if (request == null) {
            return error(400, new ApiErrors.ErrorResponse("malformed_request", "the request body is empty"));
        }
        DecisionMetrics.enterLogContext(request);
        try {
            Decision decision = engine.decide(request);
            return new Reply(200, writer.writeValueAsBytes(decision), decision.effect());
        } catch (IllegalArgumentException e) {
            return error(400, new ApiErrors.ErrorResponse("bad_request", e.getMessage()));
        } catch (RuntimeException e) {
            // the gateway fails closed on a 500; the log has the cause, the answer does not
            log.error("Decision failed", e);
            return error(500, new ApiErrors.ErrorResponse("internal_error", "the decision failed; see the policy-service log"));
        }
    }

    /** The JSON body of an error. */
    byte[] errorBody(String error, String message) {
        return errors.writeValueAsBytes(new ApiErrors.ErrorResponse(error, message));
    }

    private Reply error(int status, ApiErrors.ErrorResponse response) {
        return new Reply(status, errors.writeValueAsBytes(response), null);
    }
}
