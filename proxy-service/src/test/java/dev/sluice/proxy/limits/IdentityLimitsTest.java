package dev.sluice.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.SessionLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdentityLimitsTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final IdentityLimits limits = new IdentityLimits(now::get);

    @Test
    void refusesTheSessionAfterTheLimitAndAdmitsAgainWhenOneEnds() {
        var agents = new SessionLimits("agents", 2, 0, 0, 0);
        var first = (IdentityLimits.Lease) limits.open("ci-bot", "demo", agents);
        var second = (IdentityLimits.Lease) limits.open("ci-bot", "reports", agents);

        var third = limits.open("ci-bot", "demo", agents);
        assertThat(third).isInstanceOfSatisfying(LimitExceeded.class, exceeded -> {
            assertThat(exceeded.limit()).isEqualTo(LimitExceeded.SESSIONS);
            assertThat(exceeded.ruleId()).isEqualTo("agents");
            assertThat(exceeded.maximum()).isEqualTo(2);
            assertThat(exceeded.message()).contains("ci-bot").contains("at most 2 concurrent sessions").contains("agents");
        });
        assertThat(limits.open("alice", "demo", agents)).as("other identities are counted apart")
                .isInstanceOf(IdentityLimits.Lease.class);

        first.close();
        first.close(); // closing twice releases once
        assertThat(limits.sessions("ci-bot")).isEqualTo(1);
        assertThat(limits.open("ci-bot", "demo", agents)).isInstanceOf(IdentityLimits.Lease.class);
        second.close();
    }

    @Test
    void limitsSessionsPerConnectionSeparately() {
        var perConnection = new SessionLimits("one-each", 0, 1, 0, 0);
        assertThat(limits.open("bob", "demo", perConnection)).isInstanceOf(IdentityLimits.Lease.class);
        assertThat(limits.open("bob", "reports", perConnection)).isInstanceOf(IdentityLimits.Lease.class);
        assertThat(limits.open("bob", "demo", perConnection)).isInstanceOfSatisfying(LimitExceeded.class,
                exceeded -> assertThat(exceeded.limit()).isEqualTo(LimitExceeded.SESSIONS_PER_CONNECTION));
    }

    @Test
    void sessionsOpenedWithoutLimitsCountTowardsALaterLimit() {
        limits.open("bob", "demo", null);
        limits.open("bob", "demo", SessionLimits.NONE);
        assertThat(limits.open("bob", "demo", new SessionLimits("new-policy", 2, 0, 0, 0)))
                .isInstanceOf(LimitExceeded.class);
    }

    @Test
    void theStatementRateAllowsTheBurstThenRefillsAtTheRate() {
        var lease = (IdentityLimits.Lease) limits.open("ci-bot", "demo", new SessionLimits("agents", 0, 0, 2, 4));
        for (int i = 0; i < 4; i++) {
            assertThat(lease.statement()).as("statement %d of the burst", i + 1).isNull();
        }
        LimitExceeded refused = lease.statement();
        assertThat(refused).isNotNull();
        assertThat(refused.limit()).isEqualTo(LimitExceeded.STATEMENT_RATE);
        assertThat(refused.message()).contains("at most 2 statements per second, bursts of 4");

        now.addAndGet(SECOND / 2); // one token back
        assertThat(lease.statement()).isNull();
        assertThat(lease.statement()).isNotNull();
        now.addAndGet(10 * SECOND); // refilled, but never above the burst
        for (int i = 0; i < 4; i++) {
            assertThat(lease.statement()).isNull();
        }
        assertThat(lease.statement()).isNotNull();
    }

    @Test
    void sessionsOfOneIdentityShareItsRate() {
        var limit = new SessionLimits("agents", 0, 0, 1, 2);
        var first = (IdentityLimits.Lease) limits.open("ci-bot", "demo", limit);
        var second = (IdentityLimits.Lease) limits.open("ci-bot", "demo", limit);
        var other = (IdentityLimits.Lease) limits.open("etl-bot", "demo", limit);
        assertThat(first.statement()).isNull();
        assertThat(second.statement()).isNull();
        assertThat(first.statement()).isNotNull();
        assertThat(second.statement()).isNotNull();
        assertThat(other.statement()).as("another identity has its own bucket").isNull();
    }

    @Test
    void refusalsAreReportedAtMostOncePerSecondWithTheirCount() {
        var lease = (IdentityLimits.Lease) limits.open("ci-bot", "demo", new SessionLimits("agents", 0, 0, 1, 1));
        assertThat(lease.statement()).isNull();
        assertThat(lease.statement().refused()).isEqualTo(1);
        assertThat(lease.statement().refused()).isZero();
        assertThat(lease.statement().refused()).isZero();
        now.addAndGet(SECOND + 1);
        assertThat(lease.statement()).isNull();
        assertThat(lease.statement().refused()).as("the two unreported refusals and this one").isEqualTo(3);
    }

    @Test
    void unlimitedSessionsNeverRefuseStatements() {
        var lease = (IdentityLimits.Lease) limits.open("alice", "demo", null);
        for (int i = 0; i < 10_000; i++) {
            assertThat(lease.statement()).isNull();
        }
    }

    @Test
    void nothingIsKeptAfterTheLastSessionEnds() {
        var limit = new SessionLimits("agents", 5, 5, 10, 10);
        List<IdentityLimits.Lease> leases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leases.add((IdentityLimits.Lease) limits.open("ci-bot", "demo", limit));
        }
        assertThat(limits.tracked()).isEqualTo(3);
        leases.forEach(IdentityLimits.Lease::close);
        assertThat(limits.tracked()).isZero();
    }

    @Test
    void concurrentOpensNeverExceedTheLimit() throws Exception {
        var limit = new SessionLimits("agents", 5, 0, 0, 0);
        var admitted = new AtomicInteger();
        var start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (limits.open("ci-bot", "demo", limit) instanceof IdentityLimits.Lease) {
                    admitted.incrementAndGet();
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(admitted).hasValue(5);
        assertThat(limits.sessions("ci-bot")).isEqualTo(5);
    }
}
