package dev.sluice.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.bundle.PolicyBundleLoader.BundleFile;
import dev.sluice.policy.testing.PolicyTestRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** REQUIRE_APPROVAL and MASK: precedence, approval specs, the union of masking rules, and what stays ALLOW/DENY. */
class PolicyEffectsTest {

    private static final Identity ALICE = new Identity("alice", List.of("dba"), IdentityKind.HUMAN);
    private static final Identity BOB = new Identity("bob", List.of("analysts"), IdentityKind.HUMAN);
    private static final Identity DAVE = new Identity("dave", List.of("analysts", "contractors"), IdentityKind.HUMAN);

    private final PolicyBundle bundle = PolicyBundleLoader.load("classpath:policy-bundles/effects/");

    private static DecisionRequest query(Identity who, String connection, String sql) {
        return new DecisionRequest("s-1", who, new ConnectionRef(connection, "postgres", null), new Command(CommandType.QUERY, sql, null), "127.0.0.1");
    }

    private Decision decide(Identity who, String sql) {
        return PolicyEngine.decide(bundle, query(who, "demo", sql));
    }

    @Test
    void theFixtureBundlesOwnTestCasesPass() {
        assertThat(PolicyTestRunner.run(bundle)).isNotEmpty().allSatisfy(result -> assertThat(result.passed())
                .as("%s: got %s by %s", result.testCase().name(), result.decision().effect(), result.decision().ruleId()).isTrue());
    }

    @Test
    void requiresApprovalWithTheRulesReviewersCountAndTimeout() {
        Decision decision = decide(BOB, "UPDATE orders SET total = 0 WHERE id = 1");
        assertThat(decision.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(decision.ruleId()).isEqualTo("analysts-write-with-approval");
        assertThat(decision.approval()).isEqualTo(new ApprovalSpec(List.of("dba"), 1, Duration.ofMinutes(10)));
        assertThat(decision.reason()).isEqualTo("UPDATE requires approval: writes need a DBA's approval (1 approval from dba) (results masked by pii-for-analysts)");
    }

    @Test
    void approvalDefaultsToOneApprovalWithinFifteenMinutes() {
        Decision decision = decide(BOB, "CREATE TABLE t (id int)");
        assertThat(decision.approval()).isEqualTo(new ApprovalSpec(List.of("dba", "security"), 2, Duration.ofMinutes(15)));
    }

    @Test
    void denyOverridesApproval() {
        Decision decision = decide(BOB, "SELECT 1; TRUNCATE orders");
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo("no-truncate");
        assertThat(decision.approval()).isNull();
    }

    @Test
    void approvalOverridesMaskAcrossStatementsAndKeepsTheMasksForAfterApproval() {
        Decision decision = decide(BOB, "SELECT * FROM customers; INSERT INTO orders (id) VALUES (1)");
        assertThat(decision.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(decision.reason()).startsWith("statement 2 (INSERT) requires approval");
        assertThat(decision.masks()).isNotEmpty();
    }

    @Test
    void statementsNeedingDifferentApprovalsAreDeniedTogether() {
        Decision decision = decide(BOB, "INSERT INTO orders (id) VALUES (1); DROP TABLE orders");
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo(PolicyEngine.CONFLICTING_APPROVALS);
        assertThat(decision.reason()).contains("statements 1 and 2 need different approvals");
    }

    @Test
    void statementsNeedingTheSameApprovalAreHeldOnce() {
        Decision decision = decide(BOB, "INSERT INTO orders (id) VALUES (1); UPDATE orders SET total = 1 WHERE id = 1");
        assertThat(decision.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(decision.ruleId()).isEqualTo("analysts-write-with-approval");
    }

    @Test
    void masksAllowedReadsWithTheMatchingRulesInstructions() {
        Decision decision = decide(BOB, "SELECT * FROM customers WHERE id = 1");
        assertThat(decision.effect()).isEqualTo(Effect.MASK);
        assertThat(decision.ruleId()).isEqualTo("analysts-read");
        assertThat(decision.reason()).isEqualTo("read access (masked by pii-for-analysts)");
        assertThat(decision.masks()).containsExactly(
                new MaskSpec("public.customers.email", null, "hash"),
                new MaskSpec("public.customers.ssn", null, "partial:4"),
                new MaskSpec(null, "card", "redact"),
                new MaskSpec(null, "ssn", "partial:4"));
        assertThat(decision.cacheScope()).as("masked columns are analysed; with no string constant the verdict holds for any number")
                .isEqualTo(CacheScope.NORMALIZED);
    }

    @Test
    void theUnionOfMaskingRulesKeepsTheStricterStrategyPerColumn() {
        Decision decision = decide(DAVE, "SELECT * FROM customers");
        assertThat(decision.effect()).isEqualTo(Effect.MASK);
        assertThat(decision.reason()).endsWith("(masked by pii-for-analysts, contractors-see-less)");
        assertThat(decision.masks()).contains(new MaskSpec("public.customers.ssn", null, "redact"),
                new MaskSpec(null, "custom:employee-id", "format", "EMP-[0-9]{6}"));
        assertThat(decision.masks()).filteredOn(m -> "public.customers.ssn".equals(m.column())).hasSize(1);
    }

    @Test
    void maskingRulesMatchOnTheConnection() {
        Decision decision = PolicyEngine.decide(bundle, query(DAVE, "warehouse", "SELECT 1"));
        assertThat(decision.masks()).doesNotContain(new MaskSpec(null, "custom:employee-id", "format", "EMP-[0-9]{6}"));
    }

    @Test
    void connectStaysAllowEvenWhenMaskingApplies() {
        Decision decision = PolicyEngine.decide(bundle, new DecisionRequest("s-1", BOB, new ConnectionRef("demo", "postgres", null),
                new Command(CommandType.CONNECT, "", null), "127.0.0.1"));
        assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
        assertThat(decision.masks()).isEmpty();
    }

    @Test
    void connectIsNeverHeldForApproval() {
        PolicyBundle approvalOnly = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", """
                rules:
                  - id: prod-needs-approval
                    match: {connections: [prod]}
                    effect: REQUIRE_APPROVAL
                    approval: {reviewers: [dba]}
                """)), "test");
        Decision decision = PolicyEngine.decide(approvalOnly, new DecisionRequest("s-1", BOB, new ConnectionRef("prod", "postgres", null),
                new Command(CommandType.CONNECT, "", null), "127.0.0.1"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo(PolicyEngine.DEFAULT_DENY);
        assertThat(PolicyEngine.decide(approvalOnly, query(BOB, "prod", "SELECT 1")).effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    }

    @Test
    void anUnknownStatementIsNotHeldForApprovalUnlessTheRuleListsUnknown() {
        PolicyBundle approvalOnly = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", """
                rules:
                  - id: everything-needs-approval
                    effect: REQUIRE_APPROVAL
                    approval: {reviewers: [dba]}
                """)), "test");
        Decision decision = PolicyEngine.decide(approvalOnly, query(BOB, "demo", "FROBNICATE everything"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo(PolicyEngine.UNKNOWN_STATEMENT);
    }

    @Test
    void deniedStatementsCarryNoMasks() {
        Decision decision = decide(BOB, "TRUNCATE orders");
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.masks()).isEmpty();
    }

    @Test
    void identitiesWithoutMaskingRulesAreAllowedUnmasked() {
        Decision decision = decide(ALICE, "SELECT * FROM customers");
        assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
        assertThat(decision.masks()).isEmpty();
    }

    @Test
    void aMaskingRuleOnSubjectsMakesTheDecisionUncacheable() {
        PolicyBundle bySubject = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", """
                rules:
                  - id: read
                    match: {classes: [read]}
                    effect: ALLOW
                masking:
                  - id: mask-mallory
                    match: {subjects: [mallory]}
                    detectors: {email: redact}
                """)), "test");
        Decision unmasked = PolicyEngine.decide(bySubject, query(BOB, "demo", "SELECT 1"));
        assertThat(unmasked.effect()).isEqualTo(Effect.ALLOW);
        assertThat(unmasked.cacheScope()).isEqualTo(CacheScope.NONE);
    }

    @Test
    void explainListsEveryMaskingRuleAndWhyItMatched() {
        PolicyExplainer.Explanation explanation = PolicyExplainer.explain(bundle, query(BOB, "demo", "SELECT 1"));
        assertThat(explanation.masking()).extracting(PolicyExplainer.RuleTrace::ruleId).containsExactly("pii-for-analysts", "contractors-see-less");
        assertThat(explanation.masking().get(0).matched()).isTrue();
        assertThat(explanation.masking().get(1).why()).isEqualTo("groups: identity is in none of [contractors]");
        assertThat(explanation.statements().getFirst().rules()).filteredOn(r -> r.ruleId().equals("analysts-write-with-approval"))
                .singleElement().satisfies(r -> assertThat(r.why()).isEqualTo("classes: statement is read"));
    }
}
