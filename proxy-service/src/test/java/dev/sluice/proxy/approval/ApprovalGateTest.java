package dev.sluice.proxy.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.proxy.core.ProxySession;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ApprovalGateTest {
    private static final String KEY = "test-proxy-key-0123456789";
    private static final ProxySession SESSION = new ProxySession("s-1",
            new Identity("alice", List.of("dba"), IdentityKind.HUMAN), new ConnectionRef("demo", "postgres", Map.of()),
            "127.0.0.1", null);
    private static final Decision DECISION = new Decision(Effect.REQUIRE_APPROVAL, "DDL needs an approval",
            "ddl-approval", "v1", List.of(), new ApprovalSpec(List.of("approvers"), 1, Duration.ofMinutes(10)),
            CacheScope.NONE);

    private final ScriptedApprovalServer server = newServer();
    private final List<ApprovalStatus> notices = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void noticesTheUrlThenConsumesTheApprovalForTheBindingItCreated() throws Exception {
        ApprovalOutcome outcome = hold(gate(server.url()), new CompletableFuture<>());

        assertThat(outcome).isInstanceOf(ApprovalOutcome.Approved.class);
        assertThat(outcome.trail()).isEqualTo(new ApprovalTrail(ScriptedApprovalServer.ID, "USED", List.of("carol"), "carol"));
        assertThat(notices).singleElement().satisfies(notice ->
                assertThat(notice.url()).isEqualTo("http://reviews.example/approvals/" + ScriptedApprovalServer.ID));
        var create = server.calls("/v1/approvals").getFirst();
        assertThat(create.authorization()).isEqualTo("SluiceProxy " + KEY);
        assertThat(create.body().path("requester").path("kind").asString()).isEqualTo("human");
        assertThat(create.body().path("approval").path("timeoutSeconds").asLong()).isEqualTo(600);
        String binding = create.body().path("bindingHash").asString();
        assertThat(binding).isEqualTo(BindingHash.of("demo", "alice", "s-1", "Query", "DROP TABLE t", List.of()));
        assertThat(server.calls("/consume")).singleElement()
                .satisfies(call -> assertThat(call.body().path("bindingHash").asString()).isEqualTo(binding));
    }

    @Test
    void reattachesToTheSameRequestWhileApprovalServiceIsDown() throws Exception {
        // two failed long-polls (an outage), then the decision taken meanwhile
        server.waits(n -> n <= 2 ? new ScriptedApprovalServer.Answer(503, "{\"error\":\"unavailable\"}")
                : new ScriptedApprovalServer.Answer(200, ScriptedApprovalServer.view("APPROVED", "carol", "", "carol")));

        ApprovalOutcome outcome = hold(gate(server.url()), new CompletableFuture<>());

        assertThat(outcome).isInstanceOf(ApprovalOutcome.Approved.class);
        assertThat(server.calls("/wait")).hasSize(3)
                .allSatisfy(call -> assertThat(call.path()).contains(ScriptedApprovalServer.ID));
    }

    @Test
    void aRequestThatIsGoneFailsClosed() throws Exception {
        server.waits(n -> new ScriptedApprovalServer.Answer(404, "{\"error\":\"not_found\",\"message\":\"no such approval request\"}"));

        ApprovalOutcome outcome = hold(gate(server.url()), new CompletableFuture<>());

        assertThat(outcome).isInstanceOfSatisfying(ApprovalOutcome.Refused.class,
                refused -> assertThat(refused.reason()).contains("no longer exists"));
        assertThat(server.calls("/consume")).isEmpty();
    }

    @Test
    void aDenialNamesTheReviewerAndTheComment() throws Exception {
        server.waits(n -> new ScriptedApprovalServer.Answer(200,
                ScriptedApprovalServer.view("DENIED", "carol", "not today")));

        ApprovalOutcome outcome = hold(gate(server.url()), new CompletableFuture<>());

        assertThat(outcome).isInstanceOfSatisfying(ApprovalOutcome.Refused.class, refused -> assertThat(refused.reason())
                .isEqualTo("approval " + ScriptedApprovalServer.ID + " was denied by carol: not today"));
        assertThat(outcome.trail().state()).isEqualTo("DENIED");
        assertThat(server.calls("/consume")).isEmpty();
    }

    @Test
    void aFailedConsumeRefusesTheStatement() throws Exception {
        server.consume(new ScriptedApprovalServer.Answer(409,
                "{\"error\":\"binding_mismatch\",\"message\":\"this approval was given for another statement\"}"));

        ApprovalOutcome outcome = hold(gate(server.url()), new CompletableFuture<>());

        assertThat(outcome).isInstanceOfSatisfying(ApprovalOutcome.Refused.class, refused -> assertThat(refused.reason())
                .contains("could not be used").contains("409").contains("another statement"));
        assertThat(outcome.trail().state()).isEqualTo("APPROVED");
    }

    @Test
    void anAbortWhileWaitingCancelsTheRequestAtOnce() throws Exception {
        server.waits(n -> null); // the long-poll never answers by itself
        CompletableFuture<String> abort = new CompletableFuture<>();
        CompletableFuture<ApprovalOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return hold(gate(server.url()), abort);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, command -> Thread.ofVirtual().start(command));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !server.calls("/wait").isEmpty());

        abort.complete("cancelled by the client");

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(ApprovalOutcome.Cancelled.class);
        assertThat(server.calls("/cancel")).singleElement().satisfies(call ->
                assertThat(call.body().path("reason").asString()).isEqualTo("cancelled by the client"));
    }

    @Test
    void anUnreachableApprovalServiceRefusesWithoutHoldingTheStatement() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ApprovalOutcome outcome = hold(gate("http://127.0.0.1:" + closedPort), new CompletableFuture<>());

        assertThat(outcome).isInstanceOfSatisfying(ApprovalOutcome.Refused.class,
                refused -> assertThat(refused.reason()).startsWith("approval service unavailable"));
        assertThat(outcome.trail().state()).isEqualTo("UNAVAILABLE");
        assertThat(notices).isEmpty();
    }

    private ApprovalOutcome hold(ApprovalGate gate, CompletableFuture<String> abort) throws IOException {
        return gate.hold(SESSION, DECISION, "Query", "DROP TABLE t", List.of(),
                (pending, timeout) -> notices.add(pending), abort);
    }

    private static ApprovalGate gate(String url) {
        return new ApprovalGate(new ApprovalClient(new ApprovalProperties(url, KEY, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(200)), JsonMapper.builder().build()));
    }

    private static ScriptedApprovalServer newServer() {
        try {
            return new ScriptedApprovalServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
