package dev.sluice.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ActivePolicyTest {

    private static PolicyBundle bundle(String version) {
        return new PolicyBundle(version, List.of(), List.of());
    }

    @Test
    void notifiesWaitersOnceWhenTheVersionChanges() {
        ActivePolicy policy = new ActivePolicy(bundle("v1"));
        AtomicReference<String> seen = new AtomicReference<>();
        policy.onVersionChange("v1", b -> seen.set(b.version()));
        policy.replace(bundle("v1"));
        assertThat(seen.get()).isNull();
        policy.replace(bundle("v2"));
        assertThat(seen.get()).isEqualTo("v2");
        assertThat(policy.waiterCount()).isZero();
    }

    @Test
    void answersAtOnceWhenTheKnownVersionIsStale() {
        ActivePolicy policy = new ActivePolicy(bundle("v2"));
        AtomicReference<String> seen = new AtomicReference<>();
        policy.onVersionChange("v1", b -> seen.set(b.version()));
        assertThat(seen.get()).isEqualTo("v2");
    }

    @Test
    void cancelledWaitersAreForgotten() {
        ActivePolicy policy = new ActivePolicy(bundle("v1"));
        Runnable cancel = policy.onVersionChange("v1", b -> { });
        assertThat(policy.waiterCount()).isEqualTo(1);
        cancel.run();
        assertThat(policy.waiterCount()).isZero();
    }
}
