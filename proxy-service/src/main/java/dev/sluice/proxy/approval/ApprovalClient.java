package dev.sluice.proxy.approval;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's side of approval-service's REST API (docs/approvals.md): create a request, long-poll its state,
 * cancel it, consume it. Authenticates with {@code Authorization: SluiceProxy <key>}; the key never appears in an
 * exception message. Keep-alive HTTP/1.1 through one shared client.
 */
public final class ApprovalClient {
    private static final String SCHEME = "SluiceProxy ";

    private final HttpClient http;
    private final JsonMapper json;
    private final String base;
    private final String authorization;
    private final ApprovalProperties settings;

    public ApprovalClient(ApprovalProperties settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        this.base = (settings.url().endsWith("/") ? settings.url().substring(0, settings.url().length() - 1)
                : settings.url()) + "/v1/approvals";
        this.authorization = SCHEME + settings.proxyKey();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .build();
    }

    /** The settings this client was made with. */
    public ApprovalProperties settings() {
        return settings;
    }

    /** Creates a pending request ({@code POST /v1/approvals}). */
    public ApprovalStatus create(NewApprovalRequest request) throws ApprovalCallException {
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (JacksonException e) {
            throw ApprovalCallException.unreachable("the approval request could not be encoded", e);
        }
        return send(post(URI.create(base), body));
    }

    /**
     * Long-polls a request ({@code GET /v1/approvals/{id}/wait}): completes when it is decided or {@code wait}
     * passed, exceptionally with an {@link ApprovalCallException}. Cancelling the future aborts the exchange.
     */
    public CompletableFuture<ApprovalStatus> await(String id, Duration wait) {
        HttpRequest request = builder(URI.create(base + "/" + id + "/wait?timeout=" + Math.max(1, wait.toSeconds()) + "s"))
                .timeout(wait.plus(settings.requestTimeout()))
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<ApprovalStatus> status = exchange.handle((response, failure) -> {
            try {
                if (failure != null) {
                    throw unreachable(failure instanceof CompletionException ? failure.getCause() : failure);
                }
                return parse(response);
            } catch (ApprovalCallException e) {
                throw new CompletionException(e);
            }
        });
        // cancelling the dependent future does not reach the exchange by itself
        status.whenComplete((value, failure) -> {
            if (failure instanceof CancellationException) {
                exchange.cancel(true);
            }
        });
        return status;
    }

    /** Withdraws a pending request ({@code POST /v1/approvals/{id}/cancel}). */
    public ApprovalStatus cancel(String id, String reason) throws ApprovalCallException {
        return send(post(URI.create(base + "/" + id + "/cancel"), json.writeValueAsBytes(Map.of("reason", reason))));
    }

    /** Uses an approved request once, for the statement it is bound to ({@code POST /v1/approvals/{id}/consume}). */
    public ApprovalStatus consume(String id, String bindingHash) throws ApprovalCallException {
        return send(post(URI.create(base + "/" + id + "/consume"),
                json.writeValueAsBytes(Map.of("bindingHash", bindingHash))));
    }

    private HttpRequest post(URI uri, byte[] body) {
        return builder(uri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private HttpRequest.Builder builder(URI uri) {
        return HttpRequest.newBuilder(uri).header("Accept", "application/json").header("Authorization", authorization);
    }

    private ApprovalStatus send(HttpRequest request) throws ApprovalCallException {
        try {
            return parse(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApprovalCallException.unreachable("interrupted while asking approval-service", e);
        }
    }

    private ApprovalCallException unreachable(Throwable failure) {
        String why = failure instanceof HttpTimeoutException
                ? "approval-service did not answer in time"
                : "approval-service is unreachable";
        return ApprovalCallException.unreachable(why, failure);
    }

    private ApprovalStatus parse(HttpResponse<byte[]> response) throws ApprovalCallException {
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (JacksonException e) {
            root = null;
        }
        int status = response.statusCode();
        if (status >= 400) {
            String message = root == null ? "" : root.path("message").asString("");
            throw ApprovalCallException.refused(status, "approval-service answered HTTP " + status
                    + (message.isBlank() ? "" : ": " + abbreviate(message)));
        }
        if (status != 200 && status != 201 || root == null || !root.isObject() || root.path("id").asString("").isEmpty()) {
            throw ApprovalCallException.unreachable("approval-service answered with something that is not a request",
                    null);
        }
        List<String> approvers = new ArrayList<>();
        for (JsonNode vote : root.path("votes")) {
            if ("approve".equals(vote.path("decision").asString(""))) {
                approvers.add(vote.path("reviewer").asString(""));
            }
        }
        try {
            String expires = root.path("expiresAt").asString("");
            return new ApprovalStatus(root.path("id").asString(), root.path("state").asString(""),
                    root.path("url").asString(""), expires.isEmpty() ? null : Instant.parse(expires),
                    root.path("decidedBy").asString(""), root.path("comment").asString(""), approvers);
        } catch (DateTimeParseException e) {
            throw ApprovalCallException.unreachable("approval-service sent an unreadable expiry", e);
        }
    }

    private static String abbreviate(String message) {
        String line = message.strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
