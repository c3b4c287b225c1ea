package dev.sluice.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.policy.bundle.PolicyBundleLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTestRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return PolicyTestRunner.cli(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyDemoBundleCasePasses() {
        List<PolicyTestRunner.CaseResult> results = PolicyTestRunner.run(PolicyBundleLoader.load(null));
        assertThat(results).isNotEmpty();
        assertThat(results).allSatisfy(result -> assertThat(result.passed())
                .as("%s: got %s by %s", result.testCase().name(), result.decision().effect(), result.decision().ruleId()).isTrue());
    }

    @Test
    void printsALinePerCaseAndASummaryAndFailsOnAWrongExpectation() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - id: readers
                    match: {groups: [analysts], classes: [read]}
                    effect: ALLOW
                tests:
                  - name: bob reads
                    identity: {subject: bob, groups: [analysts]}
                    connection: demo
                    command: SELECT 1
                    expect: ALLOW
                  - name: bob drops (wrongly expected)
                    identity: {subject: bob, groups: [analysts]}
                    connection: demo
                    command: DROP TABLE t
                    expect: ALLOW
                  - name: bob cannot connect
                    identity: {subject: bob, groups: [analysts]}
                    connection: demo
                    command: connect
                    expect: DENY
                """);
        assertThat(cli("test", dir.toString())).isEqualTo(PolicyTestRunner.FAILED);
        assertThat(output()).contains("PASS bob reads", "PASS bob cannot connect")
                .contains("FAIL bob drops (wrongly expected) (rules.yaml:11): expected ALLOW, got DENY by default-deny")
                .contains("2 passed, 1 failed");
    }

    @Test
    void passesWhenEveryCasePasses() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "rules:\n  - id: none\n    effect: DENY\n");
        Files.writeString(dir.resolve("b.yml"), "tests:\n  - name: denied\n    identity: {subject: x}\n    connection: c\n    command: SELECT 1\n    expect: DENY\n");
        assertThat(cli("test", dir.toString())).isEqualTo(PolicyTestRunner.PASSED);
        assertThat(output()).contains("PASS denied").endsWith("1 passed, 0 failed" + System.lineSeparator());
    }

    @Test
    void anInvalidBundleFailsWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "tests:\n  - name: x\n    identity: {subject: x, kind: robot}\n    connection: c\n    command: connect\n    expect: DENY\n");
        assertThat(cli("test", dir.toString())).isEqualTo(PolicyTestRunner.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.yaml:3: kind must be human or service");
    }

    @Test
    void wrongArgumentsPrintUsage() {
        assertThat(cli("test")).isEqualTo(PolicyTestRunner.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
