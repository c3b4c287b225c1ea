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
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleException;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.bundle.PolicyBundleLoader.BundleFile;
import dev.sluice.policy.testing.PolicyTestRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection declarations with tags and protocols, and time windows (never cached). */
class ConnectionsAndTimeTest {

    private static final Identity BOB = new Identity("bob", List.of("analysts"), IdentityKind.HUMAN);

    private static final String BUNDLE = """
            connections:
              demo: {protocol: postgres, tags: {env: dev}}
              billing: {protocol: postgres, tags: {env: prod, team: payments}}
            rules:
              - id: connect
                match: {commandTypes: [connect], protocols: [postgres]}
                effect: ALLOW
              - id: read-anywhere
                match: {commandTypes: [query], classes: [read]}
                effect: ALLOW
              - id: write-outside-prod
                match: {commandTypes: [query], classes: [write], connectionTags: {env: [dev, staging]}}
                effect: ALLOW
              - id: prod-writes-office-hours
                match:
                  commandTypes: [query]
                  classes: [write]
                  connectionTags: {env: prod}
                  time: {days: [MON..FRI], from: "08:00", to: "18:00", zone: Europe/Berlin}
                effect: REQUIRE_APPROVAL
                approval: {reviewers: [dba]}
              - id: no-night-reads-on-payments
                match:
                  connectionTags: {team: payments}
                  time: {from: "22:00", to: "06:00", zone: Europe/Berlin}
                effect: DENY
                reason: payments is closed at night
            tests:
              - name: weekday write on prod needs approval
                identity: {subject: bob, groups: [analysts]}
                connection: billing
                command: INSERT INTO t VALUES (1)
                at: "2026-11-23T09:30:00+01:00"
                expect: REQUIRE_APPROVAL
              - name: weekend write on prod is denied
                identity: {subject: bob, groups: [analysts]}
                connection: billing
                command: INSERT INTO t VALUES (1)
                at: "2026-11-22T09:30:00+01:00"
                expect: DENY
                rule: default-deny
            """;

    private final PolicyBundle bundle = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", BUNDLE)), "test");

    /** Monday 23 November 2026, 09:30 in Berlin (UTC+1). */
    private static final Instant MONDAY_MORNING = OffsetDateTime.of(2026, 11, 23, 9, 30, 0, 0, ZoneOffset.ofHours(1)).toInstant();

    private static DecisionRequest request(String connection, String protocol, Map<String, String> tags, CommandType type, String sql) {
        return new DecisionRequest("s-1", BOB, new ConnectionRef(connection, protocol, tags), new Command(type, sql, null), "127.0.0.1");
    }

    private Decision query(String connection, String sql, Instant at) {
        return PolicyEngine.decide(bundle, request(connection, "postgres", Map.of(), CommandType.QUERY, sql), at);
    }

    @Test
    void theBundlesOwnTimedTestCasesPass() {
        assertThat(PolicyTestRunner.run(bundle)).hasSize(2).allSatisfy(result -> assertThat(result.passed())
                .as("%s: got %s by %s", result.testCase().name(), result.decision().effect(), result.decision().ruleId()).isTrue());
    }

    @Test
    void rulesMatchTheTagsTheBundleDeclares() {
        assertThat(query("demo", "INSERT INTO t VALUES (1)", MONDAY_MORNING).ruleId()).isEqualTo("write-outside-prod");
        assertThat(query("billing", "INSERT INTO t VALUES (1)", MONDAY_MORNING).ruleId()).isEqualTo("prod-writes-office-hours");
    }

    @Test
    void theBundlesTagsOverrideTheProxysAndUndeclaredConnectionsUseTheProxysTags() {
        Decision spoofed = PolicyEngine.decide(bundle, request("billing", "postgres", Map.of("env", "dev"), CommandType.QUERY,
                "INSERT INTO t VALUES (1)"), MONDAY_MORNING);
        assertThat(spoofed.ruleId()).isEqualTo("prod-writes-office-hours");
        Decision undeclared = PolicyEngine.decide(bundle, request("scratch", "postgres", Map.of("env", "staging"), CommandType.QUERY,
                "INSERT INTO t VALUES (1)"), MONDAY_MORNING);
        assertThat(undeclared.ruleId()).isEqualTo("write-outside-prod");
        Decision untagged = PolicyEngine.decide(bundle, request("scratch", "postgres", Map.of(), CommandType.QUERY,
                "INSERT INTO t VALUES (1)"), MONDAY_MORNING);
        assertThat(untagged.ruleId()).as("a connection without the tag matches no tag condition").isEqualTo(PolicyEngine.DEFAULT_DENY);
    }

    @Test
    void aDeclaredConnectionReachedOverAnotherProtocolIsDenied() {
        Decision decision = PolicyEngine.decide(bundle, request("demo", "mysql", Map.of(), CommandType.CONNECT, ""), MONDAY_MORNING);
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo(PolicyEngine.PROTOCOL_MISMATCH);
        assertThat(decision.reason()).isEqualTo("connection demo is declared for protocol postgres, not mysql");
    }

    @Test
    void rulesMatchTheProtocol() {
        assertThat(PolicyEngine.decide(bundle, request("other", "ssh", Map.of(), CommandType.CONNECT, ""), MONDAY_MORNING).effect())
                .isEqualTo(Effect.DENY);
        assertThat(PolicyEngine.decide(bundle, request("other", "postgres", Map.of(), CommandType.CONNECT, ""), MONDAY_MORNING).effect())
                .isEqualTo(Effect.ALLOW);
    }

    @Test
    void timeWindowsFollowTheZoneDaysAndBounds() {
        String write = "INSERT INTO t VALUES (1)";
        assertThat(query("billing", write, berlin(2026, 11, 23, 8, 0)).effect()).as("from is inclusive").isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(query("billing", write, berlin(2026, 11, 23, 7, 59)).effect()).isEqualTo(Effect.DENY);
        assertThat(query("billing", write, berlin(2026, 11, 23, 18, 0)).effect()).as("to is exclusive").isEqualTo(Effect.DENY);
        assertThat(query("billing", write, berlin(2026, 11, 27, 17, 59)).effect()).as("Friday").isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(query("billing", write, berlin(2026, 11, 28, 10, 0)).effect()).as("Saturday").isEqualTo(Effect.DENY);
        // 07:30 UTC is 08:30 in Berlin in winter: inside the window although it is before 08:00 UTC.
        assertThat(query("billing", write, Instant.parse("2026-11-23T07:30:00Z")).effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    }

    @Test
    void aWindowPastMidnightCoversTheNight() {
        String read = "SELECT 1";
        assertThat(query("billing", read, berlin(2026, 11, 23, 23, 0)).ruleId()).isEqualTo("no-night-reads-on-payments");
        assertThat(query("billing", read, berlin(2026, 11, 24, 5, 59)).ruleId()).isEqualTo("no-night-reads-on-payments");
        assertThat(query("billing", read, berlin(2026, 11, 24, 6, 0)).ruleId()).isEqualTo("read-anywhere");
        assertThat(query("demo", read, berlin(2026, 11, 24, 2, 0)).ruleId()).isEqualTo("read-anywhere");
    }

    @Test
    void decisionsThatDependOnTheTimeAreNeverCacheable() {
        assertThat(query("billing", "SELECT 1", berlin(2026, 11, 23, 12, 0)).cacheScope())
                .as("allowed now, but the night rule was consulted").isEqualTo(CacheScope.NONE);
        assertThat(query("billing", "INSERT INTO t VALUES (1)", MONDAY_MORNING).cacheScope()).isEqualTo(CacheScope.NONE);
        assertThat(query("demo", "SELECT 1", MONDAY_MORNING).cacheScope()).as("no time rule applies to demo").isEqualTo(CacheScope.NORMALIZED);
    }

    @Test
    void theEngineReadsTheTimeFromItsClock() {
        PolicyEngine engine = new PolicyEngine(new ActivePolicy(bundle), Clock.fixed(berlin(2026, 11, 23, 23, 30), ZoneOffset.UTC));
        assertThat(engine.decide(request("billing", "postgres", Map.of(), CommandType.QUERY, "SELECT 1")).ruleId())
                .isEqualTo("no-night-reads-on-payments");
    }

    @Test
    void explainSaysWhyATagOrTimeConditionFailed() {
        PolicyExplainer.Explanation explanation = PolicyExplainer.explain(bundle,
                request("demo", "postgres", Map.of(), CommandType.QUERY, "INSERT INTO t VALUES (1)"), berlin(2026, 11, 23, 12, 0));
        assertThat(explanation.statements().getFirst().rules()).filteredOn(r -> r.ruleId().equals("prod-writes-office-hours"))
                .singleElement().satisfies(r -> assertThat(r.why()).isEqualTo("connectionTags: env is 'dev', not one of [prod]"));
        PolicyExplainer.Explanation night = PolicyExplainer.explain(bundle,
                request("billing", "postgres", Map.of(), CommandType.QUERY, "INSERT INTO t VALUES (1)"), berlin(2026, 11, 23, 20, 0));
        assertThat(night.statements().getFirst().rules()).filteredOn(r -> r.ruleId().equals("prod-writes-office-hours"))
                .singleElement().satisfies(r -> assertThat(r.why()).isEqualTo("time: 2026-11-23T20:00 Europe/Berlin is outside the window"));
    }

    @Test
    void rejectsBadConnectionsAndTimeWindowsWithTheirLine() {
        assertRejected("connections:\n  demo: {protocol: telnet}\n",
                "a.yaml:2: unknown protocol 'telnet' (allowed: http, kubernetes, mysql, postgres, ssh)");
        assertRejected("connections:\n  demo: {tags: {env: [a, b]}}\n", "a.yaml:2: 'env' must be a single value");
        assertRejected("rules:\n  - id: r\n    match:\n      time: {days: [MON..FUN]}\n    effect: ALLOW\n",
                "a.yaml:4: 'days' holds MON, TUE, WED, THU, FRI, SAT, SUN or a range such as MON..FRI, not 'MON..FUN'");
        assertRejected("rules:\n  - id: r\n    match:\n      time: {from: \"8:00\", to: \"18:00\"}\n    effect: ALLOW\n",
                "a.yaml:4: 'from' must be a time of day HH:MM (24-hour, quoted), not '8:00'");
        assertRejected("rules:\n  - id: r\n    match:\n      time: {from: \"08:00\"}\n    effect: ALLOW\n",
                "a.yaml:4: 'time' needs both 'from' and 'to' (HH:MM, 24-hour)");
        assertRejected("rules:\n  - id: r\n    match:\n      time: {days: [MON], zone: Mars/Olympus}\n    effect: ALLOW\n",
                "a.yaml:4: unknown time zone 'Mars/Olympus' (e.g. UTC, Europe/Berlin, America/New_York)");
        assertRejected("rules:\n  - id: r\n    match:\n      protocols: [postgresql]\n    effect: ALLOW\n",
                "a.yaml:4: invalid value(s) in 'protocols': [postgresql]");
    }

    @Test
    void rejectsAConnectionDeclaredTwice() {
        assertThatThrownBy(() -> PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", "connections:\n  demo: {}\n"),
                new BundleFile("b.yaml", "connections:\n  demo: {}\n")), "test"))
                .hasMessage("b.yaml:2: connection 'demo' is already declared at a.yaml:2");
    }

    @Test
    void weekdayRangesMayWrapOverTheWeekend() {
        PolicyBundle weekend = PolicyBundleLoader.load(List.of(new BundleFile("a.yaml",
                "rules:\n  - id: r\n    match:\n      time: {days: [FRI..MON]}\n    effect: ALLOW\n")), "test");
        assertThat(PolicyEngine.decide(weekend, request("x", "postgres", Map.of(), CommandType.QUERY, "SELECT 1"), berlin(2026, 11, 22, 12, 0))
                .effect()).as("Sunday").isEqualTo(Effect.ALLOW);
        assertThat(PolicyEngine.decide(weekend, request("x", "postgres", Map.of(), CommandType.QUERY, "SELECT 1"), berlin(2026, 11, 25, 12, 0))
                .effect()).as("Wednesday").isEqualTo(Effect.DENY);
    }

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> PolicyBundleLoader.load(List.of(new BundleFile("a.yaml", yaml)), "test"))
                .isInstanceOf(PolicyBundleException.class).hasMessage(message);
    }

    private static Instant berlin(int year, int month, int day, int hour, int minute) {
        return OffsetDateTime.of(year, month, day, hour, minute, 0, 0, ZoneOffset.ofHours(1)).toInstant();
    }
}
