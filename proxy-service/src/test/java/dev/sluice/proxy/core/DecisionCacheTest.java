package dev.sluice.proxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.IdentityKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {

    private static DecisionCache.Key key(String statement) {
        return new DecisionCache.Key("bob", List.of("analysts"), IdentityKind.HUMAN, "demo", statement);
    }

    private static Decision allow(String version, CacheScope scope) {
        return new Decision(Effect.ALLOW, "ok", "r1", version, List.of(), null, scope);
    }

    @Test
    void reusesANormalizedDecisionForOtherLiterals() {
        var cache = new DecisionCache(true, 100);
        cache.useVersion("v1");
        cache.store(key("SELECT 1 FROM t WHERE id = 7"), key("select ? from t where id = ?"),
                allow("v1", CacheScope.NORMALIZED));
        assertThat(cache.lookup(key("SELECT 1 FROM t WHERE id = 8"), key("select ? from t where id = ?")))
                .isNotNull();
    }

    @Test
    void keepsExactDecisionsToTheExactText() {
        var cache = new DecisionCache(true, 100);
        cache.useVersion("v1");
        cache.store(key("SET search_path = a"), key("set search_path = ?"), allow("v1", CacheScope.EXACT));
        assertThat(cache.lookup(key("SET search_path = a"), null)).isNotNull();
        assertThat(cache.lookup(key("SET search_path = b"), key("set search_path = ?"))).isNull();
    }

    @Test
    void forgetsEverythingWhenThePolicyVersionChangesOrPolicyIsUnreachable() {
        var cache = new DecisionCache(true, 100);
        cache.useVersion("v1");
        cache.store(key("SELECT 1"), key("select ?"), allow("v1", CacheScope.NORMALIZED));
        cache.useVersion("v2");
        assertThat(cache.lookup(key("SELECT 1"), key("select ?"))).isNull();
        cache.store(key("SELECT 1"), key("select ?"), allow("v2", CacheScope.NORMALIZED));
        cache.invalidate();
        assertThat(cache.lookup(key("SELECT 1"), key("select ?"))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void neverStoresDecisionsOfAnotherVersionOrUncacheableOnes() {
        var cache = new DecisionCache(true, 100);
        cache.useVersion("v2");
        cache.store(key("SELECT 1"), key("select ?"), allow("v1", CacheScope.NORMALIZED));
        cache.store(key("SELECT 2"), key("select ?"), allow("v2", CacheScope.NONE));
        assertThat(cache.size()).isZero();
    }
}
