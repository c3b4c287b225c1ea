package dev.sluice.proxy.core;

import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.identity.IdentityKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reuses decisions that policy-service marked cacheable, keyed by (subject, groups, kind, connection,
 * statement) and bound to one policy version: the whole cache is dropped when the version changes or when
 * policy-service cannot be reached, so a cached ALLOW never outlives the policy that gave it.
 */
public final class DecisionCache {
    private final boolean enabled;
    private final int maxEntries;
    private final Map<Key, Decision> normalized = new ConcurrentHashMap<>();
    private final Map<Key, Decision> exact = new ConcurrentHashMap<>();
    private volatile String version;

    public DecisionCache(boolean enabled, int maxEntries) {
        this.enabled = enabled;
        this.maxEntries = maxEntries;
    }

    /** The key of one statement under one identity shape and connection. */
    public record Key(String subject, List<String> groups, IdentityKind kind, String connection, String statement) {
        public Key {
            Objects.requireNonNull(statement, "statement");
        }
    }

    /** Looks up the exact text first, then its normalized form; null when absent or unusable. */
    public Decision lookup(Key exactKey, Key normalizedKey) {
        if (!enabled || version == null) {
            return null;
        }
        Decision hit = exact.get(exactKey);
        if (hit == null && normalizedKey != null) {
            hit = normalized.get(normalizedKey);
        }
        return hit != null && version.equals(hit.policyVersion()) ? hit : null;
    }

    /** Stores a fresh decision if policy-service marked it cacheable under the current version. */
    public void store(Key exactKey, Key normalizedKey, Decision decision) {
        String current = version;
        if (!enabled || current == null || !current.equals(decision.policyVersion())) {
            return;
        }
        if (exact.size() + normalized.size() >= maxEntries) {
            // A crude bound, but safe: dropping entries only costs extra policy calls.
            exact.clear();
            normalized.clear();
        }
        switch (decision.cacheScope()) {
            case NORMALIZED -> {
                if (normalizedKey != null) {
                    normalized.put(normalizedKey, decision);
                }
            }
            case EXACT -> exact.put(exactKey, decision);
            case NONE -> { }
        }
    }

    /** Switches to a policy version, dropping every decision of another one. */
    public void useVersion(String newVersion) {
        if (!Objects.equals(version, newVersion)) {
            version = null;
            exact.clear();
            normalized.clear();
            version = newVersion;
        }
    }

    /** Forgets everything until a version is known again (policy-service unreachable). */
    public void invalidate() {
        version = null;
        exact.clear();
        normalized.clear();
    }

    /** Number of cached decisions. */
    public int size() {
        return exact.size() + normalized.size();
    }

    /** The version decisions are currently cached for, or null. */
    public String version() {
        return version;
    }

    static boolean cacheable(CacheScope scope) {
        return scope != CacheScope.NONE;
    }
}
