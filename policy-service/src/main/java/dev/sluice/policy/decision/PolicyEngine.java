package dev.sluice.policy.decision;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.contracts.decision.SessionLimits;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.ConnectionDef;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyRule;
import dev.sluice.policy.bundle.RuleMatch;
import dev.sluice.policy.grants.GrantBook;
import dev.sluice.policy.grants.GrantDecisions;
import dev.sluice.sql.MaskingVerdict;
import dev.sluice.sql.StatementClass;
import dev.sluice.sql.StatementFacts;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides commands against the bundle in force (semantics in {@code docs/policy.md}).
 *
 * <p>A connect (and any non-query command) is decided by the rules without statement conditions; a connect is
 * only ever allowed or denied. A query is split into statements and every statement is decided on its own:
 * a matching DENY overrides REQUIRE_APPROVAL, which overrides ALLOW; no match is {@code default-deny}; an
 * UNKNOWN statement is allowed (or held for approval) only by a rule naming class {@code unknown}. An allowed
 * statement becomes MASK when masking rules match the identity and connection. The strictest statement decides
 * the query (DENY &gt; REQUIRE_APPROVAL &gt; MASK &gt; ALLOW). Pure function of (bundle, request, time): no I/O, safe
 * to call concurrently.
 */
@Component
public final class PolicyEngine {

    /** Rule id of the decision when no rule matched. */
    public static final String DEFAULT_DENY = "default-deny";
    /** Rule id of the decision for a query holding only comments and whitespace. */
    public static final String EMPTY_STATEMENT = "empty-statement";
    /** Rule id of the decision for a statement that could not be classified. */
    public static final String UNKNOWN_STATEMENT = "unknown-statement";
    /** Rule id of the decision for a query whose statements need approval from different reviewers. */
    public static final String CONFLICTING_APPROVALS = "conflicting-approvals";
    /** Rule id of the decision when a connection the bundle declares is reached over another protocol. */
    public static final String PROTOCOL_MISMATCH = "connection-protocol-mismatch";
    /** Rule id of the decision when a masked column is used where masking of results cannot cover it. */
    public static final String MASKED_COLUMN_USE = "masked-column-use";

    private final ActivePolicy policy;
    private final GrantBook grants;
    private final Clock clock;

    /** An engine without JIT access grants. */
    public PolicyEngine(ActivePolicy policy) {
        this(policy, new GrantBook(), Clock.systemUTC());
    }

    /** An engine applying the JIT access grants in {@code grants}. */
    @Autowired
    public PolicyEngine(ActivePolicy policy, GrantBook grants) {
        this(policy, grants, Clock.systemUTC());
    }

    /** An engine without grants reading the time of day for {@code time:} conditions from {@code clock}. */
    public PolicyEngine(ActivePolicy policy, Clock clock) {
        this(policy, new GrantBook(clock), clock);
    }

    /** An engine applying {@code grants} and reading the time (conditions, grant expiry) from {@code clock}. */
    public PolicyEngine(ActivePolicy policy, GrantBook grants, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The bundle in force. */
    public PolicyBundle bundle() {
        return policy.current();
    }

    /**
     * The decision for {@code request} with the requester's JIT access grants on the connection, tagged with the
     * effective version (bundle and grant set) that made it.
     */
    public Decision decide(DecisionRequest request) {
        Instant now = clock.instant();
        return GrantDecisions.decide(policy.current(), grants.snapshot(now), request, now);
    }

    /** {@code request} with the groups its subject's grants add on its connection now (for explanations). */
    public DecisionRequest withGrantGroups(DecisionRequest request) {
        return GrantDecisions.withGrantGroups(grants.snapshot(clock.instant()), request);
    }

    /** The decision of {@code bundle} for {@code request} now. */
    public static Decision decide(PolicyBundle bundle, DecisionRequest request) {
        return decide(bundle, request, Instant.now());
    }

    /** The decision of {@code bundle} for {@code request} at {@code now} (used for explanations and policy tests). */
    public static Decision decide(PolicyBundle bundle, DecisionRequest request, Instant now) {
        ConnectionDef declared = bundle.connections().get(request.connection().name());
        if (declared != null && declared.protocol() != null && !declared.protocol().equals(request.connection().protocol())) {
            return new Decision(Effect.DENY, "connection " + declared.name() + " is declared for protocol " + declared.protocol()
                    + ", not " + request.connection().protocol(), PROTOCOL_MISMATCH, bundle.version(), List.of(), null, CacheScope.NONE);
        }
        Conditions.Context context = Conditions.Context.of(bundle, request, now);
        if (request.command().type() != CommandType.QUERY) {
            Outcome outcome = decideOne(bundle, context, null);
            String reason = switch (outcome.effect) {
                case ALLOW -> allowReason(outcome.rule);
                case REQUIRE_APPROVAL -> commandName(request) + " requires approval: " + approvalReason(outcome.rule);
                default -> commandName(request) + " denied: " + denyReason(outcome);
            };
            // An allowed session carries its limits; the proxy enforces them for as long as the session lasts.
            SessionLimits limits = outcome.effect == Effect.ALLOW && request.command().type() == CommandType.CONNECT
                    ? Limits.of(bundle, context) : null;
            return new Decision(outcome.effect, reason, outcome.ruleId(), bundle.version(), List.of(),
                    outcome.rule == null ? null : outcome.rule.approval(), CacheScope.NONE, limits);
        }
        List<StatementAnalyses.Analysed> statements = StatementAnalyses.of(request.command().text());
        if (statements.isEmpty()) {
            return new Decision(Effect.ALLOW, "empty statement", EMPTY_STATEMENT, bundle.version(), List.of(), null, CacheScope.NORMALIZED);
        }
        Masking masking = Masking.of(bundle, context);
        Outcome decisive = null;
        int decisiveIndex = 0;
        Outcome approval = null;
        int approvalIndex = 0;
        Outcome conflict = null;
        int conflictIndex = 0;
        CacheScope scope = masking.uncacheable() ? CacheScope.NONE : CacheScope.NORMALIZED;
        for (int i = 0; i < statements.size(); i++) {
            StatementAnalyses.Analysed analysed = statements.get(i);
            StatementFacts facts = analysed.facts();
            Outcome outcome = decideOne(bundle, context, facts);
            if (outcome.effect == Effect.ALLOW && !masking.isEmpty()) {
                outcome = new Outcome(Effect.MASK, outcome.rule, facts, outcome.uncacheable);
            }
            scope = narrower(scope, scopeOf(facts, outcome));
            if (masking.analyzer() != null && (outcome.effect == Effect.MASK || outcome.effect == Effect.REQUIRE_APPROVAL)) {
                // Results are masked by column origin; any other use of a masked column would carry its value out
                // unmasked (also after an approval). The verdict can depend on a string constant (one naming a
                // table, or SQL text given to a function), never on a number: positional ORDER BY/GROUP BY is judged
                // by its presence, not its value. So only statements with a string constant are bound to their text.
                if (analysed.stringConstant()) {
                    scope = narrower(scope, CacheScope.EXACT);
                }
                MaskingVerdict verdict = masking.check(analysed.statement().tokens());
                if (!(verdict instanceof MaskingVerdict.Safe)) {
                    outcome = Outcome.maskedColumnUse(facts, outcome.uncacheable,
                            verdict.reason() + " (masked by " + String.join(", ", masking.ruleIds()) + ")");
                }
            }
            if (outcome.effect == Effect.REQUIRE_APPROVAL) {
                if (approval == null) {
                    approval = outcome;
                    approvalIndex = i;
                } else if (conflict == null && !approval.rule.approval().equals(outcome.rule.approval())) {
                    conflict = outcome;
                    conflictIndex = i;
                }
            }
            if (decisive == null || outcome.effect.ordinal() > decisive.effect.ordinal()) {
                decisive = outcome;
                decisiveIndex = i;
            }
        }
        String where = statements.size() > 1 ? "statement " + (decisiveIndex + 1) + " (" + decisive.facts.statementType() + ")"
                : decisive.facts.statementType();
        if (decisive.effect == Effect.REQUIRE_APPROVAL && conflict != null) {
            // One approval cannot stand for two different reviewer requirements: the weaker one would approve both.
            String reason = "statements " + (approvalIndex + 1) + " and " + (conflictIndex + 1) + " need different approvals (rules "
                    + approval.rule.id() + " and " + conflict.rule.id() + "); send them separately";
            return new Decision(Effect.DENY, reason, CONFLICTING_APPROVALS, bundle.version(), List.of(), null, scope);
        }
        List<MaskSpec> masks = decisive.effect == Effect.MASK || decisive.effect == Effect.REQUIRE_APPROVAL ? masking.masks() : List.of();
        String reason = switch (decisive.effect) {
            case ALLOW -> allowReason(decisive.rule);
            case MASK -> allowReason(decisive.rule) + " (masked by " + String.join(", ", masking.ruleIds()) + ")";
            case REQUIRE_APPROVAL -> where + " requires approval: " + approvalReason(decisive.rule)
                    + (masks.isEmpty() ? "" : " (results masked by " + String.join(", ", masking.ruleIds()) + ")");
            case DENY -> where + " denied: " + denyReason(decisive);
        };
        ApprovalSpec spec = decisive.effect == Effect.REQUIRE_APPROVAL ? decisive.rule.approval() : null;
        return new Decision(decisive.effect, reason, decisive.ruleId(), bundle.version(), masks, spec, scope);
    }

    /**
     * @param facts the statement's facts, or null for a command without statements (connect)
     */
    private static Outcome decideOne(PolicyBundle bundle, Conditions.Context context, StatementFacts facts) {
        boolean unknown = facts != null && facts.statementClass() == StatementClass.UNKNOWN;
        boolean connect = context.request().command().type() == CommandType.CONNECT;
        boolean uncacheable = false;
        PolicyRule allow = null;
        PolicyRule approval = null;
        for (PolicyRule rule : bundle.rules()) {
            RuleMatch match = rule.match();
            if (facts == null ? match.hasStatementConditions() : !Conditions.statementMatches(match, facts, rule.effect())) {
                continue;
            }
            if (connect && rule.effect() == Effect.REQUIRE_APPROVAL) {
                continue; // sessions open or not; approval is asked per statement
            }
            if (!Conditions.contextMatches(match, context)) {
                continue;
            }
            if (!match.subjects().isEmpty()) {
                uncacheable = true;
                if (!match.subjects().contains(context.request().identity().subject())) {
                    continue;
                }
            }
            if (match.time() != null) {
                uncacheable = true;
                if (!match.time().contains(context.now())) {
                    continue;
                }
            }
            if (rule.effect() == Effect.DENY) {
                return new Outcome(Effect.DENY, rule, facts, uncacheable);
            }
            if (unknown && !match.classes().contains(StatementClass.UNKNOWN)) {
                continue;
            }
            if (rule.effect() == Effect.REQUIRE_APPROVAL) {
                approval = approval == null ? rule : approval;
            } else if (allow == null) {
                allow = rule;
            }
        }
        if (approval != null) {
            return new Outcome(Effect.REQUIRE_APPROVAL, approval, facts, uncacheable);
        }
        return allow != null ? new Outcome(Effect.ALLOW, allow, facts, uncacheable)
                : new Outcome(Effect.DENY, null, facts, uncacheable);
    }

    /**
     * NORMALIZED only when the decision followed from literal-independent facts; EXACT when literals can
     * matter (dangerous, session, dynamic or COPY statements); NONE when it depended on the subject or the time
     * (neither is part of a proxy's cache key, and a cached decision must not outlive its time window) or the
     * statement was not understood.
     */
    private static CacheScope scopeOf(StatementFacts facts, Outcome outcome) {
        if (outcome.uncacheable || facts.statementClass() == StatementClass.UNKNOWN) {
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

    private static String approvalReason(PolicyRule rule) {
        ApprovalSpec spec = rule.approval();
        return (rule.reason().isEmpty() ? "rule " + rule.id() : rule.reason()) + " (" + spec.minApprovals() + " approval"
                + (spec.minApprovals() == 1 ? "" : "s") + " from " + String.join(", ", spec.reviewers()) + ")";
    }

    private static String denyReason(Outcome outcome) {
        if (outcome.why != null) {
            return outcome.why;
        }
        if (outcome.rule != null) {
            return outcome.rule.reason().isEmpty() ? "rule " + outcome.rule.id() : outcome.rule.reason();
        }
        if (outcome.facts != null && outcome.facts.statementClass() == StatementClass.UNKNOWN) {
            return "the statement could not be classified (" + outcome.facts.statementType() + ") and no rule allows unknown statements";
        }
        return "no policy rule allows it";
    }

    private static String commandName(DecisionRequest request) {
        return request.command().type().name().toLowerCase(Locale.ROOT) + " to " + request.connection().name();
    }

    /**
     * How one statement (or a statement-less command) was decided.
     *
     * @param ruleIdOverride the rule id when no bundle rule decided but the engine itself (null otherwise)
     * @param why            the reason when the engine itself decided (null otherwise)
     */
    private record Outcome(Effect effect, PolicyRule rule, StatementFacts facts, boolean uncacheable, String ruleIdOverride, String why) {

        Outcome(Effect effect, PolicyRule rule, StatementFacts facts, boolean uncacheable) {
            this(effect, rule, facts, uncacheable, null, null);
        }

        static Outcome maskedColumnUse(StatementFacts facts, boolean uncacheable, String why) {
            return new Outcome(Effect.DENY, null, facts, uncacheable, MASKED_COLUMN_USE, why);
        }

        String ruleId() {
            if (ruleIdOverride != null) {
                return ruleIdOverride;
            }
            if (rule != null) {
                return rule.id();
            }
            return facts != null && facts.statementClass() == StatementClass.UNKNOWN ? UNKNOWN_STATEMENT : DEFAULT_DENY;
        }
    }
}
