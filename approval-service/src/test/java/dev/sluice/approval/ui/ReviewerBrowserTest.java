package dev.sluice.approval.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.approval.ApprovalServiceTestSupport;
import dev.sluice.approval.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The reviewer UI in headless Chromium (Debian {@code chromium} and {@code chromium-driver}): carol opens the link
 * the gateway's notice names, signs in at the issuer's login form, sees the held statement, watches a new request
 * arrive in the queue without reloading (server-sent events), and approves with one click; the API then reports
 * APPROVED and the card updates in place. Screenshots go to {@code target/screenshots/}.
 */
class ReviewerBrowserTest extends ApprovalServiceTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void carolSignsInSeesTheHeldStatementAndApprovesIt() {
        Path chromium = SystemBinaries.require("chromium", "chromium");
        Path chromedriver = SystemBinaries.require("chromedriver", "chromium-driver");
        String table = "orders_" + UUID.randomUUID().toString().substring(0, 8);
        String statement = "DROP TABLE " + table + "; -- cleanup <b>now</b>";
        String id = createPending("alice", statement).get("id").asString();

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + tempProfile());
        WebDriver browser = new ChromeDriver(service, options);
        try {
            // the URL psql printed in the gateway's notice
            browser.get(baseUrl() + "/approvals/" + id);
            WebElement username = await().atMost(DEADLINE).until(() -> first(browser, By.id("username")),
                    Objects::nonNull);
            assertThat(browser.getCurrentUrl()).startsWith(ISSUER.issuer() + "/authorize");
            username.sendKeys("carol");
            browser.findElement(By.id("password")).sendKeys(TestIssuer.PASSWORD);
            browser.findElement(By.id("sign-in")).click();
            awaitPage(browser, "the request page after sign-in",
                    () -> browser.getCurrentUrl().startsWith(baseUrl() + "/approvals/" + id)
                            && first(browser, By.cssSelector("pre.statement")) != null);
            assertThat(browser.findElement(By.cssSelector("pre.statement")).getText()).isEqualTo(statement);
            assertThat(browser.findElements(By.cssSelector("pre.statement b"))).as("markup stays text").isEmpty();
            screenshot(browser, "1-request-page");

            browser.get(baseUrl() + "/approvals");
            By card = By.id("approval-" + id);
            awaitPage(browser, "the queue with the held statement", () -> first(browser, card) != null);
            awaitPage(browser, "the live-update stream",
                    () -> "connected".equals(browser.findElement(By.tagName("body")).getAttribute("data-live")));
            ((JavascriptExecutor) browser).executeScript("window.sluiceNotReloaded = true;");

            String second = createPending("ci-bot", "service", "warehouse", "TRUNCATE staging_" + table)
                    .get("id").asString();
            awaitPage(browser, "the new request appearing without a reload",
                    () -> first(browser, By.id("approval-" + second)) != null);
            assertThat(browser.findElement(By.id("approval-" + second)).getText()).contains("agent / service");
            screenshot(browser, "2-queue-live-update");

            WebElement pending = browser.findElement(card);
            pending.findElement(By.name("comment")).sendKeys("fine, it is a scratch table");
            pending.findElement(By.cssSelector("button.approve")).click();
            awaitPage(browser, "the card showing the approval", () -> {
                WebElement updated = first(browser, card);
                return updated != null && updated.findElement(By.cssSelector(".state")).getText().equals("APPROVED");
            });
            assertThat(browser.findElement(card).getText()).contains("Approved: the statement may run now.")
                    .contains("carol approved: fine, it is a scratch table");
            assertThat(((JavascriptExecutor) browser).executeScript("return window.sluiceNotReloaded === true;"))
                    .isEqualTo(true);
            screenshot(browser, "3-approved");

            var view = json(call("GET", "/v1/approvals/" + id, proxy(), null));
            assertThat(view.get("state").asString()).isEqualTo("APPROVED");
            assertThat(view.get("decidedBy").asString()).isEqualTo("carol");
            assertThat(view.get("comment").asString()).isEqualTo("fine, it is a scratch table");
        } finally {
            browser.quit();
            service.stop();
        }
    }

    private static void screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve("reviewer-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code condition}; on timeout the failure shows where the browser is and what it shows. */
    private static void awaitPage(WebDriver browser, String what, Callable<Boolean> condition) {
        try {
            await().atMost(DEADLINE).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            screenshot(browser, "failed");
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
            return Files.createTempDirectory("chromium-profile-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
