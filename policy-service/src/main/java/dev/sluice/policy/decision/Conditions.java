package dev.sluice.policy.decision;

import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.policy.bundle.ConnectionDef;
import dev.sluice.policy.bundle.Glob;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.RuleMatch;
import dev.sluice.sql.StatementFacts;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Whether a rule's conditions hold; the explainer reports the same checks in the same order, in words. */
final class Conditions {

    private Conditions() {}

    /**
     * What a request is decided against besides the statement.
     *
     * @param request the request
     * @param tags    the connection's tags: the proxy's, overridden by the bundle's declaration of the connection
     * @param now     the moment of the decision, for time windows
     */
    record Context(DecisionRequest request, Map<String, String> tags, Instant now) {

        static Context of(PolicyBundle bundle, DecisionRequest request, Instant now) {
            ConnectionDef declared = bundle.connections().get(request.connection().name());
            Map<String, String> tags = request.connection().tags();
            if (declared != null && !declared.tags().isEmpty()) {
                Map<String, String> merged = new HashMap<>(tags);
                merged.putAll(declared.tags()); // the versioned bundle is the authority on what a connection is
                tags = merged;
            }
            return new Context(request, tags, now);
        }
    }

    /**
     * The identity and connection conditions, except {@code subjects} and {@code time}: the caller checks those
     * last and notes that they were consulted (neither is part of a proxy's cache key).
     */
    static boolean contextMatches(RuleMatch match, Context context) {
        DecisionRequest request = context.request();
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
        if (!match.protocols().isEmpty() && !match.protocols().contains(request.connection().protocol())) {
            return false;
        }
        for (Map.Entry<String, Set<String>> tag : match.connectionTags().entrySet()) {
            String value = context.tags().get(tag.getKey());
            if (value == null || !tag.getValue().contains(value)) {
                return false;
            }
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

    /** The statement conditions of a rule with {@code effect}. */
    static boolean statementMatches(RuleMatch match, StatementFacts facts, Effect effect) {
        return (match.classes().isEmpty() || match.classes().contains(facts.statementClass()))
                && (match.statementTypes().isEmpty() || match.statementTypes().contains(facts.statementType()))
                && (match.hasWhere() == null || match.hasWhere() == facts.hasWhere())
                && (match.dangerous() == null || match.dangerous() == facts.dangerous())
                && (match.dangers().isEmpty() || !Collections.disjoint(match.dangers(), facts.dangers()))
                && (match.functions().isEmpty() || !Collections.disjoint(match.functions(), facts.functions()))
                && tablesMatch(match.tables(), facts, effect, true)
                && tablesMatch(match.writesTables(), facts, effect, false);
    }

    /**
     * Whether a table condition holds. Unknown tables (an opaque or unparseable statement) could be any table: they
     * satisfy the conditions of rules that restrict (DENY, REQUIRE_APPROVAL) and never those of rules that allow.
     */
    static boolean tablesMatch(List<Glob> globs, StatementFacts facts, Effect effect, boolean readOrWritten) {
        if (globs.isEmpty()) {
            return true;
        }
        if (!facts.tablesKnown()) {
            return effect != Effect.ALLOW;
        }
        return anyMatches(globs, facts.tablesWritten()) || (readOrWritten && anyMatches(globs, facts.tablesRead()));
    }

    private static boolean anyMatches(List<Glob> globs, Set<String> tables) {
        for (String table : tables) {
            for (Glob glob : globs) {
                if (glob.matches(table)) {
                    return true;
                }
            }
        }
        return false;
    }
}
