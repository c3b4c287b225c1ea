package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.SluiceCli;
import dev.sluice.cli.oauth.TokenClaims;
import dev.sluice.cli.store.StoredLogin;
import dev.sluice.cli.store.TokenStore;
import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sluice connect} as a user runs it: the CLI in its own process with alice's stored login, the real psql
 * connecting to its loopback listener without a password, the whole platform behind it (TLS to the proxy, token
 * verification, policy, masking).
 */
class CliConnectEndToEndTest {
    private static final Pattern PSQL_LINE = Pattern.compile("psql \"host=127\\.0\\.0\\.1 port=(\\d+) dbname=demo\"");

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;

    @TempDir
    Path home;

    @BeforeAll
    static void startPlatform() {
        Map<String, String> settings = new HashMap<>(StandaloneRuntime.randomPorts());
        // These tests are about the CLI, not decision latency: a loaded CI machine must not turn them into denials.
        settings.put("proxy-service.sluice.proxy.policy.timeout", "15s");
        runtime = StandaloneRuntime.start(settings);
        endpoints = runtime.endpoints();
    }

    @AfterAll
    static void stopPlatform() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    @Test
    void psqlWithoutATokenReadsTheDemoDatabaseAsAliceThroughTheLocalListener() throws Exception {
        Path psql = SystemBinaries.require("psql", "postgresql-client");
        String token = storeLoginOf("alice");
        Process cli = startCli("connect", "demo", "--proxy", "127.0.0.1:" + endpoints.proxyPostgresPort(),
                "--proxy-ca", endpoints.tlsCertificate().toString());
        Output output = new Output(cli);
        try {
            int port = output.awaitListenerPort();

            // Two clients at once, each through its own proxy session.
            CompletableFuture<Result> count = CompletableFuture.supplyAsync(() -> psql(psql, port, "SELECT count(*) FROM customers"));
            CompletableFuture<Result> ssn = CompletableFuture.supplyAsync(() -> psql(psql, port, "SELECT ssn FROM customers WHERE id = 1"));

            Result counted = count.get(90, TimeUnit.SECONDS);
            assertThat(counted.exitCode()).as(counted.stderr()).isZero();
            assertThat(counted.stdout().strip()).isEqualTo("120");
            Result clear = ssn.get(90, TimeUnit.SECONDS);
            assertThat(clear.exitCode()).as(clear.stderr()).isZero();
            // alice (dba) sees the clear value; the demo policy would mask it for analysts and agents.
            assertThat(clear.stdout().strip()).matches("9\\d\\d-\\d\\d-\\d\\d\\d\\d");
        } finally {
            cli.destroy(); // SIGTERM, like Ctrl-C: the shutdown hook stops the listener
        }
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("the CLI stops on SIGTERM").isTrue();
        String printed = output.all();
        assertThat(printed).contains("connected to demo as alice");
        assertThat(printed).as("the token is never printed").doesNotContain(token);
    }

    @Test
    void aClientOfAnIdentityThePolicyDeniesGetsThePolicyError() throws Exception {
        Path psql = SystemBinaries.require("psql", "postgresql-client");
        storeLoginOf("bob");
        Process cli = startCli("connect", "demo", "--proxy", "127.0.0.1:" + endpoints.proxyPostgresPort(),
                "--proxy-ca", endpoints.tlsCertificate().toString());
        Output output = new Output(cli);
        try {
            Result dropped = psql(psql, output.awaitListenerPort(), "DROP TABLE customers");

            assertThat(dropped.exitCode()).isNotZero();
            assertThat(dropped.stderr()).contains("Sluice denied this statement");
        } finally {
            cli.destroy();
        }
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void ctrlCInPsqlCancelsTheRunningStatementThroughTheListener() throws Exception {
        Path psql = SystemBinaries.require("psql", "postgresql-client");
        Path kill = SystemBinaries.require("kill", "procps");
        storeLoginOf("alice");
        Process cli = startCli("connect", "demo", "--proxy", "127.0.0.1:" + endpoints.proxyPostgresPort(),
                "--proxy-ca", endpoints.tlsCertificate().toString());
        Output output = new Output(cli);
        try {
            int port = output.awaitListenerPort();
            long started = System.nanoTime();
            CompletableFuture<Result> sleeping = CompletableFuture.supplyAsync(() -> psql(psql, port, "SELECT pg_sleep(120)"));
            awaitSleepingOnTheTarget();
            long psqlPid = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/psql")).orElse(false)).findFirst().orElseThrow().pid();

            // What Ctrl-C does: psql sends a CancelRequest on a new connection to the listener, which forwards it.
            new ProcessBuilder(kill.toString(), "-INT", Long.toString(psqlPid)).start().waitFor(10, TimeUnit.SECONDS);

            Result cancelled = sleeping.get(60, TimeUnit.SECONDS);
            assertThat(cancelled.stderr()).contains("canceling statement due to user request");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(100));
        } finally {
            cli.destroy();
        }
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitSleepingOnTheTarget() throws Exception {
        var properties = new java.util.Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "sluice-demo");
        try (var direct = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.demoDbPort() + "/demo", properties);
                var statement = direct.createStatement()) {
            org.awaitility.Awaitility.await("pg_sleep running on the target").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        try (var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                                + " AND query LIKE '%pg_sleep(120)%' AND state = 'active'")) {
                            return rows.next() && rows.getInt(1) > 0;
                        }
                    });
        }
    }

    /** Stores a login for {@code subject} the way `sluice login` does, with a dev token; returns the token. */
    private String storeLoginOf(String subject) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String token = JsonMapper.builder().build().readTree(response.body()).get("access_token").asString();
        Instant expiresAt = TokenClaims.decode(token).expiresAt();
        new TokenStore(home.resolve("sluice")).save(new StoredLogin(endpoints.identityUrl(), "sluice-cli",
                endpoints.identityUrl() + "/oauth2/token", token, null, expiresAt));
        return token;
    }

    private Process startCli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SluiceCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_CONFIG_HOME", home.toString());
        return builder.start();
    }

    private static Result psql(Path binary, int port, String sql) {
        try {
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                    "host=127.0.0.1 port=" + port + " dbname=demo", "-c", sql);
            builder.environment().remove("PGPASSWORD");
            builder.environment().put("PGCONNECT_TIMEOUT", "10");
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("psql did not finish within 60 s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    /** Collects the CLI's stdout and stderr line by line while it runs. */
    private static final class Output {
        private final LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        private final StringBuffer all = new StringBuffer();
        private final Thread outReader;
        private final Thread errReader;
        private final Process process;

        Output(Process process) {
            this.process = process;
            outReader = Thread.ofVirtual().start(() -> pump(process.getInputStream(), true));
            errReader = Thread.ofVirtual().start(() -> pump(process.getErrorStream(), false));
        }

        int awaitListenerPort() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive() && stdout.isEmpty()) {
                    throw new AssertionError("sluice connect exited with " + process.exitValue() + ": " + all());
                }
                String line = stdout.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    Matcher matcher = PSQL_LINE.matcher(line);
                    if (matcher.find()) {
                        return Integer.parseInt(matcher.group(1));
                    }
                }
            }
            throw new AssertionError("sluice connect printed no psql line within 60 s: " + all);
        }

        String all() throws InterruptedException {
            outReader.join(Duration.ofSeconds(10));
            errReader.join(Duration.ofSeconds(10));
            return all.toString();
        }

        private void pump(InputStream in, boolean isStdout) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    all.append(line).append('\n');
                    if (isStdout) {
                        stdout.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
    }
}
