package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole approval story as a person sees it in standalone: alice's {@code DROP TABLE} in the real psql is held
 * by the proxy, which prints the approval link; carol opens that link in headless Chromium, signs in at
 * identity-adapter's login form (OpenID Connect with PKCE, client {@code sluice-approval-ui}, groups from the ID
 * token), sees the exact statement and approves; the waiting psql then finishes and the table is gone. Screenshots
 * of each step are kept under {@code target/screenshots/}.
 */
class ApprovalBrowserEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern APPROVAL_URL = Pattern.compile("(http://[^\\s]+/approvals/([0-9a-f-]{36}))");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;

    @BeforeAll
    static void startPlatform() {
        Map<String, String> overrides = new HashMap<>(StandaloneRuntime.randomPorts());
        runtime = StandaloneRuntime.start(overrides);
        endpoints = runtime.endpoints();
        // A cold policy-service on a busy machine can miss the proxy's decision timeout (a fail-closed denial):
        // start once a statement goes through.
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> psql().run("alice", token("alice"), "SELECT 'warm'").stdout().contains("warm"));
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
        String table = "browser_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
        createTable(table);
        String statement = "DROP TABLE " + table;
        Files.createDirectories(SCREENSHOTS);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + Files.createTempDirectory("chromium-profile-"));
        WebDriver browser = new ChromeDriver(service, options);
        try (Psql.Running psql = psql().start("alice", token("alice"), statement, "SELECT 'after'")) {
            Matcher held = awaitHeld(psql);
            String page = held.group(1);
            String id = held.group(2);
            assertThat(page).isEqualTo(endpoints.approvalUrl() + "/approvals/" + id);
            assertThat(psql.alive()).as("the statement waits for a reviewer").isTrue();

            browser.get(page);
            awaitPage(browser, "the login form", () -> !browser.findElements(By.name("username")).isEmpty());
            browser.findElement(By.name("username")).sendKeys("carol");
            browser.findElement(By.name("password")).sendKeys("demo");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            awaitPage(browser, "the request page", () -> browser.getCurrentUrl().startsWith(page)
                    && !browser.findElements(By.cssSelector("pre.statement")).isEmpty());
            assertThat(browser.findElement(By.cssSelector("pre.statement")).getText()).isEqualTo(statement);
            assertThat(browser.findElement(By.cssSelector(".requester")).getText()).isEqualTo("alice");
            screenshot(browser, "approval-e2e-1-pending.png");
            assertThat(tableExists(table)).isTrue();

            browser.findElement(By.cssSelector("button.approve")).click();
            awaitPage(browser, "the decided card", () -> browser.findElements(By.cssSelector(".state")).stream()
                    .map(WebElement::getText).anyMatch(state -> state.equals("APPROVED") || state.equals("USED")));
            screenshot(browser, "approval-e2e-2-approved.png");

            Psql.Result result = psql.await(DEADLINE);
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stderr()).doesNotContain("ERROR");
            assertThat(result.stdout().strip()).isEqualTo("after");
            assertThat(tableExists(table)).as("the approved DROP TABLE ran").isFalse();

            JsonNode decided = api("GET", "/v1/approvals/" + id, "Bearer " + token("carol"), null);
            assertThat(decided.get("state").asString()).as("approved, then used by the proxy").isEqualTo("USED");
            assertThat(decided.get("decidedBy").asString()).isEqualTo("carol");
        } finally {
            browser.quit();
            service.stop();
        }
    }

    private static Matcher awaitHeld(Psql.Running psql) {
        try {
            return Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> {
                Matcher matcher = APPROVAL_URL.matcher(psql.stderr());
                return matcher.find() ? matcher : null;
            }, matcher -> matcher != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no NOTICE naming the approval URL; psql printed: " + psql.stderr(), e);
        }
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
    }

    private static Psql psql() {
        return new Psql(SystemBinaries.require("psql", "postgresql-client"), endpoints.proxyPostgresPort());
    }

    private static Connection direct() throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "sluice-demo");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.demoDbPort() + "/demo", properties);
    }

    private static void createTable(String name) throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (n int)");
        }
    }

    private static boolean tableExists(String name) throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public." + name + "') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
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
