package dev.sluice.approval.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.approval.ApprovalServiceApplication;
import dev.sluice.approval.grants.GrantService;
import dev.sluice.approval.service.ApprovalService;
import dev.sluice.approval.service.Caller;
import dev.sluice.approval.store.ApprovalRequest;
import dev.sluice.approval.store.NewApproval;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reviewer notifications delivered to real local receivers: a loopback HTTP server for the signed webhook (which
 * refuses the first delivery, so the retry is exercised) and the Slack-compatible message, GreenMail for SMTP.
 */
class NotificationDeliveryTest {
    private static final String SECRET = "test-webhook-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request a receiver accepted. */
    record Received(Map<String, String> headers, String body) {}

    private static final List<Received> webhook = new CopyOnWriteArrayList<>();
    private static final List<Received> slack = new CopyOnWriteArrayList<>();
    private static final AtomicInteger webhookCalls = new AtomicInteger();

    private static EmbeddedPostgres postgres;
    private static HttpServer receiver;
    private static GreenMail smtp;
    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            // the very first delivery fails: the outbox must retry it
            if (webhookCalls.incrementAndGet() == 1) {
                respond(exchange, 503);
                return;
            }
            webhook.add(read(exchange));
            respond(exchange, 204);
        });
        receiver.createContext("/slack/T000/B000/secretpath", exchange -> {
            slack.add(read(exchange));
            respond(exchange, 200);
        });
        receiver.start();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        context = ApprovalServiceApplication.builder().run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--sluice.approval.audit.enabled=false",
                "--sluice.approval.public-url=https://sluice.example",
                "--sluice.approval.notify.webhook.url=" + base + "/hook",
                "--sluice.approval.notify.webhook.secret=" + SECRET,
                "--sluice.approval.notify.slack.url=" + base + "/slack/T000/B000/secretpath",
                "--sluice.approval.notify.email.to=reviewers@example.com,carol@example.com",
                "--sluice.approval.notify.email.from=sluice@example.com",
                "--sluice.approval.notify.poll-interval=100ms",
                "--sluice.approval.notify.backoff=200ms",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--sluice.approval.grants.requestable[0].group=dba",
                "--sluice.approval.grants.requestable[0].reviewers=approvers");
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        smtp.stop();
        receiver.stop(0);
        postgres.close();
    }

    @Test
    void pendingRequestsReachEveryChannelOnceWithRetryAndValidSignature() throws Exception {
        ApprovalRequest request = context.getBean(ApprovalService.class).create(Caller.proxy(),
                new NewApproval("alice", "human", List.of("dba"), "demo", "s-1", "DROP TABLE <orders>", "Query",
                        "a".repeat(64), "DDL needs approval", "dba-ddl", "v1", List.of("approvers"), 1,
                        Duration.ofMinutes(10)));
        context.getBean(GrantService.class).request(new Caller("bob", List.of("analysts"), "human"), "demo", "dba",
                Duration.ofHours(1), "fix order 1");
        String approvalUrl = "https://sluice.example/approvals/" + request.id();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                webhook.size() == 2 && slack.size() == 2 && smtp.getReceivedMessages().length == 4);

        // webhook: signed over "<timestamp>.<body>", verifiable by the receiver with the shared secret
        for (Received delivery : webhook) {
            String timestamp = delivery.headers().get("x-sluice-timestamp");
            assertThat(delivery.headers().get("x-sluice-signature"))
                    .isEqualTo("sha256=" + WebhookChannel.sign(SECRET, timestamp, delivery.body()));
            assertThat(Long.parseLong(timestamp)).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
            assertThat(delivery.body()).doesNotContain(SECRET);
        }
        JsonNode approval = webhook.stream().map(delivery -> JSON.readTree(delivery.body()))
                .filter(body -> body.get("event").asString().equals("approval.pending")).findFirst().orElseThrow();
        assertThat(approval.get("url").asString()).isEqualTo(approvalUrl);
        assertThat(approval.get("summary").asString()).isEqualTo("DROP TABLE <orders>");
        assertThat(approval.get("reviewers").get(0).asString()).isEqualTo("approvers");
        assertThat(webhook).extracting(delivery -> JSON.readTree(delivery.body()).get("event").asString())
                .containsExactlyInAnyOrder("approval.pending", "grant.pending");

        // Slack: fallback text and blocks with a button to the request; user text escaped for mrkdwn
        JsonNode message = slack.stream().map(delivery -> JSON.readTree(delivery.body()))
                .filter(body -> body.get("text").asString().contains(approvalUrl)).findFirst().orElseThrow();
        assertThat(message.get("blocks").get(0).get("type").asString()).isEqualTo("section");
        assertThat(message.get("blocks").get(0).get("text").get("type").asString()).isEqualTo("mrkdwn");
        assertThat(message.get("blocks").get(0).get("text").get("text").asString())
                .contains("DROP TABLE &lt;orders&gt;").doesNotContain("<orders>");
        JsonNode button = message.get("blocks").get(1).get("elements").get(0);
        assertThat(button.get("type").asString()).isEqualTo("button");
        assertThat(button.get("url").asString()).isEqualTo(approvalUrl);

        // email: plain text with the link, to every configured recipient
        MimeMessage mail = java.util.Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> GreenMailUtil.getBody(m).contains(approvalUrl)).findFirst().orElseThrow();
        assertThat(mail.getSubject()).startsWith("[Sluice] Approval request pending: alice on demo");
        assertThat(mail.getContentType()).startsWith("text/plain");
        assertThat(List.of(mail.getAllRecipients())).extracting(Object::toString)
                .containsExactlyInAnyOrder("reviewers@example.com", "carol@example.com");

        // one refused delivery, retried; every delivery sent exactly once
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(count(registry, "webhook", "retried")).isEqualTo(1);
        assertThat(count(registry, "webhook", "sent")).isEqualTo(2);
        assertThat(count(registry, "slack", "sent")).isEqualTo(2);
        assertThat(count(registry, "email", "sent")).isEqualTo(2);
        Outbox outbox = context.getBean(Outbox.class);
        for (String channel : List.of("webhook", "slack", "email")) {
            assertThat(outbox.count(channel, "SENT")).as(channel).isEqualTo(2);
            assertThat(outbox.count(channel, "PENDING")).as(channel).isZero();
        }
        OutboxWorker worker = context.getBean(OutboxWorker.class);
        worker.drain();
        worker.drain();
        assertThat(webhookCalls.get()).isEqualTo(3);
        assertThat(slack).hasSize(2);
        assertThat(smtp.getReceivedMessages()).hasSize(4);
    }

    private static double count(MeterRegistry registry, String channel, String outcome) {
        var counter = registry.find("sluice.approval.notifications").tag("channel", channel).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static Received read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                values.getFirst()));
        return new Received(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
