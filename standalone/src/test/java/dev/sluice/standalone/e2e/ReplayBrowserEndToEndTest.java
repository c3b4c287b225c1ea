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
import java.util.List;
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
 * The replay UI as an auditor meets it: bob runs statements with the real psql, then carol signs in to
 * recording-service in headless Chromium through identity-adapter's login form (OpenID Connect, client
 * {@code sluice-recording-ui}), opens that session and sees its statements in order with an intact chain.
 */
class ReplayBrowserEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;

    @BeforeAll
    static void startPlatform() {
        runtime = StandaloneRuntime.start(StandaloneRuntime.randomPorts());
        endpoints = runtime.endpoints();
    }

    @AfterAll
    static void stopPlatform() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    @Test
    void carolSignsInAndSeesBobsPsqlSessionInOrder() throws Exception {
        Path psqlBinary = SystemBinaries.require("psql", "postgresql-client");
        Path chromium = SystemBinaries.require("chromium", "chromium");
        Path chromedriver = SystemBinaries.require("chromedriver", "chromium-driver");
        String marker = "browser-" + UUID.randomUUID();
        List<String> statements = List.of("SELECT '" + marker + "' AS marker", "SELECT count(*) FROM customers",
                "DROP TABLE customers", "SELECT count(*) FROM orders");
        new Psql(psqlBinary, endpoints.proxyPostgresPort()).run("bob", token("bob"), statements.toArray(String[]::new));
        String sessionId = awaitSessionId(marker);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + Files.createTempDirectory("chromium-profile-"));
        WebDriver browser = new ChromeDriver(service, options);
        try {
            String page = endpoints.recordingUrl() + "/ui/sessions/" + sessionId;
            browser.get(page);
            awaitPage(browser, "the login form", () -> !browser.findElements(By.name("username")).isEmpty());
            browser.findElement(By.name("username")).sendKeys("carol");
            browser.findElement(By.name("password")).sendKeys("demo");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            // the request cache may add "?continue" on the way back
            awaitPage(browser, "the session page", () -> browser.getCurrentUrl().startsWith(page));

            awaitPage(browser, "the integrity badge", () -> browser.getPageSource().contains("chain intact"));
            List<String> shown = browser.findElements(By.cssSelector("tr.command pre.statement")).stream()
                    .map(WebElement::getText).toList();
            assertThat(shown).containsExactlyElementsOf(statements);
            assertThat(browser.getPageSource()).contains("DENY").contains("bob (HUMAN)");
        } finally {
            browser.quit();
            service.stop();
        }
    }

    private static void awaitPage(WebDriver browser, String what, Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " at " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(),
                    e);
        }
    }

    private static String awaitSessionId(String marker) throws Exception {
        String auditor = token("carol");
        return Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (JsonNode summary : get("/api/sessions?limit=20", auditor)) {
                String id = summary.get("id").asString();
                JsonNode session = get("/api/sessions/" + id, auditor);
                boolean ended = session.get("endedAt") != null && !session.get("endedAt").isNull();
                if (ended && session.get("events").toString().contains(marker)) {
                    return id;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private static String token(String subject) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static JsonNode get(String path, String token) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.recordingUrl() + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
