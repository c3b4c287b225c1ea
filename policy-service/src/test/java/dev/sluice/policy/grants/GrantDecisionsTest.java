package dev.sluice.policy.grants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.decision.PolicyEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JIT access grants as group memberships: scoping, expiry, revocation, reasons and the version proxies cache by. */
class GrantDecisionsTest {

    private static final Identity BOB = new Identity("bob", List.of("analysts"), IdentityKind.HUMAN);
    private static final Identity ERIN = new Identity("erin", List.of("analysts"), IdentityKind.HUMAN);
    private static final String UPDATE = "UPDATE orders SET total = total WHERE id = 1";
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final PolicyBundle demo = PolicyBundleLoader.load(null);
    private final MutableClock clock = new MutableClock(T0);
    private final GrantBook book = new GrantBook(clock);
    private final ActivePolicy policy = new ActivePolicy(demo);
    private final PolicyEngine engine = new PolicyEngine(policy, book, clock);
    private final EffectiveVersion version = new EffectiveVersion(policy, book, clock);

    @AfterEach
    void close() {
        book.close();
    }

    private static DecisionRequest query(Identity who, String connection, String sql) {
        return new DecisionRequest("s-1", who, new ConnectionRef(connection, "postgres", null),
                new Command(CommandType.QUERY, sql, null), "127.0.0.1");
    }

    private static ActiveGrant dbaGrant(String id, String subject, String connection, Instant expiresAt) {
        return new ActiveGrant(id, subject, connection, "dba", expiresAt);
    }

    @Test
    void activeGrantTurnsADenialIntoAnAllowAndNamesTheGrant() {
        Decision before = engine.decide(query(BOB, "demo", UPDATE));
        assertThat(before.effect()).isEqualTo(Effect.DENY);
        assertThat(before.policyVersion()).isEqualTo(demo.version());

        book.replace(List.of(dbaGrant("g-1", "bob", "demo", T0.plus(Duration.ofHours(1)))));
        Decision after = engine.decide(query(BOB, "demo", UPDATE));

        // dba-full-access allows it; bob's analysts masking still applies, so it is a MASK
        assertThat(after.effect()).isIn(Effect.ALLOW, Effect.MASK);
        assertThat(after.ruleId()).isEqualTo("dba-full-access");
        assertThat(after.reason()).contains("grant g-1").contains("group dba");
        assertThat(after.cacheScope()).isEqualTo(CacheScope.NONE);
        assertThat(after.policyVersion()).startsWith(demo.version() + "+grants-").isEqualTo(version.current());
    }

    @Test
    void grantAppliesOnlyToItsSubjectAndConnection() {
        book.replace(List.of(dbaGrant("g-1", "bob", "demo", T0.plus(Duration.ofHours(1)))));

        assertThat(engine.decide(query(ERIN, "demo", UPDATE)).effect()).isEqualTo(Effect.DENY);
        Decision elsewhere = engine.decide(query(BOB, "staging", UPDATE));
        assertThat(elsewhere.effect()).isEqualTo(Effect.DENY);
        assertThat(elsewhere.reason()).doesNotContain("g-1");
    }

    @Test
    void decisionTheGrantDoesNotChangeStaysPlainAndCacheable() {
        book.replace(List.of(dbaGrant("g-1", "bob", "demo", T0.plus(Duration.ofHours(1)))));
        Decision read = engine.decide(query(BOB, "demo", "SELECT id FROM orders WHERE id = 1"));
        // dba-full-access would allow it too, but enforcement is the same: the plain decision serves
        Decision plain = PolicyEngine.decide(demo, query(BOB, "demo", "SELECT id FROM orders WHERE id = 1"), T0);
        assertThat(read.ruleId()).isEqualTo("readers-read").isEqualTo(plain.ruleId());
        assertThat(read.cacheScope()).isEqualTo(plain.cacheScope());
        assertThat(read.reason()).doesNotContain("grant");
    }

    @Test
    void grantStopsApplyingAtItsExpiryEvenWithoutNewsFromApprovalService() {
        book.replace(List.of(dbaGrant("g-1", "bob", "demo", T0.plusSeconds(60))));
        clock.set(T0.plusSeconds(59));
        assertThat(engine.decide(query(BOB, "demo", UPDATE)).effect()).isNotEqualTo(Effect.DENY);

        clock.set(T0.plusSeconds(60));
        Decision expired = engine.decide(query(BOB, "demo", UPDATE));
        assertThat(expired.effect()).isEqualTo(Effect.DENY);
        assertThat(expired.policyVersion()).isEqualTo(demo.version());
    }

    @Test
    void revocationRestoresTheDenialAndTheBundleVersion() {
        book.replace(List.of(dbaGrant("g-1", "bob", "demo", T0.plus(Duration.ofHours(1)))));
        String granted = version.current();

        book.replace(List.of());

        assertThat(engine.decide(query(BOB, "demo", UPDATE)).effect()).isEqualTo(Effect.DENY);
        assertThat(version.current()).isEqualTo(demo.version()).isNotEqualTo(granted);
    }

    @Test
    void versionWaitersWakeOnGrantChangesAndOnExpiry() throws Exception {
        Clock real = Clock.systemUTC();
        GrantBook live = new GrantBook(real);
        EffectiveVersion liveVersion = new EffectiveVersion(policy, live, real);
        try {
            CompletableFuture<String> approved = new CompletableFuture<>();
            liveVersion.onChange(demo.version(), approved::complete);
            live.replace(List.of(dbaGrant("g-2", "bob", "demo", real.instant().plusMillis(300))));
            String withGrant = approved.get(5, TimeUnit.SECONDS);
            assertThat(withGrant).startsWith(demo.version() + "+grants-");

            CompletableFuture<String> expired = new CompletableFuture<>();
            liveVersion.onChange(withGrant, expired::complete);
            // nobody replaces the set: the book's own expiry timer must wake the waiter
            assertThat(expired.get(5, TimeUnit.SECONDS)).isEqualTo(demo.version());
        } finally {
            live.close();
        }
    }

    @Test
    void explanationUsesTheGrantedGroups() {
        book.replace(List.of(dbaGrant("g-1", "bob", "demo", T0.plus(Duration.ofHours(1)))));
        assertThat(engine.withGrantGroups(query(BOB, "demo", UPDATE)).identity().groups())
                .containsExactly("analysts", "dba");
        assertThat(engine.withGrantGroups(query(BOB, "other", UPDATE)).identity().groups())
                .containsExactly("analysts");
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
