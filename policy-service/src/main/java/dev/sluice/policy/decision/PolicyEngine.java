package dev.sluice.policy.decision;

import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.Glob;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyRule;
import dev.sluice.policy.bundle.RuleMatch;
import dev.sluice.sql.SqlStatement;
import dev.sluice.sql.StatementClass;
import dev.sluice.sql.StatementClassifier;
import dev.sluice.sql.StatementFacts;
import dev.sluice.sql.StatementSplitter;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Decides commands against the bundle in force (semantics in {@code docs/policy.md}).
 *
 * <p>A connect (and any non-query command) is decided by the rules without statement conditions. A query
 * is split into statements and every statement is decided on its own: within a statement a matching DENY
 * overrides any ALLOW, no match is {@code default-deny}, and an UNKNOWN statement is allowed only by an
 * ALLOW rule naming class {@code unknown}. The strictest statement decides the query. Pure function of
 * (bundle, request): no I/O, safe to call concurrently.
 */
@Component
public final class PolicyEngine {

    /** Rule id of the decision when no rule matched. */
    public static final String DEFAULT_DENY = "default-deny";
    /** Rule id of the decision for a query holding only comments and whitespace. */
    public static final String EMPTY_STATEMENT = "empty-statement";
    /** Rule id of the decision for a statement that could not be classified. */
    public static final String UNKNOWN_STATEMENT = "unknown-statement";

    private final ActivePolicy policy;

    public PolicyEngine(ActivePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The bundle in force. */
    public PolicyBundle bundle() {
        return policy.current();
    }

    /** The decision for {@code request}, tagged with the version of the bundle that made it. */
    public Decision decide(DecisionRequest request) {
        return decide(policy.current(), request);
    }

    /** The decision of {@code bundle} for {@code request} (used for explanations and policy tests). */
    public static Decision decide(PolicyBundle bundle, DecisionRequest request) {
        if (request.command().type() != CommandType.QUERY) {
            Outcome outcome = decideOne(bundle, request, null);
            String reason = outcome.effect == Effect.ALLOW ? allowReason(outcome.rule)
                    : commandName(request) + " denied: " + denyReason(outcome);
            return new Decision(outcome.effect, reason, outcome.ruleId(), bundle.version(), List.of(), null, CacheScope.NONE);
        }
        List<SqlStatement> statements = StatementSplitter.splitLexed(request.command().text());
        if (statements.isEmpty()) {
            return new Decision(Effect.ALLOW, "empty statement", EMPTY_STATEMENT, bundle.version(), List.of(), null, CacheScope.NORMALIZED);
        }
        Outcome decisive = null;
        int decisiveIndex = 0;
        CacheScope scope = CacheScope.NORMALIZED;
        for (int i = 0; i < statements.size(); i++) {
            StatementFacts facts = StatementClassifier.classify(statements.get(i).tokens());
            Outcome outcome = decideOne(bundle, request, facts);
            scope = narrower(scope, scopeOf(facts, outcome));
            if (decisive == null || outcome.effect.ordinal() > decisive.effect.ordinal()) {
                decisive = outcome;
                decisiveIndex = i;
            }
        }
        String reason;
        if (decisive.effect == Effect.ALLOW) {
            reason = allowReason(decisive.rule);
        } else {
            String where = statements.size() > 1 ? "statement " + (decisiveIndex + 1) + " (" + decisive.facts.statementType() + ")"
                    : decisive.facts.statementType();
            reason = where + " denied: " + denyReason(decisive);
        }
        return new Decision(decisive.effect, reason, decisive.ruleId(), bundle.version(), List.of(), null, scope);
    }

    /**
     * @param facts the statement's facts, or null for a command without statements (connect)
     */
    private static Outcome decideOne(PolicyBundle bundle, DecisionRequest request, StatementFacts facts) {
        boolean unknown = facts != null && facts.statementClass() == StatementClass.UNKNOWN;
        boolean subjectDependent = false;
        PolicyRule allow = null;
        for (PolicyRule rule : bundle.rules()) {
            RuleMatch match = rule.match();
            if (facts == null ? match.hasStatementConditions() : !statementMatches(match, facts)) {
                continue;
            }
            if (!contextMatches(match, request)) {
                continue;
            }
            if (!match.subjects().isEmpty()) {
                subjectDependent = true;
                if (!match.subjects().contains(request.identity().subject())) {
                    continue;
                }
            }
            if (rule.effect() == Effect.DENY) {
                return new Outcome(Effect.DENY, rule, facts, subjectDependent);
            }
            boolean mayAllow = !unknown || match.classes().contains(StatementClass.UNKNOWN);
            if (allow == null && mayAllow) {
                allow = rule;
            }
        }
        return allow != null ? new Outcome(Effect.ALLOW, allow, facts, subjectDependent)
                : new Outcome(Effect.DENY, null, facts, subjectDependent);
    }

    private static boolean contextMatches(RuleMatch match, DecisionRequest request) {
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

    private static boolean statementMatches(RuleMatch match, StatementFacts facts) {
        return (match.classes().isEmpty() || match.classes().contains(facts.statementClass()))
                && (match.statementTypes().isEmpty() || match.statementTypes().contains(facts.statementType()))
                && (match.hasWhere() == null || match.hasWhere() == facts.hasWhere())
                && (match.dangerous() == null || match.dangerous() == facts.dangerous())
                && (match.dangers().isEmpty() || !Collections.disjoint(match.dangers(), facts.dangers()))
                && (match.functions().isEmpty() || !Collections.disjoint(match.functions(), facts.functions()));
    }

    /**
     * NORMALIZED only when the decision followed from literal-independent facts; EXACT when literals can
     * matter (dangerous, session, dynamic or COPY statements); NONE when it depended on the subject (not
     * part of a proxy's cache key) or the statement was not understood.
     */
    private static CacheScope scopeOf(StatementFacts facts, Outcome outcome) {
        if (outcome.subjectDependent || facts.statementClass() == StatementClass.UNKNOWN) {
            return CacheScope.NONE;
        }
        return switch (facts.statementClass()) {
            case SESSION, DYNAMIC, COPY -> CacheScope.EXACT;
            default -> facts.dangerous() ? CacheScope.EXACT : CacheScope.NORMALIZED;
        };
    }

    private static CacheScope narrower(CacheScope a, CacheScope b) {
        return a.ordinal() < b.ordinal() ? a : b;
    }

    private static String allowReason(PolicyRule rule) {
        return !rule.reason().isEmpty() ? rule.reason() : !rule.description().isEmpty() ? rule.description() : "allowed by rule " + rule.id();
    }

    private static String denyReason(Outcome outcome) {
        if (outcome.rule != null) {
            return outcome.rule.reason().isEmpty() ? "rule " + outcome.rule.id() : outcome.rule.reason();
        }
        if (outcome.facts != null && outcome.facts.statementClass() == StatementClass.UNKNOWN) {
            return "the statement could not be classified (" + outcome.facts.statementType() + ") and no rule allows unknown statements";
        }
        return "no policy rule allows it";
    }

    private static String commandName(DecisionRequest request) {
        return request.command().type().name().toLowerCase(java.util.Locale.ROOT) + " to " + request.connection().name();
    }

    /** How one statement (or a statement-less command) was decided. */
    private record Outcome(Effect effect, PolicyRule rule, StatementFacts facts, boolean subjectDependent) {
        String ruleId() {
            if (rule != null) {
                return rule.id();
            }
            return facts != null && facts.statementClass() == StatementClass.UNKNOWN ? UNKNOWN_STATEMENT : DEFAULT_DENY;
        }
    }
}
