package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict} of helm/sluice: chart metadata, template syntax and the default values. */
class ChartLintTest {

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(RepoPaths.chart()).lint().strict().call();

        assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    }
}
