package dev.sluice.approval.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.approval.ApprovalServiceApplication;
import dev.sluice.approval.store.ApprovalRequest;
import dev.sluice.approval.store.ApprovalState;
import dev.sluice.approval.store.NewApproval;
import dev.sluice.approval.store.Vote;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The approval state machine against a real PostgreSQL (Flyway schema, JPA, optimistic locking). */
class ApprovalServiceTest {

    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext context;
    private static ApprovalService service;

    private static final Caller ALICE = new Caller("alice", List.of("dba"), "human");
    private static final Caller CAROL = new Caller("carol", List.of("approvers"), "human");
    private static final Caller DAVE = new Caller("dave", List.of("approvers"), "human");

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        context = ApprovalServiceApplication.builder().run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--sluice.approval.audit.enabled=false");
        service = context.getBean(ApprovalService.class);
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        postgres.close();
    }

    private static ApprovalRequest pending(String requester) {
        return service.create(Caller.proxy(), new NewApproval(requester, "human", List.of("dba"), "demo", "s-1",
                "DROP TABLE t", "DROP", "hash-1", "DDL needs approval", "dba-ddl", "v1", List.of("approvers"), 1,
                Duration.ofMinutes(10)));
    }

    @Test
    void racingReviewersReachExactlyOneFinalState() throws Exception {
        ApprovalRequest request = pending("alice");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Object> approve = CompletableFuture.supplyAsync(() -> attempt(go,
                () -> service.decide(CAROL, request.id(), Vote.Choice.APPROVE, "ok")));
        CompletableFuture<Object> deny = CompletableFuture.supplyAsync(() -> attempt(go,
                () -> service.decide(DAVE, request.id(), Vote.Choice.DENY, "no")));
        go.countDown();
        List<Object> outcomes = List.of(approve.get(), deny.get());

        assertThat(outcomes).filteredOn(ApprovalException.class::isInstance).hasSize(1);
        ApprovalState finalState = service.find(CAROL, request.id()).state();
        assertThat(finalState).isIn(ApprovalState.APPROVED, ApprovalState.DENIED);
        // The one final state is also what the wait-time histogram saw, once.
        var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        assertThat(registry.find("sluice.approval.wait").tag("outcome", finalState.name().toLowerCase(java.util.Locale.ROOT))
                .timer()).isNotNull().satisfies(timer -> assertThat(timer.count()).isPositive());
    }

    @Test
    void requesterMayNotApproveOwnRequestAndOutsidersAreForbidden() {
        ApprovalRequest request = pending("carol");
        assertThatThrownBy(() -> service.decide(CAROL, request.id(), Vote.Choice.APPROVE, ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> service.decide(ALICE, request.id(), Vote.Choice.APPROVE, ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(service.find(Caller.proxy(), request.id()).state()).isEqualTo(ApprovalState.PENDING);
    }

    @Test
    void approvedRequestIsConsumedOnceForItsBindingOnly() {
        ApprovalRequest request = pending("alice");
        service.decide(CAROL, request.id(), Vote.Choice.APPROVE, "ok");
        assertThatThrownBy(() -> service.consume(Caller.proxy(), request.id(), "other-hash"))
                .isInstanceOf(ApprovalException.class);
        service.consume(Caller.proxy(), request.id(), "hash-1");
        assertThatThrownBy(() -> service.consume(Caller.proxy(), request.id(), "hash-1"))
                .isInstanceOf(ApprovalException.class);
    }

    private static Object attempt(CountDownLatch go, java.util.function.Supplier<ApprovalRequest> action) {
        try {
            go.await();
            return action.get();
        } catch (ApprovalException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
