package dev.sluice.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.bundle.PolicyBundleLoader.BundleFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules on tables read and written (unknown tables only ever restrict), and masked columns used beyond plain output. */
class TablesAndMaskedColumnsTest {

    private static final Identity BOB = new Identity("bob", List.of("analysts"), IdentityKind.HUMAN);
    private static final Identity ALICE = new Identity("alice", List.of("dba"), IdentityKind.HUMAN);

    private static final String TABLES = """
            rules:
              - id: read-public
                match: {classes: [read], tables: ["public.*"]}
                effect: ALLOW
              - id: write-orders
                match: {classes: [write], writesTables: [public.orders]}
                effect: ALLOW
              - id: payroll-needs-approval
                match: {tables: ["*.payroll"]}
                effect: REQUIRE_APPROVAL
                approval: {reviewers: [hr]}
              - id: no-audit-writes
                match: {writesTables: ["audit.*"]}
                effect: DENY
                reason: the audit schema is append-only through the application
              - id: dynamic-needs-approval
                match: {classes: [dynamic], tables: [public.orders]}
                effect: REQUIRE_APPROVAL
                approval: {reviewers: [dba]}
              - id: dynamic-allowed-on-orders
                match: {classes: [dynamic], tables: [public.orders]}
                effect: ALLOW
            """;

    private final PolicyBundle tables = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", TABLES)), "test");
    private final PolicyBundle demo = PolicyBundleLoader.load(null);

    private static DecisionRequest query(Identity who, String sql) {
        return new DecisionRequest("s-1", who, new ConnectionRef("demo", "postgres", null), new Command(CommandType.QUERY, sql, null), "127.0.0.1");
    }

    @Test
    void rulesMatchTablesReadAndWritten() {
        assertThat(PolicyEngine.decide(tables, query(BOB, "SELECT * FROM customers")).ruleId()).isEqualTo("read-public");
        assertThat(PolicyEngine.decide(tables, query(BOB, "SELECT * FROM sales.customers")).ruleId()).isEqualTo(PolicyEngine.DEFAULT_DENY);
        assertThat(PolicyEngine.decide(tables, query(BOB, "INSERT INTO orders (id) VALUES (1)")).ruleId()).isEqualTo("write-orders");
        assertThat(PolicyEngine.decide(tables, query(BOB, "INSERT INTO customers (id) VALUES (1)")).ruleId()).isEqualTo(PolicyEngine.DEFAULT_DENY);
        assertThat(PolicyEngine.decide(tables, query(BOB, "SELECT o.id FROM orders o JOIN hr.payroll p ON p.id = o.id")).ruleId())
                .isEqualTo("payroll-needs-approval");
        Decision audit = PolicyEngine.decide(tables, query(BOB, "WITH x AS (INSERT INTO audit.log VALUES (1) RETURNING 1) SELECT * FROM x"));
        assertThat(audit.effect()).isEqualTo(Effect.DENY);
        assertThat(audit.ruleId()).isEqualTo("no-audit-writes");
    }

    @Test
    void unknownTablesSatisfyRestrictingRulesButNeverAllowingOnes() {
        Decision decision = PolicyEngine.decide(tables, query(BOB, "DO $$ BEGIN DELETE FROM orders; END $$"));
        assertThat(decision.effect()).as("the DO body is opaque: it could write the audit schema").isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo("no-audit-writes");
        PolicyBundle approvalOrAllow = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", """
                rules:
                  - id: dynamic-orders
                    match: {classes: [dynamic], tables: [public.orders]}
                    effect: ALLOW
                  - id: payroll-needs-approval
                    match: {tables: ["*.payroll"]}
                    effect: REQUIRE_APPROVAL
                    approval: {reviewers: [hr]}
                """)), "test");
        Decision held = PolicyEngine.decide(approvalOrAllow, query(BOB, "DO $$ BEGIN DELETE FROM orders; END $$"));
        assertThat(held.effect()).as("it could read payroll").isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(held.ruleId()).isEqualTo("payroll-needs-approval");
        PolicyBundle allowOnly = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml",
                "rules:\n  - id: dynamic-orders\n    match: {classes: [dynamic], tables: [public.orders]}\n    effect: ALLOW\n")), "test");
        assertThat(PolicyEngine.decide(allowOnly, query(BOB, "DO $$ BEGIN DELETE FROM orders; END $$")).ruleId())
                .isEqualTo(PolicyEngine.DEFAULT_DENY);
        PolicyBundle denyAudit = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", """
                rules:
                  - id: all
                    effect: ALLOW
                  - id: no-audit-writes
                    match: {writesTables: ["audit.*"]}
                    effect: DENY
                """)), "test");
        assertThat(PolicyEngine.decide(denyAudit, query(ALICE, "EXECUTE stmt")).ruleId()).isEqualTo("no-audit-writes");
        assertThat(PolicyEngine.decide(denyAudit, query(ALICE, "SELECT 1")).ruleId()).isEqualTo("all");
    }

    @Test
    void tablePatternsNeedASchema() {
        assertThatThrownBy(() -> PolicyBundleLoader.load(List.of(new BundleFile("a.yaml",
                "rules:\n  - id: r\n    match:\n      tables: [customers]\n    effect: ALLOW\n")), "test"))
                .hasMessage("a.yaml:4: invalid value(s) in 'tables': [customers]");
    }

    @Test
    void explainShowsTheTableFactsAndWhyATableConditionFailed() {
        PolicyExplainer.Explanation explanation = PolicyExplainer.explain(tables, query(BOB, "SELECT * FROM sales.customers"));
        PolicyExplainer.StatementTrace trace = explanation.statements().getFirst();
        assertThat(trace.tablesKnown()).isTrue();
        assertThat(trace.tablesRead()).containsExactly("sales.customers");
        assertThat(trace.rules().getFirst().why()).isEqualTo("tables: statement uses none of them [sales.customers]");
        PolicyExplainer.Explanation opaque = PolicyExplainer.explain(tables, query(BOB, "DO $$ BEGIN NULL; END $$"));
        assertThat(opaque.statements().getFirst().rules()).filteredOn(r -> r.ruleId().equals("dynamic-allowed-on-orders"))
                .singleElement().satisfies(r -> assertThat(r.why()).isEqualTo(
                        "tables: the statement's tables are unknown, which never satisfies an ALLOW rule"));
    }

    @Test
    void plainOutputOfMaskedColumnsIsMasked() {
        Decision decision = PolicyEngine.decide(demo, query(BOB, "SELECT full_name, ssn, card_number FROM customers WHERE id = 5"));
        assertThat(decision.effect()).isEqualTo(Effect.MASK);
        assertThat(decision.cacheScope()).as("numbers never change the masked-column verdict")
                .isEqualTo(CacheScope.NORMALIZED);
    }

    @Test
    void aMaskedReadWithAStringConstantIsReusedOnlyForItsExactText() {
        // A string can carry SQL or a table name into a function, so the verdict may depend on its value.
        Decision decision = PolicyEngine.decide(demo, query(BOB, "SELECT full_name FROM customers WHERE email = 'a@b.c'"));
        assertThat(decision.effect()).isEqualTo(Effect.MASK);
        assertThat(decision.cacheScope()).isEqualTo(CacheScope.EXACT);
        Decision dynamic = PolicyEngine.decide(demo, query(BOB, "SELECT query_to_xml('select ssn from customers', true, false, '')"));
        assertThat(dynamic.effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void maskedColumnsUsedInsideExpressionsAreDeniedNamingTheColumnAndTheUse() {
        for (String sql : List.of("SELECT upper(ssn) FROM customers", "SELECT id FROM customers WHERE ssn LIKE '9%'",
                "SELECT row_to_json(c) FROM customers c", "SELECT string_agg(card_number, ',') FROM customers",
                "WITH t AS (SELECT ssn FROM customers) SELECT * FROM t")) {
            Decision decision = PolicyEngine.decide(demo, query(BOB, sql));
            assertThat(decision.effect()).as(sql).isEqualTo(Effect.DENY);
            assertThat(decision.ruleId()).as(sql).isEqualTo(PolicyEngine.MASKED_COLUMN_USE);
            assertThat(decision.masks()).as(sql).isEmpty();
            assertThat(decision.reason()).as(sql).endsWith("(masked by pii-for-readers)");
        }
        assertThat(PolicyEngine.decide(demo, query(BOB, "SELECT upper(ssn) FROM customers")).reason())
                .startsWith("SELECT denied: masked column ssn is used outside a plain output column");
    }

    @Test
    void aStackedIndirectUseIsDeniedForTheWholeQuery() {
        Decision decision = PolicyEngine.decide(demo, query(BOB, "SELECT ssn FROM customers; SELECT md5(ssn) FROM customers"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.reason()).startsWith("statement 2 (SELECT) denied: ");
    }

    @Test
    void explainShowsTheMaskedColumnAnalysisPerStatement() {
        PolicyExplainer.Explanation explanation = PolicyExplainer.explain(demo, query(BOB, "SELECT ssn FROM customers; SELECT md5(ssn) FROM customers"));
        assertThat(explanation.statements().get(0).maskedColumns()).isEqualTo("SAFE");
        assertThat(explanation.statements().get(1).maskedColumns()).startsWith("INDIRECT: masked column ssn");
        assertThat(PolicyExplainer.explain(demo, query(ALICE, "SELECT md5(ssn) FROM customers")).statements().getFirst().maskedColumns())
                .as("alice has no masked columns").isNull();
    }

    @Test
    void identitiesWithoutMaskingAreNotAnalysed() {
        Decision decision = PolicyEngine.decide(demo, query(ALICE, "SELECT upper(ssn) FROM customers"));
        assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
        assertThat(decision.cacheScope()).isEqualTo(CacheScope.NORMALIZED);
    }

    @Test
    void statementsHeldForApprovalAreAnalysedToo() {
        PolicyBundle approval = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", """
                rules:
                  - id: reads-need-approval
                    match: {classes: [read]}
                    effect: REQUIRE_APPROVAL
                    approval: {reviewers: [dba]}
                masking:
                  - id: ssn
                    columns: {public.customers.ssn: redact}
                """)), "test");
        assertThat(PolicyEngine.decide(approval, query(BOB, "SELECT ssn FROM customers")).effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
        Decision indirect = PolicyEngine.decide(approval, query(BOB, "SELECT lower(ssn) FROM customers"));
        assertThat(indirect.effect()).as("an approval must not unmask a value").isEqualTo(Effect.DENY);
        assertThat(indirect.ruleId()).isEqualTo(PolicyEngine.MASKED_COLUMN_USE);
    }
}
