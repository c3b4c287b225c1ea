package dev.sluice.policy.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.policy.decision.PolicyEngine;
import dev.sluice.policy.decision.PolicyExplainer;
import dev.sluice.policy.decision.PolicyExplainer.RuleTrace;
import dev.sluice.policy.decision.PolicyExplainer.StatementTrace;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/decisions}: may this identity run this command on this connection? With
 * {@code ?explain=true} the answer also lists, per statement, every rule with whether it matched and why not.
 */
@RestController
final class DecisionController {

    private final PolicyEngine engine;

    DecisionController(PolicyEngine engine) {
        this.engine = engine;
    }

    /** A decision (its fields at the top level) and its explanation. */
    record ExplainedDecision(@JsonUnwrapped Decision decision, List<StatementTrace> explanation, List<RuleTrace> masking) {}

    @PostMapping(path = "/v1/decisions", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Object decide(@RequestBody DecisionRequest request, @RequestParam(name = "explain", defaultValue = "false") boolean explain) {
        if (!explain) {
            return engine.decide(request);
        }
        // the rule trace is of the groups the decision used: the token's plus those of active JIT grants
        PolicyExplainer.Explanation explanation = PolicyExplainer.explain(engine.bundle(), engine.withGrantGroups(request));
        return new ExplainedDecision(engine.decide(request), explanation.statements(), explanation.masking());
    }
}
