package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code tests:} list of a bundle file. */
final class TestCaseReader {

    /** Keys of a policy test case ({@code tests:} list items). */
    static final Set<String> TEST_KEYS = Set.of("name", "identity", "connection", "command", "expect", "rule", "at", "limits");
    /** Keys of a test case's {@code identity}. */
    static final Set<String> IDENTITY_KEYS = Set.of("subject", "groups", "kind");

    private final YamlReader yaml;

    TestCaseReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    PolicyTestCase testCase(Node node) {
        Map<String, Node> test = yaml.mapping(node, "a test case", TEST_KEYS);
        for (String required : List.of("name", "identity", "connection", "command", "expect")) {
            if (!test.containsKey(required)) {
                throw yaml.error(node, "test case without '" + required + "'");
            }
        }
        String name = yaml.scalar(test.get("name"), "name");
        Map<String, Node> who = yaml.mapping(test.get("identity"), "'identity'", IDENTITY_KEYS);
        if (!who.containsKey("subject")) {
            throw yaml.error(test.get("identity"), "'identity' needs a 'subject'");
        }
        IdentityKind kind = IdentityKind.HUMAN;
        if (who.containsKey("kind")) {
            String kindText = yaml.scalar(who.get("kind"), "kind");
            kind = IdentityKind.fromClaim(kindText).filter(k -> k.claimValue().equals(kindText))
                    .orElseThrow(() -> yaml.error(who.get("kind"), "kind must be human or service, not '" + kindText + "'"));
        }
        List<String> groups = who.containsKey("groups") ? List.copyOf(yaml.list(who.get("groups"), "groups", s -> s)) : List.of();
        Identity identity = new Identity(yaml.scalar(who.get("subject"), "subject"), groups, kind);
        String expectText = yaml.scalar(test.get("expect"), "expect");
        Effect expect = Effect.fromWire(expectText)
                .orElseThrow(() -> yaml.error(test.get("expect"), "expect must be ALLOW, MASK, REQUIRE_APPROVAL or DENY, not '" + expectText + "'"));
        String rule = test.containsKey("rule") ? yaml.scalar(test.get("rule"), "rule") : null;
        Instant at = null;
        if (test.containsKey("at")) {
            String text = yaml.scalar(test.get("at"), "at");
            try {
                at = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw yaml.error(test.get("at"), "'at' must be a date and time with offset, e.g. 2026-11-23T09:30:00+01:00, not '" + text + "'");
            }
        }
        String command = yaml.scalar(test.get("command"), "command");
        String limits = test.containsKey("limits") ? yaml.scalar(test.get("limits"), "limits") : null;
        if (limits != null && !PolicyTestCase.CONNECT.equals(command.strip())) {
            throw yaml.error(test.get("limits"), "'limits' can only be expected of a connect (limits come with the session)");
        }
        return new PolicyTestCase(name, identity, yaml.scalar(test.get("connection"), "connection"),
                command, expect, rule, at, yaml.source(node), limits);
    }
}
