package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reviewer UI as carol meets it in standalone: a statement of alice's is held (created here through the
 * gateway's API call), carol opens the request's link in headless Chromium, signs in at identity-adapter's login
 * form (OpenID Connect with PKCE, client {@code sluice-approval-ui}, groups from the ID token) and approves; the
 * API then reports the request APPROVED by carol.
 */
class ApprovalBrowserEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String PROXY_KEY = "e2e-proxy-key-" + UUID.randomUUID();

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;

    @BeforeAll
    static void startPlatform() {
        Map<String, String> overrides = new HashMap<>(StandaloneRuntime.randomPorts());
        overrides.put("approval-service.sluice.approval.proxy-key", PROXY_KEY);
        runtime = StandaloneRuntime.start(overrides);
        endpoints = runtime.endpoints();
    }

    @AfterAll
    static void stopPlatform() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    @Test
    void carolSignsInAtTheIssuerAndApprovesAlicesStatement() throws Exception {
        Path chromium = SystemBinaries.require("chromium", "chromium");
        Path chromedriver = SystemBinaries.require("chromedriver", "chromium-driver");
        String statement = "DROP TABLE orders_" + UUID.randomUUID().toString().substring(0, 8);
        String id = hold("alice", statement);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + Files.createTempDirectory("chromium-profile-"));
        WebDriver browser = new ChromeDriver(service, options);
        try {
            String page = endpoints.approvalUrl() + "/approvals/" + id;
            browser.get(page);
            awaitPage(browser, "the login form", () -> !browser.findElements(By.name("username")).isEmpty());
            browser.findElement(By.name("username")).sendKeys("carol");
            browser.findElement(By.name("password")).sendKeys("demo");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            awaitPage(browser, "the request page", () -> browser.getCurrentUrl().startsWith(page)
                    && !browser.findElements(By.cssSelector("pre.statement")).isEmpty());
            assertThat(browser.findElement(By.cssSelector("pre.statement")).getText()).isEqualTo(statement);
            assertThat(browser.findElement(By.cssSelector(".requester")).getText()).isEqualTo("alice");

            browser.findElement(By.cssSelector("button.approve")).click();
            awaitPage(browser, "the approved card", () -> browser.findElements(By.cssSelector(".state")).stream()
                    .map(WebElement::getText).anyMatch("APPROVED"::equals));

            JsonNode decided = api("GET", "/v1/approvals/" + id, "Bearer " + token("carol"), null);
            assertThat(decided.get("state").asString()).isEqualTo("APPROVED");
            assertThat(decided.get("decidedBy").asString()).isEqualTo("carol");
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /** What the gateway does when policy requires an approval. */
    private static String hold(String requester, String statement) throws Exception {
        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Map<String, Object> body = Map.of(
                "requester", Map.of("subject", requester, "kind", "human", "groups", List.of("dba")),
                "connection", "demo", "sessionId", "e2e-" + UUID.randomUUID(), "statement", statement,
                "statementKind", "Query", "bindingHash", hash, "reason", "DDL on demo needs an approval",
                "ruleId", "dba-ddl-needs-approval", "policyVersion", "e2e",
                "approval", Map.of("reviewers", List.of("approvers"), "minApprovals", 1, "timeoutSeconds", 600));
        JsonNode created = api("POST", "/v1/approvals", "SluiceProxy " + PROXY_KEY, JSON.writeValueAsString(body));
        assertThat(created.get("url").asString()).isEqualTo(endpoints.approvalUrl() + "/approvals/"
                + created.get("id").asString());
        return created.get("id").asString();
    }

    private static void awaitPage(WebDriver browser, String what, Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " at " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(),
                    e);
        }
    }

    private static String token(String subject) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static JsonNode api(String method, String path, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoints.approvalUrl() + path))
                .header("Authorization", authorization)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
