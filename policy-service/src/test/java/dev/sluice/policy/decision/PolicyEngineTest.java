package dev.sluice.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.bundle.PolicyBundleLoader.BundleFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision matrix of the demo bundle, and the engine's combination rules. */
class PolicyEngineTest {

    private static final Identity ALICE = new Identity("alice", List.of("dba"), IdentityKind.HUMAN);
    private static final Identity BOB = new Identity("bob", List.of("analysts"), IdentityKind.HUMAN);
    private static final Identity CI_BOT = new Identity("ci-bot", List.of("agents"), IdentityKind.SERVICE);
    private static final Identity CAROL = new Identity("carol", List.of("auditors"), IdentityKind.HUMAN);
    private static final Identity NOBODY = new Identity("mallory", List.of(), IdentityKind.HUMAN);

    private final PolicyBundle demo = PolicyBundleLoader.load(null);
    private final PolicyEngine engine = new PolicyEngine(new ActivePolicy(demo));

    private static DecisionRequest query(Identity who, String sql) {
        return request(who, "demo", new Command(CommandType.QUERY, sql, null));
    }

    private static DecisionRequest request(Identity who, String connection, Command command) {
        return new DecisionRequest("s-1", who, new ConnectionRef(connection, "postgres", null), command, "127.0.0.1");
    }

    private static DecisionRequest connect(Identity who, String connection) {
        return request(who, connection, new Command(CommandType.CONNECT, "", null));
    }

    @Test
    void allowsSelectForAnalysts() {
        Decision decision = engine.decide(query(BOB, "SELECT * FROM customers WHERE id = 1"));
        // Allowed, with the demo bundle's masking for analysts (40-masking.yaml).
        assertThat(decision.effect()).isEqualTo(Effect.MASK);
        assertThat(decision.ruleId()).isEqualTo("readers-read");
        assertThat(decision.policyVersion()).isEqualTo(demo.version());
        // analysts are masked: the masked-column analysis can depend on a string constant, never on a number
        assertThat(decision.cacheScope()).isEqualTo(CacheScope.NORMALIZED);
        assertThat(engine.decide(query(BOB, "SELECT * FROM customers WHERE full_name = 'Ada'")).cacheScope())
                .isEqualTo(CacheScope.EXACT);
    }

    @Test
    void deniesDropTableForAnalysts() {
        Decision decision = engine.decide(query(BOB, "DROP TABLE customers"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo(PolicyEngine.DEFAULT_DENY);
        assertThat(decision.reason()).startsWith("DROP TABLE denied");
    }

    @Test
    void deniesAMultiStatementQueryAsAWholeWhenOneStatementIsDenied() {
        Decision decision = engine.decide(query(BOB, "SELECT 1; DROP TABLE customers"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.reason()).startsWith("statement 2 (DROP TABLE) denied");
    }

    @Test
    void holdsDropTableForDbasOnDemoUntilAnApproverAgrees() {
        Decision decision = engine.decide(query(ALICE, "DROP TABLE customers"));
        assertThat(decision.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(decision.ruleId()).isEqualTo("dba-ddl-needs-approval");
        assertThat(decision.approval().reviewers()).containsExactly("approvers");
        assertThat(decision.approval().minApprovals()).isEqualTo(1);
        assertThat(decision.approval().timeout()).isEqualTo(java.time.Duration.ofMinutes(10));
        Decision elsewhere = engine.decide(request(ALICE, "prod", new Command(CommandType.QUERY, "DROP TABLE customers", null)));
        assertThat(elsewhere.effect()).isEqualTo(Effect.ALLOW);
        assertThat(elsewhere.ruleId()).isEqualTo("dba-full-access");
    }

    @Test
    void deniesDeleteWithoutWhereEvenForDbas() {
        Decision decision = engine.decide(query(ALICE, "DELETE FROM orders"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo("no-unbounded-writes");
        assertThat(decision.reason()).isEqualTo("DELETE denied: DELETE/UPDATE without WHERE is not allowed; add a WHERE clause");
        assertThat(engine.decide(query(ALICE, "DELETE FROM orders WHERE id = 7")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(engine.decide(query(ALICE, "WITH d AS (UPDATE orders SET total = 0 RETURNING *) SELECT * FROM d")).effect())
                .isEqualTo(Effect.DENY);
        assertThat(engine.decide(query(ALICE, "EXPLAIN ANALYZE DELETE FROM orders")).effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void allowsSelectForServiceAgents() {
        assertThat(engine.decide(query(CI_BOT, "select count(*) from orders")).effect()).isEqualTo(Effect.MASK);
        assertThat(engine.decide(query(CI_BOT, "INSERT INTO orders VALUES (1)")).effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void deniesUnknownGarbageForEveryone() {
        Decision decision = engine.decide(query(ALICE, "gibberish ' unterminated"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo(PolicyEngine.UNKNOWN_STATEMENT);
        assertThat(decision.cacheScope()).isEqualTo(CacheScope.NONE);
    }

    @Test
    void deniesDangerousReadsForAnalysts() {
        Decision decision = engine.decide(query(BOB, "SELECT pg_read_file('/etc/passwd')"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo("no-server-escape-for-readers");
        assertThat(engine.decide(query(ALICE, "SELECT pg_read_file('/etc/passwd')")).cacheScope()).isEqualTo(CacheScope.EXACT);
    }

    @Test
    void allowsTransactionControlShowAndHarmlessSettingsForAnalysts() {
        assertThat(engine.decide(query(BOB, "BEGIN; SELECT 1; COMMIT")).effect()).isEqualTo(Effect.MASK);
        assertThat(engine.decide(query(BOB, "SHOW search_path")).effect()).isEqualTo(Effect.MASK);
        assertThat(engine.decide(query(BOB, "SET application_name = 'PostgreSQL JDBC Driver'")).effect())
                .isEqualTo(Effect.MASK);
        assertThat(engine.decide(query(BOB, "SET work_mem = '1MB'")).effect()).isEqualTo(Effect.MASK);
    }

    @Test
    void deniesSettingsThatChangeWhatLaterStatementsDoForAnalysts() {
        for (String sql : new String[] {"SET ROLE postgres", "SET search_path = evil, public",
                "SET standard_conforming_strings = off", "SET session_replication_role = replica",
                "SET SESSION AUTHORIZATION postgres"}) {
            assertThat(engine.decide(query(BOB, sql)).effect()).as(sql).isEqualTo(Effect.DENY);
        }
    }

    @Test
    void allowsEmptyQueries() {
        Decision decision = engine.decide(query(NOBODY, " -- nothing\n ; /* */"));
        assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
        assertThat(decision.ruleId()).isEqualTo(PolicyEngine.EMPTY_STATEMENT);
    }

    @Test
    void everyoneConnectsToDemoOnlyAndDbasEverywhere() {
        assertThat(engine.decide(connect(BOB, "demo")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(engine.decide(connect(NOBODY, "demo")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(engine.decide(connect(BOB, "prod")).effect()).isEqualTo(Effect.DENY);
        assertThat(engine.decide(connect(ALICE, "prod")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(engine.decide(connect(ALICE, "prod")).cacheScope()).isEqualTo(CacheScope.NONE);
    }

    @Test
    void auditorsConnectButDoNotQuery() {
        assertThat(engine.decide(connect(CAROL, "demo")).effect()).isEqualTo(Effect.ALLOW);
        Decision decision = engine.decide(query(CAROL, "SELECT 1"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo("auditors-connect-only");
    }

    @Test
    void cacheScopeFollowsTheStatements() {
        assertThat(engine.decide(query(ALICE, "SELECT 1; UPDATE t SET a = 1 WHERE b = 2")).cacheScope()).isEqualTo(CacheScope.NORMALIZED);
        assertThat(engine.decide(query(ALICE, "SELECT 1; SET search_path = x")).cacheScope()).isEqualTo(CacheScope.EXACT);
        assertThat(engine.decide(query(ALICE, "COPY t TO STDOUT")).cacheScope()).isEqualTo(CacheScope.EXACT);
        assertThat(engine.decide(query(ALICE, "DO $$ BEGIN END $$")).cacheScope()).isEqualTo(CacheScope.EXACT);
    }

    @Test
    void subjectRulesMakeDecisionsUncacheable() {
        PolicyBundle bundle = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", """
                rules:
                  - id: bob-reads
                    match: {subjects: [bob], classes: [read]}
                    effect: ALLOW
                """)), "test");
        PolicyEngine subjectEngine = new PolicyEngine(new ActivePolicy(bundle));
        Decision bob = subjectEngine.decide(query(BOB, "SELECT 1"));
        assertThat(bob.effect()).isEqualTo(Effect.ALLOW);
        assertThat(bob.cacheScope()).isEqualTo(CacheScope.NONE);
        assertThat(subjectEngine.decide(query(ALICE, "SELECT 1")).effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void unknownStatementsNeedAnExplicitAllow() {
        PolicyBundle bundle = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", """
                rules:
                  - id: anything
                    effect: ALLOW
                  - id: unknown-ok
                    match: {classes: [unknown]}
                    effect: ALLOW
                """)), "test");
        Decision decision = new PolicyEngine(new ActivePolicy(bundle)).decide(query(BOB, "frobnicate"));
        assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
        assertThat(decision.ruleId()).isEqualTo("unknown-ok");
    }
}
