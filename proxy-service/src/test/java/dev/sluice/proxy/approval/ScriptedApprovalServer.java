package dev.sluice.proxy.approval;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for approval-service on loopback whose long-poll answers a test scripts (outages, 404s, decisions),
 * which the real service cannot be made to produce on cue; the real one is exercised end to end in standalone.
 */
final class ScriptedApprovalServer implements AutoCloseable {
    static final String ID = "5f0c2a4e-3b7d-4c49-9a53-0f5c7e0d8b21";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One recorded call: method, path, body (may be empty), Authorization header. */
    record Call(String method, String path, JsonNode body, String authorization) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    /** The n-th (from 1) wait call's answer: status and body, or null to hold it until {@link #close()}. */
    private volatile IntFunction<Answer> waits = n -> new Answer(200, view("APPROVED", "carol", "", "carol"));
    private volatile Answer consume = new Answer(200, view("USED", "carol", "", "carol"));

    record Answer(int status, String body) {}

    ScriptedApprovalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/approvals", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void waits(IntFunction<Answer> script) {
        this.waits = script;
    }

    void consume(Answer answer) {
        this.consume = answer;
    }

    List<Call> calls() {
        return calls;
    }

    List<Call> calls(String suffix) {
        return calls.stream().filter(call -> call.path().endsWith(suffix)).toList();
    }

    /** A request view as approval-service renders it; {@code approvers} voted to approve. */
    static String view(String state, String decidedBy, String comment, String... approvers) {
        StringBuilder votes = new StringBuilder();
        for (String approver : approvers) {
            votes.append(votes.isEmpty() ? "" : ",").append("{\"reviewer\":\"").append(approver)
                    .append("\",\"decision\":\"approve\",\"comment\":\"\",\"at\":\"2026-01-01T00:00:00Z\"}");
        }
        return "{\"id\":\"" + ID + "\",\"state\":\"" + state + "\",\"decided\":" + !state.equals("PENDING")
                + ",\"url\":\"http://reviews.example/approvals/" + ID + "\",\"expiresAt\":\""
                + Instant.now().plusSeconds(600) + "\",\"decidedBy\":" + (decidedBy == null ? "null" : "\"" + decidedBy + "\"")
                + ",\"comment\":\"" + comment + "\",\"votes\":[" + votes + "]}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
        calls.add(new Call(exchange.getRequestMethod(), path, body, exchange.getRequestHeaders().getFirst("Authorization")));
        Answer answer;
        if (path.equals("/v1/approvals")) {
            answer = new Answer(201, view("PENDING", null, ""));
        } else if (path.endsWith("/wait")) {
            answer = waits.apply(calls("/wait").size());
            if (answer == null) {
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer = new Answer(200, view("PENDING", null, ""));
            }
        } else if (path.endsWith("/consume")) {
            answer = consume;
        } else if (path.endsWith("/cancel")) {
            answer = new Answer(200, view("CANCELLED", "proxy", body == null ? "" : body.path("reason").asString("")));
        } else {
            answer = new Answer(404, "{\"error\":\"not_found\",\"message\":\"no such approval request\"}");
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
