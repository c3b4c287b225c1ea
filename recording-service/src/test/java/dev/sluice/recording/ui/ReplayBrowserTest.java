package dev.sluice.recording.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replay UI in headless Chromium (Debian {@code chromium} and {@code chromium-driver}): carol signs in through
 * the OpenID Connect login form, filters the list (htmx), opens a session and sees its statements in order and its
 * integrity badge.
 */
class ReplayBrowserTest extends RecordingServiceTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void carolSignsInAndReplaysASessionInOrder() {
        Path chromium = SystemBinaries.require("chromium", "chromium");
        Path chromedriver = SystemBinaries.require("chromedriver", "chromium-driver");
        SessionScript session = new SessionScript("browser-" + UUID.randomUUID(), Instant.parse("2098-06-01T10:00:00Z"));
        List<String> statements = List.of("SELECT * FROM customers", "DELETE FROM orders WHERE id = 7",
                "SELECT count(*) FROM orders");
        publish(session.sessionId(), session.started());
        statements.forEach(sql -> publish(session.sessionId(), session.command(sql)));
        publish(session.sessionId(), session.ended("client-terminate"));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM recording.session_events WHERE session_id = ?", Long.class,
                session.sessionId()) == 5);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + tempProfile());
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(baseUrl() + "/ui/sessions");
            WebElement username = await().atMost(DEADLINE).until(() -> first(browser, By.id("username")),
                    java.util.Objects::nonNull);
            username.sendKeys("carol");
            browser.findElement(By.id("password")).sendKeys("demo");
            browser.findElement(By.id("sign-in")).click();
            awaitPage(browser, "the UI after sign-in",
                    () -> browser.getCurrentUrl().startsWith(baseUrl() + "/ui/sessions"));

            // typing a filter makes htmx swap in matching rows
            browser.findElement(By.name("identity")).sendKeys("alice");
            By link = By.cssSelector("a[href$='/ui/sessions/" + session.sessionId() + "']");
            awaitPage(browser, "the session's row", () -> first(browser, link) != null);
            // htmx may swap the rows again while the filter settles: click whichever row is current by then
            awaitPage(browser, "a click on the session's row", () -> {
                try {
                    browser.findElement(link).click();
                    return true;
                } catch (org.openqa.selenium.StaleElementReferenceException
                        | org.openqa.selenium.NoSuchElementException e) {
                    return false;
                }
            });

            awaitPage(browser, "the integrity badge", () -> browser.getPageSource().contains("chain intact"));
            List<String> shown = browser.findElements(By.cssSelector("tr.command pre.statement")).stream()
                    .map(WebElement::getText).toList();
            assertThat(shown).containsExactlyElementsOf(statements);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /** Waits for {@code condition}; on timeout the failure shows where the browser is and what it shows. */
    private static void awaitPage(WebDriver browser, String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(DEADLINE).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " at " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(),
                    e);
        }
    }

    private static WebElement first(WebDriver browser, By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static String tempProfile() {
        try {
            return java.nio.file.Files.createTempDirectory("chromium-profile-").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
