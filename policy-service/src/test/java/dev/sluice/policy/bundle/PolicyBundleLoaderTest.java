package dev.sluice.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.sql.Danger;
import dev.sluice.sql.StatementClass;
import java.io.IOException;
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
        assertThatThrownBy(() -> PolicyBundleLoader.load(dir.toString())).hasMessageStartingWith("a.yaml:3: effect must be ALLOW or DENY");
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
}
