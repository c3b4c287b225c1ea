package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.sql.Danger;
import dev.sluice.sql.StatementClass;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Turns the YAML nodes of one bundle file into rules, reporting every problem with its line. */
final class RuleReader {

    static final Set<String> RULE_KEYS = Set.of("id", "description", "match", "effect", "reason", "approval");
    /** Conditions on who asks and where: allowed in rules and in masking rules. */
    static final Set<String> CONTEXT_KEYS = Set.of("groups", "subjects", "kinds", "connections", "connectionTags", "protocols", "time");
    /** Every condition of a rule's {@code match}. */
    static final Set<String> MATCH_KEYS = union(CONTEXT_KEYS, Set.of(
            "commandTypes", "classes", "statementTypes", "hasWhere", "dangerous", "dangers", "functions", "tables", "writesTables"));
    /** Keys of a REQUIRE_APPROVAL rule's {@code approval}. */
    static final Set<String> APPROVAL_KEYS = Set.of("reviewers", "minApprovals", "timeout");
    /** Effects a rule may have (MASK comes from masking rules). */
    static final List<Effect> RULE_EFFECTS = List.of(Effect.ALLOW, Effect.DENY, Effect.REQUIRE_APPROVAL);
    /** Approval timeout when a rule does not say. */
    static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(1);
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern TABLE_GLOB = Pattern.compile("[^.\\s]+\\.[^.\\s]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(s|m|h)");

    private final YamlReader yaml;
    private final ContextReader context;

    RuleReader(YamlReader yaml) {
        this.yaml = yaml;
        this.context = new ContextReader(yaml);
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A rule or masking-rule id, checked for its shape. */
    String id(Map<String, Node> entry, Node node, String what) {
        Node idNode = entry.get("id");
        if (idNode == null) {
            throw yaml.error(node, what + " without 'id'");
        }
        String id = yaml.scalar(idNode, "id");
        if (!RULE_ID.matcher(id).matches()) {
            throw yaml.error(idNode, "id '" + id + "' must be letters, digits, '.', '_' or '-' (at most 128)");
        }
        return id;
    }

    PolicyRule rule(Node node) {
        Map<String, Node> rule = yaml.mapping(node, "a rule", RULE_KEYS);
        String id = id(rule, node, "rule");
        Node effectNode = rule.get("effect");
        if (effectNode == null) {
            throw yaml.error(node, "rule '" + id + "' has no 'effect'");
        }
        String effectName = yaml.scalar(effectNode, "effect");
        Effect effect = Effect.fromWire(effectName).filter(RULE_EFFECTS::contains)
                .orElseThrow(() -> yaml.error(effectNode, "effect must be ALLOW, DENY or REQUIRE_APPROVAL, not '" + effectName + "'"
                        + (effectName.equals("MASK") ? " (masking is configured in the bundle's 'masking:' list)" : "")));
        ApprovalSpec approval = null;
        if (effect == Effect.REQUIRE_APPROVAL) {
            if (!rule.containsKey("approval")) {
                throw yaml.error(node, "REQUIRE_APPROVAL rule '" + id + "' needs 'approval: {reviewers: [group], minApprovals: 1, timeout: 15m}'");
            }
            approval = approval(rule.get("approval"));
        } else if (rule.containsKey("approval")) {
            throw yaml.error(rule.get("approval"), "'approval' belongs to REQUIRE_APPROVAL rules only");
        }
        RuleMatch match = rule.containsKey("match") ? match(rule.get("match"), MATCH_KEYS) : RuleMatch.ANYTHING;
        return new PolicyRule(id, yaml.optionalScalar(rule.get("description"), "description"), match, effect,
                yaml.optionalScalar(rule.get("reason"), "reason"), approval, yaml.source(node));
    }

    private ApprovalSpec approval(Node node) {
        Map<String, Node> approval = yaml.mapping(node, "'approval'", APPROVAL_KEYS);
        if (!approval.containsKey("reviewers")) {
            throw yaml.error(node, "'approval' needs 'reviewers' (the groups whose members may approve)");
        }
        List<String> reviewers = List.copyOf(yaml.list(approval.get("reviewers"), "reviewers", s -> s.isBlank() ? null : s));
        int minApprovals = 1;
        if (approval.containsKey("minApprovals")) {
            String text = yaml.scalar(approval.get("minApprovals"), "minApprovals");
            try {
                minApprovals = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                minApprovals = 0;
            }
            if (minApprovals < 1 || minApprovals > 10) {
                throw yaml.error(approval.get("minApprovals"), "'minApprovals' must be a whole number from 1 to 10, not '" + text + "'");
            }
        }
        Duration timeout = DEFAULT_APPROVAL_TIMEOUT;
        if (approval.containsKey("timeout")) {
            timeout = duration(approval.get("timeout"), "timeout");
            if (timeout.compareTo(MAX_APPROVAL_TIMEOUT) > 0) {
                throw yaml.error(approval.get("timeout"), "'timeout' must be at most 24h");
            }
        }
        return new ApprovalSpec(reviewers, minApprovals, timeout);
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}: a positive whole number of seconds, minutes or hours. */
    private Duration duration(Node node, String key) {
        String text = yaml.scalar(node, key);
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw yaml.error(node, "'" + key + "' must be a positive duration such as 90s, 10m or 2h, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** A {@code match:} mapping restricted to {@code allowed} keys. */
    RuleMatch match(Node node, Set<String> allowed) {
        Map<String, Node> match = yaml.mapping(node, "'match'", allowed);
        return new RuleMatch(
                yaml.list(match.get("groups"), "groups", s -> s),
                yaml.list(match.get("subjects"), "subjects", s -> s),
                yaml.list(match.get("kinds"), "kinds", s -> IdentityKind.fromClaim(s).orElse(null)),
                List.copyOf(yaml.list(match.get("connections"), "connections", Glob::new)),
                yaml.list(match.get("commandTypes"), "commandTypes", s -> YamlReader.lowerEnum(CommandType.class, s)),
                yaml.list(match.get("classes"), "classes", s -> YamlReader.lowerEnum(StatementClass.class, s)),
                yaml.list(match.get("statementTypes"), "statementTypes", RuleReader::statementType),
                yaml.bool(match.get("hasWhere"), "hasWhere"),
                yaml.bool(match.get("dangerous"), "dangerous"),
                yaml.list(match.get("dangers"), "dangers", s -> YamlReader.lowerEnum(Danger.class, s)),
                yaml.list(match.get("functions"), "functions", s -> s),
                context.connectionTags(match.get("connectionTags")),
                yaml.list(match.get("protocols"), "protocols", ContextReader::protocol),
                context.time(match.get("time")),
                List.copyOf(yaml.list(match.get("tables"), "tables", RuleReader::tableGlob)),
                List.copyOf(yaml.list(match.get("writesTables"), "writesTables", RuleReader::tableGlob)));
    }

    /** {@code schema.table} with {@code *} anywhere: facts always carry the schema ({@code public} when left out). */
    private static Glob tableGlob(String value) {
        return TABLE_GLOB.matcher(value).matches() ? new Glob(value) : null;
    }

    private static String statementType(String value) {
        String normalized = String.join(" ", value.strip().split("\\s+")).toUpperCase(Locale.ROOT);
        return normalized.isEmpty() ? null : normalized;
    }
}
