package dev.sluice.policy.grants;

import dev.sluice.policy.bundle.ActivePolicy;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The policy version proxies see: the bundle's content hash, plus {@code +grants-<digest>} while JIT access grants
 * are in force. Proxies key their decision caches by it, so any change of the grant set (a grant approved,
 * revoked or expired) changes the version and empties every proxy's cache, exactly like a bundle reload.
 */
public final class EffectiveVersion {
    private final ActivePolicy policy;
    private final GrantBook grants;
    private final Clock clock;

    public EffectiveVersion(ActivePolicy policy, GrantBook grants, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The version of {@code bundleVersion} with the grant set of digest {@code grantDigest}. */
    public static String of(String bundleVersion, String grantDigest) {
        return grantDigest.isEmpty() ? bundleVersion : bundleVersion + "+grants-" + grantDigest;
    }

    /** The version in force now. */
    public String current() {
        return of(policy.current().version(), grants.snapshot(clock.instant()).digest());
    }

    /**
     * Calls {@code listener} once, as soon as the version differs from {@code known} (at once if it already does).
     *
     * @return cancels the wait
     */
    public Runnable onChange(String known, Consumer<String> listener) {
        AtomicBoolean told = new AtomicBoolean();
        Runnable check = () -> {
            String now = current();
            if (!now.equals(known) && told.compareAndSet(false, true)) {
                listener.accept(now);
            }
        };
        Runnable bundleWait = policy.onVersionChange(policy.current().version(), ignored -> check.run());
        Runnable grantWait = grants.subscribe(check);
        check.run();
        return () -> {
            bundleWait.run();
            grantWait.run();
        };
    }
}
