package dev.sluice.proxy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for policy-service on loopback whose answers a test scripts, so the proxy's handling of every
 * kind of answer (allow, deny, garbage, unknown effects) can be shown; the real policy-service is exercised
 * end to end in standalone. By default it denies statements containing DROP and allows everything else.
 */
public final class ScriptedPolicyServer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, String> answer = ScriptedPolicyServer::dropDenied;

    public ScriptedPolicyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/decisions", this::decide);
        server.createContext("/v1/policies/version", exchange -> respond(exchange, "{\"version\":\"v1\"}"));
        server.start();
    }

    /** Base URL to configure the proxy with. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Replaces the answer for every following request; the function gets the request and returns the body. */
    public void answer(Function<JsonNode, String> body) {
        this.answer = body;
    }

    /** Decision requests received so far. */
    public List<JsonNode> requests() {
        return requests;
    }

    /** The default script: deny anything mentioning DROP, allow the rest, cacheable by normalized text. */
    public static String dropDenied(JsonNode request) {
        String text = request.get("command").get("text").asString();
        if (text.toUpperCase(Locale.ROOT).contains("DROP")) {
            return decision("DENY", "dropping objects is not allowed", "no-drop");
        }
        return decision("ALLOW", "allowed", "allow-all");
    }

    /** A decision body. */
    public static String decision(String effect, String reason, String rule) {
        return "{\"effect\":\"" + effect + "\",\"reason\":\"" + reason + "\",\"ruleId\":\"" + rule
                + "\",\"policyVersion\":\"v1\",\"masks\":[],\"approval\":null,\"cacheScope\":\"NONE\"}";
    }

    private void decide(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(request);
        respond(exchange, answer.apply(request));
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
