package dev.sluice.proxy.core;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.CacheScope;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.contracts.decision.SessionLimits;
import dev.sluice.proxy.config.ProxyProperties;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks policy-service for a decision ({@code POST /v1/decisions}) over a keep-alive HTTP/1.1 connection,
 * authenticated with the gateway key ({@code Authorization: SluiceProxy <key>}) when one is configured.
 * Fails closed: unreachable, slow, non-200 or unintelligible answers all become a DENY that says why.
 */
public final class PolicyClient {
    /** Rule id of denials produced because policy-service could not decide. */
    public static final String UNAVAILABLE_RULE = "gateway:policy-unavailable";

    private final HttpClient http;
    private final JsonMapper json;
    private final URI decisionsUri;
    private final URI versionUri;
    private final Duration timeout;
    private final String authorization;

    public PolicyClient(ProxyProperties.Policy config, JsonMapper json) {
        this.json = json;
        this.timeout = config.timeout();
        this.authorization = config.authorization();
        this.decisionsUri = URI.create(withoutSlash(config.decisionUrl()) + "/v1/decisions");
        this.versionUri = URI.create(withoutSlash(config.url()) + "/v1/policies/version");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .build();
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Decides a command; never throws, never returns null. */
    public Decision decide(DecisionRequest request) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (JacksonException e) {
            return Decision.gatewayDeny(UNAVAILABLE_RULE, "the decision request could not be encoded");
        }
        HttpRequest httpRequest = authorized(HttpRequest.newBuilder(decisionsUri))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return unavailable("policy-service did not answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return unavailable("policy-service is unreachable");
        } catch (IOException e) {
            return unavailable("policy-service could not be asked (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("the decision was interrupted");
        }
        if (response.statusCode() == 401) {
            return unavailable("policy-service refused the gateway key (sluice.proxy.policy.proxy-key)");
        }
        if (response.statusCode() != 200) {
            return unavailable("policy-service answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    /**
     * Long-polls the policy version: returns as soon as it differs from {@code after}, or after {@code wait}.
     *
     * @throws IOException when policy-service cannot be reached
     */
    public String awaitVersion(String after, Duration wait) throws IOException, InterruptedException {
        String query = after == null ? "" : "?after=" + java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8)
                + "&wait=" + wait.toSeconds();
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(versionUri + query)))
                .timeout(wait.plus(timeout))
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("policy-service answered HTTP " + response.statusCode() + " for its version");
        }
        try {
            JsonNode version = json.readTree(response.body()).get("version");
            if (version == null || !version.isString()) {
                throw new IOException("policy-service sent no version");
            }
            return version.asString();
        } catch (JacksonException e) {
            throw new IOException("policy-service sent an unreadable version", e);
        }
    }

    /** Adds the gateway key, when one is configured. */
    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private Decision parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return unavailable("policy-service answered with something that is not JSON");
        }
        if (root == null || !root.isObject()) {
            return unavailable("policy-service answered with something that is not a decision");
        }
        Optional<Effect> effect = Effect.fromWire(text(root, "effect"));
        if (effect.isEmpty()) {
            return Decision.gatewayDeny("gateway:unknown-effect",
                    "policy-service returned an unknown effect '" + abbreviate(text(root, "effect")) + "'");
        }
        try {
            List<MaskSpec> masks = new ArrayList<>();
            JsonNode masksNode = root.get("masks");
            if (masksNode != null && masksNode.isArray()) {
                for (JsonNode mask : masksNode) {
                    masks.add(json.treeToValue(mask, MaskSpec.class));
                }
            }
            JsonNode approvalNode = root.get("approval");
            ApprovalSpec approval = approvalNode == null || approvalNode.isNull()
                    ? null : json.treeToValue(approvalNode, ApprovalSpec.class);
            CacheScope scope = switch (text(root, "cacheScope")) {
                case "EXACT" -> CacheScope.EXACT;
                case "NORMALIZED" -> CacheScope.NORMALIZED;
                case null, default -> CacheScope.NONE;
            };
            // Limits that cannot be read make the decision unreadable: a session must not open without its limits.
            JsonNode limitsNode = root.get("limits");
            SessionLimits limits = limitsNode == null || limitsNode.isNull()
                    ? null : json.treeToValue(limitsNode, SessionLimits.class);
            return new Decision(effect.get(), text(root, "reason"), text(root, "ruleId"), text(root, "policyVersion"),
                    masks, approval, scope, limits);
        } catch (JacksonException e) {
            return unavailable("policy-service answered with a malformed decision");
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private static Decision unavailable(String reason) {
        return Decision.gatewayDeny(UNAVAILABLE_RULE, reason + "; denied because decisions fail closed");
    }
}
