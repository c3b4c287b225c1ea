package dev.sluice.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.sql.Danger;
import dev.sluice.sql.StatementClass;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBundleLoaderTest {

    private static final String GOOD = """
            rules:
              - id: dba-full-access
                description: DBAs may do anything
                match:
                  groups: [dba]
                  subjects: [alice]
                  kinds: [human, service]
                  connections: ["demo*"]
                  commandTypes: [connect, query]
                  classes: [read, write]
                  statementTypes: [delete, "drop  table"]
                  hasWhere: false
                  dangerous: true
                  dangers: [copy_program]
                  functions: [pg_read_file]
                effect: ALLOW
                reason: because
            """;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void loadsEveryYamlFileOfADirectory() throws IOException {
        write("a.yaml", GOOD);
        write("b.yml", "rules:\n  - id: deny-all\n    effect: DENY\n");
        write("notes.txt", "not a policy");
        PolicyBundle bundle = PolicyBundleLoader.load(dir.toString());
        assertThat(bundle.files()).containsExactly("a.yaml", "b.yml");
        assertThat(bundle.rules()).extracting(PolicyRule::id).containsExactly("dba-full-access", "deny-all");
        PolicyRule rule = bundle.rules().getFirst();
        assertThat(rule.effect()).isEqualTo(Effect.ALLOW);
        assertThat(rule.source()).isEqualTo("a.yaml:2");
        RuleMatch match = rule.match();
        assertThat(match.kinds()).containsExactlyInAnyOrder(IdentityKind.HUMAN, IdentityKind.SERVICE);
        assertThat(match.commandTypes()).containsExactlyInAnyOrder(CommandType.CONNECT, CommandType.QUERY);
        assertThat(match.classes()).containsExactlyInAnyOrder(StatementClass.READ, StatementClass.WRITE);
        assertThat(match.statementTypes()).containsExactlyInAnyOrder("DELETE", "DROP TABLE");
        assertThat(match.hasWhere()).isFalse();
        assertThat(match.dangers()).containsExactly(Danger.COPY_PROGRAM);
        assertThat(match.connections().getFirst().matches("demo-eu")).isTrue();
        assertThat(bundle.rules().get(1).match().hasStatementConditions()).isFalse();
    }

    @Test
    void versionIsAContentHashOverNamesAndContents() throws IOException {
        write("a.yaml", GOOD);
        String first = PolicyBundleLoader.load(dir.toString()).version();
        assertThat(first).hasSize(16).matches("[0-9a-f]+");
        assertThat(PolicyBundleLoader.load(dir.toString()).version()).isEqualTo(first);
        write("a.yaml", GOOD.replace("because", "because!"));
        assertThat(PolicyBundleLoader.load(dir.toString()).version()).isNotEqualTo(first);
    }

    @Test
    void reportsYamlSyntaxErrorsWithFileAndLine() throws IOException {
        write("broken.yaml", "rules:\n  - id: x\n    effect: [ALLOW\n");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString()))
                .isInstanceOf(PolicyBundleException.class)
                .hasMessageStartingWith("broken.yaml:4: invalid YAML");
    }

    @Test
    void reportsUnknownKeysWithTheirLine() throws IOException {
        write("typo.yaml", "rules:\n  - id: x\n    match:\n      grups: [dba]\n    effect: ALLOW\n");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString()))
                .hasMessageStartingWith("typo.yaml:4: unknown key 'grups'");
    }

    @Test
    void rejectsInvalidValues() throws IOException {
        write("a.yaml", "rules:\n  - id: x\n    effect: PERMIT\n");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString())).hasMessageStartingWith("a.yaml:3: effect must be ALLOW, DENY or REQUIRE_APPROVAL");
        write("a.yaml", "rules:\n  - id: x\n    match:\n      classes: [read, everything]\n    effect: ALLOW\n");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString())).hasMessageStartingWith("a.yaml:4: invalid value(s) in 'classes': [everything]");
        write("a.yaml", "rules:\n  - id: x\n    match:\n      groups: []\n    effect: ALLOW\n");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString())).hasMessageContaining("must not be empty");
        write("a.yaml", "rules:\n  - id: x\n    match:\n      hasWhere: maybe\n    effect: ALLOW\n");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString())).hasMessageStartingWith("a.yaml:4: 'hasWhere' must be true or false");
        write("a.yaml", "rules:\n  - description: no id\n    effect: ALLOW\n");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString())).hasMessageStartingWith("a.yaml:2: rule without 'id'");
    }

    @Test
    void rejectsDuplicateRuleIdsAcrossFiles() throws IOException {
        write("a.yaml", "rules:\n  - id: same\n    effect: ALLOW\n");
        write("b.yaml", "# second\nrules:\n  - id: same\n    effect: DENY\n");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString()))
                .hasMessage("b.yaml:3: duplicate rule id 'same' (first at a.yaml:2)");
    }

    @Test
    void rejectsAMissingOrEmptyDirectory() {
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.resolve("absent").toString())).hasMessageContaining("not found");
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString())).hasMessageContaining("no *.yaml");
    }

    @Test
    void loadsTheDemoBundleWhenNoPathIsSet() {
        PolicyBundle demo = PolicyBundleLoader.load(null);
        assertThat(demo.files()).contains("10-dba.yaml");
        assertThat(demo.rules()).extracting(PolicyRule::id).contains("dba-full-access", "no-unbounded-writes");
    }

    @Test
    void globsMatchWholeNames() {
        assertThat(new Glob("demo").matches("demo")).isTrue();
        assertThat(new Glob("demo").matches("demo2")).isFalse();
        assertThat(new Glob("*").matches("anything")).isTrue();
        assertThat(new Glob("prod-*-db").matches("prod-eu-db")).isTrue();
        assertThat(new Glob("prod-*-db").matches("prod-db")).isFalse();
        assertThat(new Glob("a*a").matches("a")).isFalse();
    }

    private void rejects(String yaml, String message) throws IOException {
        write("a.yaml", yaml);
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString())).isInstanceOf(PolicyBundleException.class).hasMessage(message);
    }

    @Test
    void readsApprovalSpecsOfRequireApprovalRules() throws IOException {
        write("a.yaml", "rules:\n  - id: x\n    effect: REQUIRE_APPROVAL\n    approval: {reviewers: [dba, sec], minApprovals: 2, timeout: 90s}\n");
        PolicyRule rule = PolicyBundleLoader.load(dir.toString()).rules().getFirst();
        assertThat(rule.approval()).isEqualTo(new ApprovalSpec(List.of("dba", "sec"), 2, Duration.ofSeconds(90)));
    }

    @Test
    void rejectsBadApprovalSpecsWithTheirLine() throws IOException {
        rejects("rules:\n  - id: x\n    effect: REQUIRE_APPROVAL\n",
                "a.yaml:2: REQUIRE_APPROVAL rule 'x' needs 'approval: {reviewers: [group], minApprovals: 1, timeout: 15m}'");
        rejects("rules:\n  - id: x\n    effect: ALLOW\n    approval: {reviewers: [dba]}\n", "a.yaml:4: 'approval' belongs to REQUIRE_APPROVAL rules only");
        rejects("rules:\n  - id: x\n    effect: REQUIRE_APPROVAL\n    approval:\n      minApprovals: 1\n",
                "a.yaml:5: 'approval' needs 'reviewers' (the groups whose members may approve)");
        rejects("rules:\n  - id: x\n    effect: REQUIRE_APPROVAL\n    approval:\n      reviewers: [dba]\n      minApprovals: 0\n",
                "a.yaml:6: 'minApprovals' must be a whole number from 1 to 10, not '0'");
        rejects("rules:\n  - id: x\n    effect: REQUIRE_APPROVAL\n    approval:\n      reviewers: [dba]\n      timeout: 10 minutes\n",
                "a.yaml:6: 'timeout' must be a positive duration such as 90s, 10m or 2h, not '10 minutes'");
        rejects("rules:\n  - id: x\n    effect: REQUIRE_APPROVAL\n    approval:\n      reviewers: [dba]\n      timeout: 25h\n",
                "a.yaml:6: 'timeout' must be at most 24h");
        rejects("rules:\n  - id: x\n    effect: MASK\n",
                "a.yaml:3: effect must be ALLOW, DENY or REQUIRE_APPROVAL, not 'MASK' (masking is configured in the bundle's 'masking:' list)");
    }

    @Test
    void readsMaskingRules() throws IOException {
        write("a.yaml", """
                masking:
                  - id: pii
                    match: {groups: [analysts], connections: [demo]}
                    columns: {Public.Customers.SSN: "partial:4", public.customers.email: "null"}
                    detectors: {card: redact, iban: format}
                    custom:
                      - {name: emp, pattern: "EMP-[0-9]+", strategy: hash}
                """);
        MaskingRule rule = PolicyBundleLoader.load(dir.toString()).masking().getFirst();
        assertThat(rule.source()).isEqualTo("a.yaml:2");
        assertThat(rule.match().groups()).containsExactly("analysts");
        assertThat(rule.masks()).containsExactly(
                new MaskSpec("public.customers.ssn", null, "partial:4"),
                new MaskSpec("public.customers.email", null, "null"),
                new MaskSpec(null, "card", "redact"),
                new MaskSpec(null, "iban", "format"),
                new MaskSpec(null, "custom:emp", "hash", "EMP-[0-9]+"));
    }

    @Test
    void rejectsBadMaskingRulesWithTheirLine() throws IOException {
        rejects("masking:\n  - id: m\n    columns: {public.customers.ssn: blur}\n",
                "a.yaml:3: unknown masking strategy 'blur' (redact, partial:N with N from 1 to 32, hash, null, format)");
        rejects("masking:\n  - id: m\n    columns:\n      public.customers.ssn: partial:0\n",
                "a.yaml:4: unknown masking strategy 'partial:0' (redact, partial:N with N from 1 to 32, hash, null, format)");
        rejects("masking:\n  - id: m\n    columns:\n      customers.ssn: redact\n",
                "a.yaml:4: column 'customers.ssn' must be written schema.table.column, e.g. public.customers.ssn");
        rejects("masking:\n  - id: m\n    detectors:\n      creditcard: redact\n",
                "a.yaml:4: unknown detector 'creditcard' (built in: aws-key, card, email, github-token, gitlab-token, iban, jwt, phone,"
                        + " private-key, ssn; write your own under 'custom:')");
        rejects("masking:\n  - id: m\n    custom:\n      - name: x\n        pattern: \"[a-\"\n        strategy: redact\n",
                "a.yaml:5: custom detector pattern is not a valid Java regular expression: Illegal character range near index 3");
        rejects("masking:\n  - id: m\n    custom:\n      - name: x\n        pattern: \"a*\"\n        strategy: redact\n",
                "a.yaml:5: custom detector pattern 'a*' matches the empty string");
        rejects("masking:\n  - id: m\n    match: {classes: [read]}\n    detectors: {card: redact}\n",
                "a.yaml:3: unknown key 'classes' (allowed: connectionTags, connections, groups, kinds, protocols, subjects, time)");
        rejects("masking:\n  - id: m\n    match: {groups: [a]}\n", "a.yaml:2: masking rule 'm' masks nothing: give 'columns', 'detectors' and/or 'custom'");
        rejects("rules:\n  - id: m\n    effect: ALLOW\nmasking:\n  - id: m\n    detectors: {card: redact}\n",
                "a.yaml:5: duplicate rule id 'm' (first at a.yaml:2)");
        rejects("masking:\n  - id: m1\n    custom: [{name: x, pattern: a, strategy: redact}]\n  - id: m2\n    custom: [{name: x, pattern: b, strategy: redact}]\n",
                "a.yaml:4: custom detector 'x' has a different pattern at a.yaml:2; give it another name");
    }

    @Test
    void testCasesMayExpectEveryEffectAndARule() throws IOException {
        write("a.yaml", "tests:\n  - {name: n, identity: {subject: s}, connection: c, command: SELECT 1, expect: MASK, rule: r}\n");
        PolicyTestCase test = PolicyBundleLoader.load(dir.toString()).tests().getFirst();
        assertThat(test.expect()).isEqualTo(Effect.MASK);
        assertThat(test.rule()).isEqualTo("r");
    }
}
