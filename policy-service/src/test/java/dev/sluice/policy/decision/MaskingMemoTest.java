package dev.sluice.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The masking of a set of matching rules is built once per bundle, and never outlives its bundle. */
class MaskingMemoTest {

    private static Masking maskingOf(PolicyBundle bundle, String subject, String group) {
        DecisionRequest request = new DecisionRequest("s", new Identity(subject, List.of(group), IdentityKind.HUMAN),
                new ConnectionRef("demo", "postgres", Map.of("env", "demo")), new Command(CommandType.QUERY, "SELECT 1", Map.of()), null);
        return Masking.of(bundle, Conditions.Context.of(bundle, request, Instant.now()));
    }

    @Test
    void identitiesMatchingTheSameRulesShareOneMasking() {
        PolicyBundle demo = PolicyBundleLoader.load(null);
        Masking bob = maskingOf(demo, "bob", "analysts");
        assertThat(bob.isEmpty()).isFalse();
        assertThat(bob.analyzer()).isNotNull();
        assertThat(maskingOf(demo, "dana", "analysts")).isSameAs(bob);
        assertThat(maskingOf(demo, "alice", "dba").isEmpty()).isTrue();
    }

    @Test
    void aReloadedBundleGetsItsOwnMasking() {
        Masking before = maskingOf(PolicyBundleLoader.load(null), "bob", "analysts");
        Masking after = maskingOf(PolicyBundleLoader.load(null), "bob", "analysts");
        assertThat(after).isNotSameAs(before);
        assertThat(after.masks()).isEqualTo(before.masks());
        assertThat(after.ruleIds()).isEqualTo(before.ruleIds());
    }
}
