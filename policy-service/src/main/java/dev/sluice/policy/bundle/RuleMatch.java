package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.sql.Danger;
import dev.sluice.sql.StatementClass;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conditions of one rule. Every list is any-of and an empty list means "any"; every boolean is optional
 * (null means "either"). All present conditions must hold.
 *
 * @param groups         identity groups (any of)
 * @param subjects       identity subjects (any of); a decision that depends on them is never cacheable
 * @param kinds          identity kinds
 * @param connections    connection-name globs, {@code *} matching any run of characters
 * @param commandTypes   command types
 * @param classes        statement classes (statement condition)
 * @param statementTypes statement types, upper-case (statement condition)
 * @param hasWhere       whether UPDATE/DELETE has a WHERE (statement condition)
 * @param dangerous      whether any danger fact applies (statement condition)
 * @param dangers        danger facts, any of (statement condition)
 * @param functions      called functions, any of (statement condition)
 * @param connectionTags tag name → accepted values; every named tag must have one of its values
 * @param protocols      the connection's protocol, any of
 * @param time           when the rule applies, or null for always; a decision that depends on it is never cacheable
 * @param tables         {@code schema.table} globs: any table read or written matches one (statement condition)
 * @param writesTables   {@code schema.table} globs: any table written matches one (statement condition); when the
 *                       statement's tables are unknown both conditions hold for DENY and REQUIRE_APPROVAL rules and
 *                       never for ALLOW rules
 */
public record RuleMatch(
        Set<String> groups,
        Set<String> subjects,
        Set<IdentityKind> kinds,
        List<Glob> connections,
        Set<CommandType> commandTypes,
        Set<StatementClass> classes,
        Set<String> statementTypes,
        Boolean hasWhere,
        Boolean dangerous,
        Set<Danger> dangers,
        Set<String> functions,
        Map<String, Set<String>> connectionTags,
        Set<String> protocols,
        TimeWindow time,
        List<Glob> tables,
        List<Glob> writesTables) {

    /** No conditions: matches every command. */
    public static final RuleMatch ANYTHING = new RuleMatch(Set.of(), Set.of(), Set.of(), List.of(), Set.of(), Set.of(), Set.of(),
            null, null, Set.of(), Set.of(), Map.of(), Set.of(), null, List.of(), List.of());

    public RuleMatch {
        groups = Set.copyOf(groups);
        subjects = Set.copyOf(subjects);
        kinds = Set.copyOf(kinds);
        connections = List.copyOf(connections);
        commandTypes = Set.copyOf(commandTypes);
        classes = Set.copyOf(classes);
        statementTypes = Set.copyOf(statementTypes);
        dangers = Set.copyOf(dangers);
        functions = Set.copyOf(functions);
        connectionTags = Map.copyOf(connectionTags);
        protocols = Set.copyOf(protocols);
        tables = List.copyOf(tables);
        writesTables = List.copyOf(writesTables);
    }

    /** Whether the rule says anything about the statement itself (such rules never decide a connect). */
    public boolean hasStatementConditions() {
        return !classes.isEmpty() || !statementTypes.isEmpty() || hasWhere != null || dangerous != null
                || !dangers.isEmpty() || !functions.isEmpty() || !tables.isEmpty() || !writesTables.isEmpty();
    }
}
