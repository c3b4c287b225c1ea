package dev.sluice.policy.decision;

import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.policy.bundle.Glob;
import dev.sluice.policy.bundle.MaskingRule;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyRule;
import dev.sluice.policy.bundle.RuleMatch;
import dev.sluice.sql.Danger;
import dev.sluice.sql.MaskingVerdict;
import dev.sluice.sql.SqlStatement;
import dev.sluice.sql.StatementClass;
import dev.sluice.sql.StatementClassifier;
import dev.sluice.sql.StatementFacts;
import dev.sluice.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.Collections;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Explains a decision ({@code POST /v1/decisions?explain=true}): for every statement its facts and every rule
 * of the bundle with whether it matched and, if not, the first condition that failed. Kept apart from
 * {@link PolicyEngine} so that the decision path never builds these strings; the conditions are checked in
 * the engine's order, and the decision itself always comes from the engine.
 */
public final class PolicyExplainer {

    private PolicyExplainer() {}

    /**
     * One rule as evaluated against one statement.
     *
     * @param ruleId  the rule
     * @param effect  its effect
     * @param matched whether every condition held
     * @param why     the first condition that failed, or why the match counts
     */
    public record RuleTrace(String ruleId, Effect effect, boolean matched, String why) {}

    /**
     * One statement (or the connect) and the rules evaluated for it.
     *
     * @param index          1-based position in the query; 0 for a command without statements
     * @param statementType  e.g. {@code DROP TABLE}; null for a connect
     * @param statementClass lower-case class; null for a connect
     * @param dangers        danger facts
     * @param hasWhere       the WHERE fact
     * @param functions      functions called
     * @param tablesKnown    whether the table facts are complete
     * @param tablesRead     tables read, {@code schema.table}
     * @param tablesWritten  tables written
     * @param maskedColumns  the masked-column analysis for an identity with masked columns: {@code SAFE}, or
     *                       {@code INDIRECT: reason} / {@code UNKNOWN: reason}; null when no column is masked
     * @param rules          every rule, in bundle order
     */
    public record StatementTrace(int index, String statementType, String statementClass, List<String> dangers, boolean hasWhere,
            List<String> functions, boolean tablesKnown, List<String> tablesRead, List<String> tablesWritten, String maskedColumns,
            List<RuleTrace> rules) {}

    /**
     * The decision and how it was reached.
     *
     * @param decision   the engine's decision
     * @param statements how each statement (or the connect) was evaluated
     * @param masking    every masking rule in bundle order, for a query (empty for other commands): matched ones
     *                   turn allowed statements into MASK
     */
    public record Explanation(Decision decision, List<StatementTrace> statements, List<RuleTrace> masking) {}

    /** Explains how {@code bundle} decides {@code request}. */
    public static Explanation explain(PolicyBundle bundle, DecisionRequest request) {
        return explain(bundle, request, Instant.now());
    }

    /** Explains how {@code bundle} decides {@code request} at {@code now}. */
    public static Explanation explain(PolicyBundle bundle, DecisionRequest request, Instant now) {
        Decision decision = PolicyEngine.decide(bundle, request, now);
        Conditions.Context context = Conditions.Context.of(bundle, request, now);
        List<StatementTrace> traces = new ArrayList<>();
        if (request.command().type() != CommandType.QUERY) {
            traces.add(new StatementTrace(0, null, null, List.of(), false, List.of(), false, List.of(), List.of(), null,
                    rules(bundle, context, null)));
        } else {
            List<SqlStatement> statements = StatementSplitter.splitLexed(request.command().text());
            Masking masking = Masking.of(bundle, context);
            for (int i = 0; i < statements.size(); i++) {
                StatementFacts facts = StatementClassifier.classify(statements.get(i).tokens());
                traces.add(new StatementTrace(i + 1, facts.statementType(), facts.statementClass().name().toLowerCase(Locale.ROOT),
                        facts.dangers().stream().map(Danger::policyName).toList(), facts.hasWhere(),
                        List.copyOf(new TreeSet<>(facts.functions())), facts.tablesKnown(), List.copyOf(new TreeSet<>(facts.tablesRead())),
                        List.copyOf(new TreeSet<>(facts.tablesWritten())), verdict(masking, statements.get(i)),
                        rules(bundle, context, facts)));
            }
        }
        List<RuleTrace> maskingRules = new ArrayList<>();
        if (request.command().type() == CommandType.QUERY) {
            for (MaskingRule rule : bundle.masking()) {
                String failed = contextMismatch(rule.match(), context);
                maskingRules.add(new RuleTrace(rule.id(), Effect.MASK, failed == null, failed == null
                        ? "masks " + rule.masks().size() + " column(s)/detector(s) of allowed statements" : failed));
            }
        }
        return new Explanation(decision, traces, maskingRules);
    }

    private static String verdict(Masking masking, SqlStatement statement) {
        if (masking.analyzer() == null) {
            return null;
        }
        return switch (masking.check(statement.tokens())) {
            case MaskingVerdict.Safe safe -> "SAFE";
            case MaskingVerdict.Indirect indirect -> "INDIRECT: " + indirect.reason();
            case MaskingVerdict.Unknown unknown -> "UNKNOWN: " + unknown.reason();
        };
    }

    private static List<RuleTrace> rules(PolicyBundle bundle, Conditions.Context context, StatementFacts facts) {
        List<RuleTrace> traces = new ArrayList<>();
        for (PolicyRule rule : bundle.rules()) {
            String failed = mismatch(rule, context, facts);
            traces.add(new RuleTrace(rule.id(), rule.effect(), failed == null, failed == null ? "every condition holds" : failed));
        }
        return traces;
    }

    /** The first failed condition in the engine's order, or null when the rule applies. */
    static String mismatch(PolicyRule rule, Conditions.Context context, StatementFacts facts) {
        RuleMatch match = rule.match();
        DecisionRequest request = context.request();
        if (facts == null) {
            if (match.hasStatementConditions()) {
                return "has statement conditions, which never decide a " + request.command().type().name().toLowerCase(Locale.ROOT);
            }
            if (rule.effect() == Effect.REQUIRE_APPROVAL && request.command().type() == CommandType.CONNECT) {
                return "REQUIRE_APPROVAL rules never decide a connect (approval is asked per statement)";
            }
        } else {
            String statement = statementMismatch(match, facts, rule.effect());
            if (statement != null) {
                return statement;
            }
        }
        String contextFailure = contextMismatch(match, context);
        if (contextFailure != null) {
            return contextFailure;
        }
        if (facts != null && facts.statementClass() == StatementClass.UNKNOWN && rule.effect() != Effect.DENY
                && !match.classes().contains(StatementClass.UNKNOWN)) {
            return "an unknown statement is allowed (or held for approval) only by a rule listing class unknown";
        }
        return null;
    }

    /** The first failed identity or connection condition, or null. */
    private static String contextMismatch(RuleMatch match, Conditions.Context context) {
        DecisionRequest request = context.request();
        Identity identity = request.identity();
        if (!match.groups().isEmpty() && Collections.disjoint(match.groups(), identity.groups())) {
            return "groups: identity is in none of " + new TreeSet<>(match.groups());
        }
        if (!match.kinds().isEmpty() && !match.kinds().contains(identity.kind())) {
            return "kinds: identity is " + identity.kind().claimValue();
        }
        if (!match.commandTypes().isEmpty() && !match.commandTypes().contains(request.command().type())) {
            return "commandTypes: command is " + request.command().type().name().toLowerCase(Locale.ROOT);
        }
        if (!match.protocols().isEmpty() && !match.protocols().contains(request.connection().protocol())) {
            return "protocols: connection is " + request.connection().protocol();
        }
        for (Map.Entry<String, Set<String>> tag : match.connectionTags().entrySet()) {
            String value = context.tags().get(tag.getKey());
            if (value == null || !tag.getValue().contains(value)) {
                return "connectionTags: " + tag.getKey() + " is " + (value == null ? "not set" : "'" + value + "'")
                        + ", not one of " + new TreeSet<>(tag.getValue());
            }
        }
        if (!match.connections().isEmpty() && match.connections().stream().noneMatch(g -> g.matches(request.connection().name()))) {
            return "connections: '" + request.connection().name() + "' matches none of " + match.connections().stream().map(Glob::pattern).toList();
        }
        if (!match.subjects().isEmpty() && !match.subjects().contains(identity.subject())) {
            return "subjects: '" + identity.subject() + "' is not listed";
        }
        if (match.time() != null && !match.time().contains(context.now())) {
            return "time: " + context.now().atZone(match.time().zone()).toLocalDateTime().withNano(0) + " " + match.time().zone()
                    + " is outside the window";
        }
        return null;
    }

    private static TreeSet<String> tablesOf(StatementFacts facts) {
        TreeSet<String> tables = new TreeSet<>(facts.tablesRead());
        tables.addAll(facts.tablesWritten());
        return tables;
    }

    private static String statementMismatch(RuleMatch match, StatementFacts facts, Effect effect) {
        if (!match.classes().isEmpty() && !match.classes().contains(facts.statementClass())) {
            return "classes: statement is " + facts.statementClass().name().toLowerCase(Locale.ROOT);
        }
        if (!match.statementTypes().isEmpty() && !match.statementTypes().contains(facts.statementType())) {
            return "statementTypes: statement is " + facts.statementType();
        }
        if (match.hasWhere() != null && match.hasWhere() != facts.hasWhere()) {
            return "hasWhere: statement " + (facts.hasWhere() ? "has" : "lacks") + " a WHERE";
        }
        if (match.dangerous() != null && match.dangerous() != facts.dangerous()) {
            return "dangerous: statement is " + (facts.dangerous() ? "dangerous " + facts.dangers().stream().map(Danger::policyName).toList() : "not dangerous");
        }
        if (!match.dangers().isEmpty() && Collections.disjoint(match.dangers(), facts.dangers())) {
            return "dangers: statement has none of them";
        }
        if (!match.functions().isEmpty() && Collections.disjoint(match.functions(), facts.functions())) {
            return "functions: statement calls none of them";
        }
        if (!Conditions.tablesMatch(match.tables(), facts, effect, true)) {
            return facts.tablesKnown() ? "tables: statement uses none of them " + tablesOf(facts)
                    : "tables: the statement's tables are unknown, which never satisfies an ALLOW rule";
        }
        if (!Conditions.tablesMatch(match.writesTables(), facts, effect, false)) {
            return facts.tablesKnown() ? "writesTables: statement writes none of them " + new TreeSet<>(facts.tablesWritten())
                    : "writesTables: the statement's tables are unknown, which never satisfies an ALLOW rule";
        }
        return null;
    }
}
