package dev.sluice.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bypass suite at engine level (the same statements go through the real proxy in standalone's
 * {@code PolicyBypassSuiteTest}): every attempt to smuggle a write, DDL or escape past the demo policy as
 * bob (analysts) is denied, quickly and without a stack overflow. Documented in docs/policy.md, "Bypass suite".
 */
class PolicyBypassEngineTest {

    private static final Identity BOB = new Identity("bob", List.of("analysts"), IdentityKind.HUMAN);
    private final PolicyEngine engine = new PolicyEngine(new ActivePolicy(PolicyBundleLoader.load(null)));

    /** Name and statement of every bypass attempt. */
    static Stream<Arguments> bypasses() {
        String deep = "(".repeat(10_000) + "1" + ")".repeat(10_000);
        return Stream.of(
                Arguments.of("stacked statements", "SELECT 1; DROP TABLE customers"),
                Arguments.of("semicolon inside a block comment", "SELECT 1 /* ; */; DROP TABLE customers"),
                Arguments.of("nested block comments", "/* outer /* inner */ still comment */ DROP TABLE customers"),
                Arguments.of("line comment ended by carriage return", "SELECT 1; -- harmless\rDROP TABLE customers"),
                Arguments.of("dollar-quoted body", "SELECT $$ ; $$; DROP TABLE customers"),
                Arguments.of("tagged dollar quote holding $$", "SELECT $a$ $$; DROP $a$; DROP TABLE customers"),
                Arguments.of("unicode-escaped string", "SELECT U&'\\0044ROP'; DROP TABLE customers"),
                Arguments.of("unicode-escaped function name", "SELECT U&\"pg_read_fil\\0065\"('/etc/passwd')"),
                Arguments.of("unicode escape with UESCAPE", "SELECT U&\"pg_read_fil!0065\" UESCAPE '!'('/etc/passwd')"),
                Arguments.of("dynamic SQL in DO", "DO $$ BEGIN EXECUTE 'DR'||'OP TABLE customers'; END $$"),
                Arguments.of("prepared delete", "PREPARE p AS DELETE FROM orders; EXECUTE p"),
                Arguments.of("execute alone", "EXECUTE p"),
                Arguments.of("search_path", "SET search_path = evil, public"),
                Arguments.of("search_path via set_config", "SELECT set_config('search_path', 'evil', false)"),
                Arguments.of("role", "SET ROLE postgres"),
                Arguments.of("session authorization", "SET SESSION AUTHORIZATION postgres"),
                Arguments.of("copy to program", "COPY customers TO PROGRAM 'cat > /tmp/x'"),
                Arguments.of("copy from program", "COPY (SELECT 1) TO PROGRAM 'id'"),
                Arguments.of("server file", "SELECT pg_read_file('/etc/passwd')"),
                Arguments.of("server file, quoted and qualified", "SELECT \"pg_catalog\".\"pg_read_file\"('/etc/passwd')"),
                Arguments.of("form feed as whitespace", "SELECT 1;\fDROP\fTABLE customers"),
                Arguments.of("vertical tab as whitespace", "SELECT 1;\u000bDROP\u000bTABLE customers"),
                Arguments.of("NUL byte", "SELECT 1;\u0000DROP TABLE customers"),
                Arguments.of("one megabyte statement", "SELECT '" + "x".repeat(1 << 20) + "'; DROP TABLE customers"),
                Arguments.of("10,000 nested parentheses", "SELECT " + deep + "; DROP TABLE customers"),
                Arguments.of("string syntax switch", "SET standard_conforming_strings = off"),
                Arguments.of("backslash ends no standard string", "SELECT '\\'; DROP TABLE customers; --'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bypasses")
    void deniesEveryBypassAttemptForBob(String name, String sql) {
        Decision decision = engine.decide(new DecisionRequest("s", BOB, new ConnectionRef("demo", "postgres", Map.of()),
                new Command(CommandType.QUERY, sql, Map.of()), "127.0.0.1"));
        assertThat(decision.effect()).as(name + ": " + decision.ruleId() + " " + decision.reason()).isEqualTo(Effect.DENY);
    }
}
