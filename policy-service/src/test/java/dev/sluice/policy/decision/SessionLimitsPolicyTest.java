package dev.sluice.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.decision.SessionLimits;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleException;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.bundle.PolicyBundleLoader.BundleFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code limits:} section: loaded with file:line errors, and delivered with the decision to connect. */
class SessionLimitsPolicyTest {

    private static final String BUNDLE = """
            rules:
              - id: everyone-connects
                match: {commandTypes: [connect]}
                effect: ALLOW
              - id: no-ci-bot
                match: {commandTypes: [connect], subjects: [blocked-bot]}
                effect: DENY
            limits:
              - id: agents
                match: {kinds: [service]}
                sessions: 2
                sessionsPerConnection: 1
                statementsPerSecond: 2.5
                burst: 5
              - id: everyone
                statementsPerSecond: 50
            """;

    private static PolicyBundle load(String content) {
        return PolicyBundleLoader.load(List.of(new BundleFile("limits.yaml", content)), "test");
    }

    private static Decision connect(PolicyBundle bundle, String subject, IdentityKind kind) {
        return PolicyEngine.decide(bundle, new DecisionRequest("s-1", new Identity(subject, List.of(), kind),
                new ConnectionRef("demo", "postgres", Map.of()), new Command(CommandType.CONNECT, "", null), "127.0.0.1"));
    }

    @Test
    void theFirstMatchingLimitsEntryComesWithTheDecisionToConnect() {
        PolicyBundle bundle = load(BUNDLE);

        Decision agent = connect(bundle, "ci-bot", IdentityKind.SERVICE);
        assertThat(agent.effect()).isEqualTo(Effect.ALLOW);
        assertThat(agent.limits()).isEqualTo(new SessionLimits("agents", 2, 1, 2.5, 5));

        Decision human = connect(bundle, "bob", IdentityKind.HUMAN);
        assertThat(human.limits()).isEqualTo(new SessionLimits("everyone", 0, 0, 50, 50));
    }

    @Test
    void deniedSessionsAndStatementsCarryNoLimits() {
        PolicyBundle bundle = load(BUNDLE);
        assertThat(connect(bundle, "blocked-bot", IdentityKind.SERVICE).limits()).isNull();
        Decision query = PolicyEngine.decide(bundle, new DecisionRequest("s-1", new Identity("bob", List.of(), IdentityKind.HUMAN),
                new ConnectionRef("demo", "postgres", Map.of()), new Command(CommandType.QUERY, "SELECT 1", null), "127.0.0.1"));
        assertThat(query.limits()).isNull();
    }

    @Test
    void limitsTravelAsJsonAndABundleWithoutThemSetsNone() {
        JsonMapper json = JsonMapper.builder().build();
        Decision agent = connect(load(BUNDLE), "ci-bot", IdentityKind.SERVICE);
        Decision read = json.readValue(json.writeValueAsString(agent), Decision.class);
        assertThat(read.limits()).isEqualTo(agent.limits());

        assertThat(connect(load("rules: [{id: all, effect: ALLOW}]"), "ci-bot", IdentityKind.SERVICE).limits()).isNull();
    }

    @Test
    void policyTestsCanExpectTheLimitsOfAConnect() {
        PolicyBundle bundle = load(BUNDLE + """
                tests:
                  - name: agents get the agents' limits
                    identity: {subject: ci-bot, kind: service}
                    connection: demo
                    command: connect
                    expect: ALLOW
                    limits: agents
                  - name: wrongly expects none
                    identity: {subject: ci-bot, kind: service}
                    connection: demo
                    command: connect
                    expect: ALLOW
                    limits: none
                """);
        var results = dev.sluice.policy.testing.PolicyTestRunner.run(bundle);
        assertThat(results).extracting(dev.sluice.policy.testing.PolicyTestRunner.CaseResult::passed).containsExactly(true, false);
        assertProblem("tests:\n  - {name: x, identity: {subject: bob}, connection: demo, command: SELECT 1, expect: ALLOW,"
                + " limits: none}\n", 2, "'limits' can only be expected of a connect");
    }

    @Test
    void badLimitsAreRefusedWithFileAndLine() {
        assertProblem("limits:\n  - id: none\n    match: {kinds: [service]}\n", 2, "limits nothing");
        assertProblem("limits:\n  - id: x\n    sessions: 0\n", 3, "'sessions' must be a whole number from 1");
        assertProblem("limits:\n  - id: x\n    sessions: two\n", 3, "'sessions' must be a whole number");
        assertProblem("limits:\n  - id: x\n    sessions: 1\n    burst: 10\n", 4, "'burst' needs 'statementsPerSecond'");
        assertProblem("limits:\n  - id: x\n    statementsPerSecond: 10\n    burst: 3\n", 4, "'burst' must be at least");
        assertProblem("limits:\n  - id: x\n    statementsPerSecond: -1\n", 3, "'statementsPerSecond' must be a number above 0");
        assertProblem("limits:\n  - id: x\n    sessions: 1\n    per: 3\n", 4, "per");
        assertProblem("limits:\n  - id: x\n    match: {classes: [read]}\n    sessions: 1\n", 3, "classes");
        assertProblem("rules:\n  - id: x\n    effect: ALLOW\nlimits:\n  - id: x\n    sessions: 1\n", 5, "duplicate rule id 'x'");
    }

    private static void assertProblem(String content, int line, String message) {
        assertThatThrownBy(() -> load(content))
                .isInstanceOfSatisfying(PolicyBundleException.class, e -> {
                    assertThat(e.file()).isEqualTo("limits.yaml");
                    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                })
                .hasMessageContaining(message);
    }
}
