package dev.sluice.policy.web;

import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.policy.decision.PolicyEngine;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/decisions}: may this identity run this command on this connection? */
@RestController
final class DecisionController {

    private final PolicyEngine engine;

    DecisionController(PolicyEngine engine) {
        this.engine = engine;
    }

    @PostMapping(path = "/v1/decisions", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Decision decide(@RequestBody DecisionRequest request) {
        return engine.decide(request);
    }
}
