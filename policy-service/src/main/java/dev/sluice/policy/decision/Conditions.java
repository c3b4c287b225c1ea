package dev.sluice.policy.decision;

import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.policy.bundle.Glob;
import dev.sluice.policy.bundle.RuleMatch;
import dev.sluice.sql.StatementFacts;
import java.util.Collections;

/** Whether a rule's conditions hold; the explainer reports the same checks in the same order, in words. */
final class Conditions {

    private Conditions() {}

    /** The identity and connection conditions, except {@code subjects} (the caller tracks that it was consulted). */
    static boolean contextMatches(RuleMatch match, DecisionRequest request) {
        Identity identity = request.identity();
        if (!match.groups().isEmpty() && Collections.disjoint(match.groups(), identity.groups())) {
            return false;
        }
        if (!match.kinds().isEmpty() && !match.kinds().contains(identity.kind())) {
            return false;
        }
        if (!match.commandTypes().isEmpty() && !match.commandTypes().contains(request.command().type())) {
            return false;
        }
        if (!match.connections().isEmpty()) {
            String name = request.connection().name();
            for (Glob glob : match.connections()) {
                if (glob.matches(name)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** The statement conditions. */
    static boolean statementMatches(RuleMatch match, StatementFacts facts) {
        return (match.classes().isEmpty() || match.classes().contains(facts.statementClass()))
                && (match.statementTypes().isEmpty() || match.statementTypes().contains(facts.statementType()))
                && (match.hasWhere() == null || match.hasWhere() == facts.hasWhere())
                && (match.dangerous() == null || match.dangerous() == facts.dangerous())
                && (match.dangers().isEmpty() || !Collections.disjoint(match.dangers(), facts.dangers()))
                && (match.functions().isEmpty() || !Collections.disjoint(match.functions(), facts.functions()));
    }
}
