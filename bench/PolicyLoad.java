// Fixed-rate HTTP load on POST /v1/decisions of a running policy-service (driven by bench/policy-load.sh).
// Single-file program: run with
// `java bench/PolicyLoad.java <url> <rate/s> <seconds> <warmup seconds> <max in flight> [<service pid> <clock ticks/s>]`;
// with a pid (Linux), the service's CPU time over the measured run is reported per decision.
//
// Open loop: request i is due at start + i/rate whatever happened before, and its latency is measured from
// that due time, so a stall shows up in the percentiles instead of silently lowering the rate
// (no coordinated omission). Each request runs on a virtual thread; the JDK HttpClient keeps HTTP/1.1
// connections alive and pools them. At most <max in flight> requests (and so connections) are open at once:
// when the service falls behind, later requests wait for a slot (their wait counts as latency) instead of
// opening thousands of connections. Loopback only.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

public final class PolicyLoad {

    private static final String[][] IDENTITIES = {
        {"alice", "[\"dba\"]", "human"}, {"bob", "[\"analysts\"]", "human"},
        {"carol", "[\"auditors\",\"approvers\"]", "human"}, {"ci-bot", "[\"agents\"]", "service"}};

    private static final String[] STATEMENTS = {
        "SELECT * FROM customers WHERE id = 42",
        "SELECT c.name, sum(o.total) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY 2 DESC LIMIT 10",
        "INSERT INTO orders (customer_id, total) VALUES (7, 19.99) RETURNING id",
        "UPDATE orders SET total = total * 1.1 WHERE id = 7",
        "DELETE FROM orders",
        "BEGIN",
        "COMMIT",
        "SET application_name = 'psql'",
        "SHOW search_path",
        "CREATE INDEX orders_customer ON orders (customer_id)",
        "DROP TABLE customers",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT 1; DROP TABLE customers",
        "WITH recent AS (SELECT * FROM orders WHERE total > 10) SELECT count(*) FROM recent"};

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 7) {
            System.err.println("usage: java PolicyLoad.java <policy-service url> <rate per second> <seconds> <warmup seconds> <max in flight>"
                    + " [<service pid> <clock ticks per second>]");
            System.exit(2);
        }
        URI uri = URI.create(args[0].replaceAll("/+$", "") + "/v1/decisions");
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(uri.getHost())) {
            System.err.println("refusing to load " + uri.getHost() + ": this benchmark runs on loopback only");
            System.exit(2);
        }
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int maxInFlight = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<HttpRequest> requests = new ArrayList<>();
        for (String[] who : IDENTITIES) {
            for (String sql : STATEMENTS) {
                String body = "{\"sessionId\":\"bench\",\"identity\":{\"subject\":\"" + who[0] + "\",\"groups\":" + who[1]
                        + ",\"kind\":\"" + who[2] + "\"},\"connection\":{\"name\":\"demo\",\"protocol\":\"postgres\",\"tags\":{\"env\":\"demo\"}},"
                        + "\"command\":{\"type\":\"query\",\"text\":\"" + sql.replace("\"", "\\\"") + "\",\"attributes\":{\"message\":\"Query\"}},"
                        + "\"clientAddress\":\"127.0.0.1\"}";
                requests.add(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
            }
        }
        if (warmup > 0) {
            System.out.printf(Locale.ROOT, "warm-up: %d s at %d/s%n", warmup, rate);
            run(http, requests, rate, warmup, maxInFlight);
        }
        System.out.printf(Locale.ROOT, "measuring: %d s at %d/s against %s%n", seconds, rate, uri);
        String pid = args.length == 7 ? args[5] : null;
        long cpuBefore = pid == null ? 0 : cpuTicks(pid);
        Result result = run(http, requests, rate, seconds, maxInFlight);
        long cpuTicks = pid == null ? 0 : cpuTicks(pid) - cpuBefore;
        long[] sorted = Arrays.copyOf(result.latencies, result.count);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "requests %d, errors %d, achieved %.0f/s (target %d/s), at most %d in flight%n", result.count,
                result.errors, result.count / result.elapsedSeconds, rate, maxInFlight);
        if (result.firstError != null) {
            System.out.println("first error: " + result.firstError);
        }
        System.out.printf(Locale.ROOT, "latency from due time, ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        if (pid != null) {
            double micros = cpuTicks * 1e6 / Long.parseLong(args[6]) / result.count;
            System.out.printf(Locale.ROOT, "service CPU (user+system, all threads) over the measured run: %.0f us per decision%n", micros);
        }
        System.exit(result.errors == 0 ? 0 : 1);
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
    private static long cpuTicks(String pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private record Result(long[] latencies, int count, long errors, String firstError, double elapsedSeconds) {}

    private static Result run(HttpClient http, List<HttpRequest> requests, int rate, int seconds, int maxInFlight)
            throws InterruptedException {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Semaphore slots = new Semaphore(maxInFlight);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                HttpRequest request = requests.get(i % requests.size());
                slots.acquire();
                threads.execute(() -> {
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("\"effect\"")) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "HTTP " + response.statusCode());
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } finally {
                        latencies[index] = System.nanoTime() - due;
                        slots.release();
                    }
                });
            }
            threads.shutdown();
            threads.awaitTermination(60, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(latencies, total, errors.get(), firstError.get(), elapsed);
    }

    private static double pct(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
