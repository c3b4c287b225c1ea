package dev.sluice.approval.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.approval.ApprovalServiceApplication;
import dev.sluice.approval.service.ApprovalException;
import dev.sluice.approval.service.Caller;
import dev.sluice.approval.store.Vote;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The grant state machine and its configuration rules against a real PostgreSQL (Flyway schema, JPA). */
class GrantServiceTest {

    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext context;
    private static GrantService service;
    private static GrantFeed feed;

    private static final Caller BOB = new Caller("bob", List.of("analysts"), "human");
    private static final Caller ERIN = new Caller("erin", List.of("analysts"), "human");
    private static final Caller CAROL = new Caller("carol", List.of("approvers"), "human");
    private static final Caller DAVE = new Caller("dave", List.of("approvers"), "human");
    private static final Caller ROBOT = new Caller("robot", List.of("approvers"), "service");
    private static final Caller MALLORY = new Caller("mallory", List.of("sales"), "human");

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        context = ApprovalServiceApplication.builder().run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--sluice.approval.audit.enabled=false",
                "--sluice.approval.grants.requestable[0].group=dba",
                "--sluice.approval.grants.requestable[0].connections=demo,staging-*",
                "--sluice.approval.grants.requestable[0].requesters=analysts",
                "--sluice.approval.grants.requestable[0].max-duration=8h",
                "--sluice.approval.grants.requestable[0].reviewers=approvers",
                "--sluice.approval.grants.requestable[1].group=auditors",
                "--sluice.approval.grants.requestable[1].reviewers=approvers",
                "--sluice.approval.grants.requestable[1].min-approvals=2");
        service = context.getBean(GrantService.class);
        feed = context.getBean(GrantFeed.class);
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        postgres.close();
    }

    @Test
    void approvedGrantIsActiveForItsDurationFromApproval() {
        AccessGrant grant = service.request(BOB, "demo", "dba", Duration.ofHours(1), "fix orders");
        assertThat(grant.state()).isEqualTo(GrantState.PENDING);
        assertThat(grant.expiresAt()).isNull();
        String epoch = feed.epoch();

        Instant before = Instant.now();
        AccessGrant active = service.decide(CAROL, grant.id(), Vote.Choice.APPROVE, "go ahead");

        assertThat(active.state()).isEqualTo(GrantState.ACTIVE);
        assertThat(active.expiresAt()).isBetween(before.plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
        assertThat(feed.epoch()).isNotEqualTo(epoch);
        assertThat(service.active()).extracting(AccessGrant::id).contains(grant.id());
        service.revoke(CAROL, grant.id(), "done");
    }

    @Test
    void refusesWhatConfigurationDoesNotAllow() {
        assertThatThrownBy(() -> service.request(BOB, "prod", "dba", Duration.ofHours(1), "x"))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("not_requestable"));
        assertThatThrownBy(() -> service.request(BOB, "demo", "superusers", Duration.ofHours(1), "x"))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> service.request(MALLORY, "demo", "dba", Duration.ofHours(1), "x"))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> service.request(BOB, "demo", "dba", Duration.ofHours(9), "x"))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.status()).isEqualTo(400));
        AccessGrant staging = service.request(BOB, "staging-eu", "dba", Duration.ofHours(8), "glob covers it");
        assertThat(staging.state()).isEqualTo(GrantState.PENDING);
        assertThatThrownBy(() -> service.request(BOB, "staging-eu", "dba", Duration.ofHours(1), "again"))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("duplicate"));
        service.revoke(BOB, staging.id(), "never mind");
    }

    @Test
    void noSelfApprovalNoOutsidersNoAgents() {
        AccessGrant grant = service.request(DAVE, "demo", "auditors", Duration.ofMinutes(30), "review");
        assertThatThrownBy(() -> service.decide(DAVE, grant.id(), Vote.Choice.APPROVE, ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("self_approval"));
        assertThatThrownBy(() -> service.decide(MALLORY, grant.id(), Vote.Choice.APPROVE, ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("not_a_reviewer"));
        assertThatThrownBy(() -> service.decide(ROBOT, grant.id(), Vote.Choice.APPROVE, ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("not_a_reviewer"));
        assertThatThrownBy(() -> service.find(MALLORY, grant.id())).isInstanceOf(ApprovalException.class);
        assertThat(service.find(DAVE, grant.id()).state()).isEqualTo(GrantState.PENDING);
    }

    @Test
    void twoOfNNeedsTwoDistinctReviewers() {
        AccessGrant grant = service.request(BOB, "demo", "auditors", Duration.ofMinutes(30), "quarterly audit");
        assertThat(service.decide(CAROL, grant.id(), Vote.Choice.APPROVE, "").state()).isEqualTo(GrantState.PENDING);
        assertThatThrownBy(() -> service.decide(CAROL, grant.id(), Vote.Choice.APPROVE, ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("already_voted"));
        assertThat(service.decide(DAVE, grant.id(), Vote.Choice.APPROVE, "").state()).isEqualTo(GrantState.ACTIVE);
        assertThat(service.votes(grant.id())).extracting(GrantVote::reviewer).containsExactly("carol", "dave");
        service.revoke(BOB, grant.id(), "giving it up");
        assertThat(service.find(BOB, grant.id()).state()).isEqualTo(GrantState.REVOKED);
    }

    @Test
    void racingReviewersLeaveExactlyOneFinalState() throws Exception {
        AccessGrant grant = service.request(ERIN, "demo", "dba", Duration.ofHours(1), "race");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Object> approve = CompletableFuture.supplyAsync(
                () -> attempt(go, () -> service.decide(CAROL, grant.id(), Vote.Choice.APPROVE, "ok")));
        CompletableFuture<Object> deny = CompletableFuture.supplyAsync(
                () -> attempt(go, () -> service.decide(DAVE, grant.id(), Vote.Choice.DENY, "no")));
        go.countDown();

        assertThat(List.of(approve.get(), deny.get())).filteredOn(ApprovalException.class::isInstance).hasSize(1);
        GrantState finalState = service.find(CAROL, grant.id()).state();
        assertThat(finalState).isIn(GrantState.ACTIVE, GrantState.DENIED);
        if (finalState == GrantState.ACTIVE) {
            service.revoke(CAROL, grant.id(), "cleanup");
        }
    }

    @Test
    void revokeRulesAndCancelOfPendingRequest() {
        AccessGrant pending = service.request(ERIN, "staging-us", "dba", Duration.ofHours(1), "maybe");
        assertThatThrownBy(() -> service.revoke(CAROL, pending.id(), ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("not_active"));
        assertThatThrownBy(() -> service.revoke(MALLORY, pending.id(), ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(service.revoke(ERIN, pending.id(), "not needed").state()).isEqualTo(GrantState.CANCELLED);
        assertThatThrownBy(() -> service.decide(CAROL, pending.id(), Vote.Choice.APPROVE, ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("already_decided"));
    }

    @Test
    void activeGrantExpiresOnTime() {
        AccessGrant grant = service.request(BOB, "staging-x", "dba", Duration.ofSeconds(1), "quick fix");
        service.decide(CAROL, grant.id(), Vote.Choice.APPROVE, "");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> service.find(BOB, grant.id()).state() == GrantState.EXPIRED);
        assertThat(service.active()).extracting(AccessGrant::id).doesNotContain(grant.id());
        assertThatThrownBy(() -> service.revoke(CAROL, grant.id(), ""))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("already_ended"));
    }

    private static Object attempt(CountDownLatch go, Supplier<AccessGrant> action) {
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
